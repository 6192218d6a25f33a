from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    # The provinces, then the regions below one: /regions/35.09/children/?q=jomb
    path("children/", views.region_children_view, name="children"),
    path("<region:parent>/children/", views.region_children_view, name="children"),
]
