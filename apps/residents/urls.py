from django.urls import path, re_path

from .views import detail, documents, events, history, imports, listing, placements, referrals, registration

app_name = "residents"

# Numeric ids only: no name or NIK ever appears in a URL.
urlpatterns = [
    path("", listing.resident_list_view, name="list"),
    path("count/", listing.resident_count_view, name="count"),
    re_path(r"^export\.(?P<fmt>xlsx|csv)$", listing.resident_export_view, name="export"),
    path("export/<id:pk>/", listing.export_download_view, name="export_download"),
    path("register/", registration.RegisterView.as_view(), name="register"),
    path("import/", imports.ImportView.as_view(), name="import"),
    path("import/template.xlsx", imports.ImportTemplateView.as_view(), name="import_template"),
    path("import/jobs/<id:pk>/", imports.import_job_view, name="import_job"),
    path("import/jobs/<id:pk>/confirm/", imports.ImportConfirmView.as_view(), name="import_confirm"),
    path("<id:pk>/", detail.resident_detail_view, name="detail"),
    path("<id:pk>/edit/", registration.ResidentEditView.as_view(), name="edit"),
    path("<id:pk>/history/", history.resident_history_view, name="history"),
    path("<id:pk>/admit/", placements.AdmitView.as_view(), name="admit"),
    # A transfer is a referral: proposed here, answered by the receiving institution.
    path("<id:pk>/transfer/", referrals.ReferralProposeView.as_view(), name="transfer"),
    path("<id:pk>/referrals/<id:referral_id>/", referrals.referral_detail_view, name="referral"),
    path(
        "<id:pk>/referrals/<id:referral_id>/accept/",
        referrals.ReferralAcceptView.as_view(),
        name="referral_accept",
    ),
    path(
        "<id:pk>/referrals/<id:referral_id>/decline/",
        referrals.ReferralDeclineView.as_view(),
        name="referral_decline",
    ),
    path(
        "<id:pk>/referrals/<id:referral_id>/cancel/",
        referrals.ReferralCancelView.as_view(),
        name="referral_cancel",
    ),
    path("capacity-requests/<id:pk>/", referrals.capacity_request_view, name="capacity_request"),
    path("<id:pk>/discharge/", placements.DischargeView.as_view(), name="discharge"),
    path("<id:pk>/stage/", placements.StageView.as_view(), name="stage"),
    path("<id:pk>/events/new/", events.EventView.as_view(), name="event_add"),
    path("<id:pk>/events/<id:event_id>/close/", events.EventCloseView.as_view(), name="event_close"),
    path("<id:pk>/family/new/", documents.FamilyMemberView.as_view(), name="family_add"),
    path("<id:pk>/documents/new/", documents.DocumentUploadView.as_view(), name="document_add"),
    path("<id:pk>/documents/<id:document_id>/", detail.document_download_view, name="document"),
    path("<id:pk>/consents/new/", documents.ConsentView.as_view(), name="consent_add"),
]
