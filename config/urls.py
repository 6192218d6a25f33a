from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

admin.site.site_header = "Administrasi Panti"
admin.site.site_title = "Administrasi Panti"

urlpatterns = [
    path("", include("apps.reports.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("", include("apps.core.urls")),
    path("regions/", include("apps.regions.urls")),
    path("institutions/", include("apps.institutions.urls")),
    path("residents/", include("apps.residents.urls")),
    path("rehabilitation/", include("apps.rehabilitation.urls")),
    path("tracks/", include("apps.tracks.urls")),
    path("", include("apps.surveys.urls")),
    # The language switch is also on the login page.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
