from django.urls import path, re_path

from . import open_data, views

# No namespace for the home page: "home" is the LOGIN_REDIRECT_URL and the navbar's link.
urlpatterns = [
    path("", views.home_view, name="home"),
    path("reports/occupancy/", views.occupancy_view, name="reports_occupancy"),
    path("reports/flows/", views.flows_view, name="reports_flows"),
    # Public: monthly figures per institution, no personal data.
    re_path(
        r"^open-data/census/(?P<month>[0-9]{4}-[0-9]{2})\.(?P<fmt>csv|json)$",
        open_data.open_data_view,
        name="open_data_census",
    ),
]
