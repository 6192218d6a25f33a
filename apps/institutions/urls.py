from django.urls import path

from . import views

app_name = "institutions"

urlpatterns = [
    path("", views.institution_list_view, name="list"),
    path("<code:code>/", views.institution_detail_view, name="detail"),
]
