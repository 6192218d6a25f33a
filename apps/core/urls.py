from django.urls import path

from . import views

app_name = "core"
urlpatterns = [path("jobs/<id:pk>/", views.job_view, name="job")]
