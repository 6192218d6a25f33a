"""Placements and the case: admission, transfer, termination (discharge) and the case stage."""

from django.utils.translation import gettext_lazy

from apps.institutions.models import Institution

from .. import permissions, selectors, services
from ..forms import AdmitForm, DischargeForm, StageForm, TransferForm, with_occupancy
from ._base import ResidentActionView, cleaned, institutions_where, is_head_somewhere


def placement_data(form) -> dict:
    """What every new placement takes from its form: the day, the room, and the reason for going
    over capacity (a field only users who may approve it are offered)."""
    return {
        **cleaned(form, "on", "room"),
        "over_capacity_reason": form.cleaned_data.get("over_capacity_reason", ""),
    }


class PlacementView(ResidentActionView):
    """A form that places the resident at an institution, beside where they are now."""

    template_name = "residents/placement_form.html"

    def setup_action(self):
        self.placement = selectors.resident_current_placement(self.resident)

    def get_context(self, form):
        # Already placed: the page says where (admission: the service refuses a second placement).
        return {**super().get_context(form), "current_placement": self.placement}


class AdmitView(PlacementView):
    """Admission at one of the user's institutions; over capacity only with a head's reason."""

    form_class = AdmitForm
    title = gettext_lazy("Penerimaan (masuk panti)")
    submit_label = gettext_lazy("Terima")
    success_message = gettext_lazy("PM diterima dan ditempatkan.")

    def setup_action(self):
        super().setup_action()
        self.institutions = institutions_where(self.request.scope, permissions.can_admit)

    def allowed(self):
        return self.institutions.exists()

    def get_form_kwargs(self):
        scope = self.request.scope
        heads = scope.is_admin or any(scope.is_head_of(i) for i in self.institutions)
        return {"institutions": with_occupancy(self.institutions), "can_approve_over_capacity": heads}

    def perform(self, form):
        services.case_admit(
            actor=self.request.user,
            resident=self.resident,
            **cleaned(form, "institution", "referral_source", "referral_letter_no", "planned_discharge_on"),
            **placement_data(form),
        )


class TransferView(PlacementView):
    """The sending institution moves the resident to another; the old placement ends that day."""

    form_class = TransferForm
    title = gettext_lazy("Pindah lembaga")
    submit_label = gettext_lazy("Pindahkan")
    success_message = gettext_lazy("PM dipindahkan.")

    def allowed(self):
        return self.placement is not None and permissions.can_transfer(self.request.scope, self.placement)

    def get_form_kwargs(self):
        scope = self.request.scope
        # Any active institution may receive: the receiving head approves going over capacity.
        destinations = Institution.objects.active().exclude(pk=self.placement.institution_id)
        return {
            "institutions": with_occupancy(destinations),
            "can_approve_over_capacity": scope.is_admin or is_head_somewhere(scope),
        }

    def perform(self, form):
        services.placement_transfer(
            actor=self.request.user,
            placement=self.placement,
            **cleaned(form, "to_institution"),
            **placement_data(form),
        )


class DischargeView(ResidentActionView):
    """Termination of the open case, with its reason: the placement ends that day."""

    form_class = DischargeForm
    title = gettext_lazy("Terminasi (keluar)")
    submit_label = gettext_lazy("Terminasi")
    success_message = gettext_lazy("Kasus ditutup dan PM keluar.")

    def setup_action(self):
        self.case = selectors.resident_open_case(self.resident)

    def allowed(self):
        return self.case is not None and permissions.can_discharge(self.request.scope, self.case)

    def get_form_kwargs(self):
        return {"resident": self.resident}

    def perform(self, form):
        services.case_terminate(
            actor=self.request.user, case=self.case, **cleaned(form, "on", "reason", "notes")
        )


class StageView(DischargeView):
    """The stage of the open case; after termination, of the last case (to bimbingan lanjut)."""

    form_class = StageForm
    title = gettext_lazy("Ubah tahap kasus")
    submit_label = gettext_lazy("Simpan")
    success_message = gettext_lazy("Tahap kasus tersimpan.")

    def setup_action(self):
        self.case = selectors.resident_open_case(self.resident) or (
            self.resident.cases.select_related("institution").order_by("-opened_on", "-id").first()
        )

    def get_form_kwargs(self):
        return {"initial": {"stage": self.case.stage}}

    def perform(self, form):
        services.case_stage_set(actor=self.request.user, case=self.case, **cleaned(form, "stage"))
