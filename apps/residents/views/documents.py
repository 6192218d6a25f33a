"""What is kept beside the identity: family and guardians, documents, consent to data processing."""

from django.utils.translation import gettext_lazy

from .. import permissions, services
from ..forms import ConsentForm, DocumentForm, FamilyMemberForm
from ._base import ResidentActionView, cleaned


class FamilyMemberView(ResidentActionView):
    """A family member or guardian, kept (as the identity) by the institution holding the resident."""

    form_class = FamilyMemberForm
    title = gettext_lazy("Tambah keluarga/wali")
    success_message = gettext_lazy("Keluarga/wali tersimpan.")

    def allowed(self):
        return permissions.can_edit_resident(self.request.scope, self.resident)

    def perform(self, form):
        services.family_member_add(actor=self.request.user, resident=self.resident, data=form.family_data())


class DocumentUploadView(FamilyMemberView):
    """A scanned document (KTP, KK, referral letter...), stored through the storage API."""

    form_class = DocumentForm
    title = gettext_lazy("Unggah dokumen")
    submit_label = gettext_lazy("Unggah")
    success_message = gettext_lazy("Dokumen tersimpan.")

    def perform(self, form):
        services.document_add(
            actor=self.request.user, resident=self.resident, **cleaned(form, "kind", "file", "description")
        )


class ConsentView(FamilyMemberView):
    """Consent to the processing of personal data: who gave it, when, for what."""

    form_class = ConsentForm
    title = gettext_lazy("Catat persetujuan pemrosesan data")
    success_message = gettext_lazy("Persetujuan tercatat.")

    def perform(self, form):
        services.consent_record(
            actor=self.request.user, resident=self.resident, **cleaned(form, "given_on", "given_by", "scope")
        )
