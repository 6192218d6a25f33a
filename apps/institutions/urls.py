from django.urls import path

from . import views

app_name = "institutions"

urlpatterns = [
    path("", views.institution_list_view, name="list"),
    # Before the detail: "import" would otherwise read as an institution code.
    path("import/", views.institution_import_view, name="import"),
    path("import/template.xlsx", views.institution_import_template_view, name="import_template"),
    path("<code:code>/", views.institution_detail_view, name="detail"),
]
