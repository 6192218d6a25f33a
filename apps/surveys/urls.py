from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    # Public: the questionnaire, its thanks page and the short link on the poster.
    path("survey/<str:code>/", views.survey_respond_view, name="respond"),
    path("survey/<str:code>/thanks/", views.survey_thanks_view, name="thanks"),
    path("s/<str:code>/", views.survey_short_link_view, name="short"),
    # Staff.
    path("survey/<str:code>/poster/", views.survey_poster_view, name="poster"),
    path("survey/<str:code>/assisted/", views.survey_assisted_view, name="assisted"),
    path("ikm/", views.ikm_overview_view, name="overview"),
    path("ikm/region/<str:code>/", views.ikm_region_view, name="region"),
    path("ikm/region/<str:code>/export.xlsx", views.ikm_region_export_view, name="region_export"),
    path("ikm/plan/<int:pk>/review/", views.plan_review_view, name="plan_review"),
    path("ikm/<str:code>/", views.ikm_institution_view, name="institution"),
    path("ikm/<str:code>/export.xlsx", views.ikm_institution_export_view, name="institution_export"),
    path("ikm/<str:code>/plan/<str:period>/<str:element>/", views.plan_edit_view, name="plan_edit"),
]
