from django.urls import path

from . import views

# No namespace for the home page: "home" is the LOGIN_REDIRECT_URL and the navbar's link.
urlpatterns = [
    path("", views.home_view, name="home"),
    path("reports/occupancy/", views.occupancy_view, name="reports_occupancy"),
    path("reports/flows/", views.flows_view, name="reports_flows"),
]
