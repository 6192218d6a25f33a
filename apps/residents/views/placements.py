"""Placements and the case: admission, termination (discharge) and the case stage.

A transfer is a referral (``views.referrals``)."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy

from .. import permissions, selectors, services
from ..forms import AdmitForm, DischargeForm, StageForm, with_occupancy
from ..models import Case
from ._base import ResidentActionView, cleaned, institutions_where
from .referrals import CapacityRequestMixin


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


class AdmitView(CapacityRequestMixin, PlacementView):
    """Admission at one of the user's institutions; over capacity only with a head's reason
    (staff may send the head a request instead)."""

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

    def submit_request(self, form, reason):
        services.capacity_request_submit(
            actor=self.request.user,
            resident=self.resident,
            reason=reason,
            **cleaned(form, "institution", "on", "room", "referral_source", "referral_letter_no"),
            **cleaned(form, "planned_discharge_on"),
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

    def confirmation(self, form):
        """Two steps: a valid form first shows what will be written; the confirmation page
        posts the same fields again with ``confirm=1`` (the only path that writes, through the
        same form and service). "Kembali" returns to the form, filled in."""
        data = cleaned(form, "on", "reason", "notes")
        if "back" in self.request.POST:
            return self.render_form(self.form_class(initial=data, **self.get_form_kwargs()))
        if self.request.POST.get("confirm") == "1":
            return None
        return render(
            self.request,
            "residents/discharge_confirm.html",
            {
                "resident": self.resident,
                "title": self.title,
                "form": form,
                "reason_label": Case.TerminationReason(data["reason"]).label,
                **data,
            },
        )

    def perform(self, form):
        services.case_terminate(
            actor=self.request.user, case=self.case, **cleaned(form, "on", "reason", "notes")
        )


class StageView(DischargeView):
    """The stage of the open case. A closed case offers none: its move to aftercare
    (bimbingan lanjut) is made on the rehabilitation case page."""

    form_class = StageForm
    title = gettext_lazy("Ubah tahap kasus")
    submit_label = gettext_lazy("Simpan")
    success_message = gettext_lazy("Tahap kasus tersimpan.")

    def confirmation(self, form):
        return None

    def get_form_kwargs(self):
        return {"initial": {"stage": self.case.stage}}

    def perform(self, form):
        services.case_stage_set(actor=self.request.user, case=self.case, **cleaned(form, "stage"))
