from django.urls import path, re_path

from . import views

app_name = "residents"

# Numeric ids only: no name or NIK ever appears in a URL.
urlpatterns = [
    path("", views.resident_list_view, name="list"),
    re_path(r"^export\.(?P<fmt>xlsx|csv)$", views.resident_export_view, name="export"),
    path("register/", views.RegisterView.as_view(), name="register"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("<int:pk>/", views.resident_detail_view, name="detail"),
    path("<int:pk>/edit/", views.ResidentEditView.as_view(), name="edit"),
    path("<int:pk>/history/", views.resident_history_view, name="history"),
    path("<int:pk>/admit/", views.AdmitView.as_view(), name="admit"),
    path("<int:pk>/transfer/", views.TransferView.as_view(), name="transfer"),
    path("<int:pk>/discharge/", views.DischargeView.as_view(), name="discharge"),
    path("<int:pk>/stage/", views.StageView.as_view(), name="stage"),
    path("<int:pk>/events/new/", views.EventView.as_view(), name="event_add"),
    path("<int:pk>/events/<int:event_id>/close/", views.EventCloseView.as_view(), name="event_close"),
    path("<int:pk>/family/new/", views.FamilyMemberView.as_view(), name="family_add"),
    path("<int:pk>/documents/new/", views.DocumentUploadView.as_view(), name="document_add"),
    path("<int:pk>/documents/<int:document_id>/", views.document_download_view, name="document"),
    path("<int:pk>/consents/new/", views.ConsentView.as_view(), name="consent_add"),
]
