from django.urls import path

from .views import business, programme, residents, training

app_name = "tracks"

urlpatterns = [
    path("", programme.overview_view, name="overview"),
    path("institution/<code:code>/", programme.institution_view, name="institution"),
    path("institution/<code:code>/export.xlsx", programme.institution_export_view, name="institution_export"),
    path("institution/<code:code>/courses/new/", training.course_create_view, name="course_create"),
    path("institution/<code:code>/kube/new/", business.kube_create_view, name="kube_create"),
    path("region/<region:code>/", programme.region_view, name="region"),
    path("region/<region:code>/export.xlsx", programme.region_export_view, name="region_export"),
    path("import/<key:which>/", programme.import_view, name="import"),
    path("import/<key:which>/template.xlsx", programme.import_template_view, name="import_template"),
    path("courses/<id:pk>/", training.course_view, name="course"),
    path("enrollments/<id:pk>/complete/", training.enrollment_complete_view, name="enrollment_complete"),
    path("enrollments/<id:pk>/certificate/", training.certificate_view, name="certificate"),
    path("enrollments/<id:pk>/kit/", training.kit_view, name="kit"),
    path("residents/<id:pk>/", residents.resident_track_view, name="resident"),
    path("residents/<id:pk>/grant/", business.grant_view, name="grant"),
    path("residents/<id:pk>/readiness/", residents.readiness_view, name="readiness"),
    path("readiness/<id:pk>/approve/", residents.readiness_approve_view, name="readiness_approve"),
    path("businesses/<id:pk>/visit/", business.visit_view, name="visit"),
    path("kube/<id:pk>/", business.kube_view, name="kube"),
]
