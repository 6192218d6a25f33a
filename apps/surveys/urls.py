from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    # Public: the questionnaire, its thanks page and the short link on the poster.
    path("survey/<code:code>/", views.survey_respond_view, name="respond"),
    path("survey/<code:code>/thanks/", views.survey_thanks_view, name="thanks"),
    path("s/<code:code>/", views.survey_short_link_view, name="short"),
    # Staff.
    path("survey/<code:code>/poster/", views.survey_poster_view, name="poster"),
    path("survey/<code:code>/assisted/", views.survey_assisted_view, name="assisted"),
    path("ikm/", views.ikm_overview_view, name="overview"),
    path("ikm/region/<region:code>/", views.ikm_region_view, name="region"),
    path("ikm/region/<region:code>/export.xlsx", views.ikm_region_export_view, name="region_export"),
    path("ikm/plan/<id:pk>/review/", views.plan_review_view, name="plan_review"),
    path("ikm/<code:code>/", views.ikm_institution_view, name="institution"),
    path("ikm/<code:code>/import/", views.responses_import_view, name="import"),
    path(
        "ikm/<code:code>/import/template.xlsx", views.responses_import_template_view, name="import_template"
    ),
    path("ikm/<code:code>/export.xlsx", views.ikm_institution_export_view, name="institution_export"),
    path("ikm/<code:code>/plan/<key:period>/<key:element>/", views.plan_edit_view, name="plan_edit"),
]
