from django.urls import path, re_path

from .views import detail, documents, events, history, imports, listing, placements, registration

app_name = "residents"

# Numeric ids only: no name or NIK ever appears in a URL.
urlpatterns = [
    path("", listing.resident_list_view, name="list"),
    re_path(r"^export\.(?P<fmt>xlsx|csv)$", listing.resident_export_view, name="export"),
    path("export/<int:pk>/", listing.export_download_view, name="export_download"),
    path("register/", registration.RegisterView.as_view(), name="register"),
    path("import/", imports.ImportView.as_view(), name="import"),
    path("import/template.xlsx", imports.ImportTemplateView.as_view(), name="import_template"),
    path("import/jobs/<int:pk>/", imports.import_job_view, name="import_job"),
    path("import/jobs/<int:pk>/confirm/", imports.ImportConfirmView.as_view(), name="import_confirm"),
    path("<int:pk>/", detail.resident_detail_view, name="detail"),
    path("<int:pk>/edit/", registration.ResidentEditView.as_view(), name="edit"),
    path("<int:pk>/history/", history.resident_history_view, name="history"),
    path("<int:pk>/admit/", placements.AdmitView.as_view(), name="admit"),
    path("<int:pk>/transfer/", placements.TransferView.as_view(), name="transfer"),
    path("<int:pk>/discharge/", placements.DischargeView.as_view(), name="discharge"),
    path("<int:pk>/stage/", placements.StageView.as_view(), name="stage"),
    path("<int:pk>/events/new/", events.EventView.as_view(), name="event_add"),
    path("<int:pk>/events/<int:event_id>/close/", events.EventCloseView.as_view(), name="event_close"),
    path("<int:pk>/family/new/", documents.FamilyMemberView.as_view(), name="family_add"),
    path("<int:pk>/documents/new/", documents.DocumentUploadView.as_view(), name="document_add"),
    path("<int:pk>/documents/<int:document_id>/", detail.document_download_view, name="document"),
    path("<int:pk>/consents/new/", documents.ConsentView.as_view(), name="consent_add"),
]
