from django.urls import path, re_path

from . import monthly_views, open_data, views

# No namespace for the home page: "home" is the LOGIN_REDIRECT_URL and the navbar's link.
urlpatterns = [
    path("", views.home_view, name="home"),
    path("reports/occupancy/", views.occupancy_view, name="reports_occupancy"),
    path(
        "reports/occupancy/breakdowns/", views.occupancy_breakdowns_view, name="reports_occupancy_breakdowns"
    ),
    path("reports/flows/", views.flows_view, name="reports_flows"),
    path("reports/quality/", views.quality_view, name="reports_quality"),
    path("reports/monthly/<key:month>/", monthly_views.region_monthly_view, name="reports_monthly_region"),
    path(
        "reports/monthly/<code:code>/<key:month>/", monthly_views.monthly_report_view, name="reports_monthly"
    ),
    path(
        "reports/monthly/<code:code>/<key:month>/export.xlsx",
        monthly_views.monthly_report_export_view,
        name="reports_monthly_export",
    ),
    # Public: monthly figures per institution, no personal data.
    re_path(
        r"^open-data/census/(?P<month>[0-9]{4}-[0-9]{2})\.(?P<fmt>csv|json)$",
        open_data.open_data_view,
        name="open_data_census",
    ),
]
