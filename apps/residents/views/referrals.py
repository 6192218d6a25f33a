"""Referrals (the way to transfer a PM) and over-capacity requests to the head.

The sending institution proposes (``ReferralProposeView``, at the old "transfer" address);
the receiving one accepts or declines from its home page queue; the sending head may
cancel. A placing form refused for lack of room offers a request to the head instead
(``CapacityRequestMixin``, also used by the admission); the head decides it on
``capacity_request_view``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.errors import DomainError

from .. import permissions, referral_selectors, selectors, services
from ..referral_forms import (
    CAPACITY_REQUEST_FIELD,
    ReasonForm,
    ReferralAcceptForm,
    ReferralForm,
    destination_choices,
    offer_capacity_request,
)
from ._base import ResidentActionView, add_domain_error, cleaned

SHOW_ALL = "semua"


class CapacityRequestMixin:
    """For a form that places a PM (admission, acceptance of a referral). When the service
    refuses because the institution is full and the user may not approve that, the page
    offers a request to the head with a reason; its button (``capacity_request``) calls
    ``submit_request`` instead of ``perform``."""

    offer_request = False

    def submit_request(self, form, reason: str):
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, request.FILES, **self.get_form_kwargs())
        offer_capacity_request(form)
        asking = "capacity_request" in request.POST and CAPACITY_REQUEST_FIELD in form.fields
        if form.is_valid():
            try:
                if asking:
                    self.submit_request(form, form.cleaned_data[CAPACITY_REQUEST_FIELD])
                    message = _("Permintaan dikirim ke kepala lembaga; PM ditempatkan setelah disetujui.")
                else:
                    self.perform(form)
                    message = self.success_message
            except DomainError as error:
                field_map = {**self.field_map, "reason": CAPACITY_REQUEST_FIELD} if asking else self.field_map
                add_domain_error(form, error, field_map)
                self.offer_request = CAPACITY_REQUEST_FIELD in form.fields and (
                    (asking and error.code != "not_full") or error.code == "over_capacity"
                )
            else:
                messages.success(request, message)
                return redirect(self.success_url())
        return self.render_form(form)

    def get_context(self, form):
        request_field = form[CAPACITY_REQUEST_FIELD] if CAPACITY_REQUEST_FIELD in form.fields else None
        return {
            **super().get_context(form),
            "offer_request": self.offer_request,
            "request_field": request_field,
        }


class ReferralProposeView(ResidentActionView):
    """The sending institution proposes a referral; the PM stays until it is accepted."""

    form_class = ReferralForm
    template_name = "residents/referral_form.html"
    title = gettext_lazy("Rujuk ke lembaga lain")
    submit_label = gettext_lazy("Ajukan rujukan")
    success_message = gettext_lazy(
        "Rujukan diajukan. PM tetap di lembaga ini sampai lembaga tujuan menerimanya."
    )

    def setup_action(self):
        self.placement = selectors.resident_current_placement(self.resident)
        self.show_all = (self.request.GET.get(SHOW_ALL) or self.request.POST.get(SHOW_ALL)) == "1"

    def allowed(self):
        return self.placement is not None and permissions.can_transfer(self.request.scope, self.placement)

    def get_form_kwargs(self):
        choices, institutions = destination_choices(
            category_id=self.resident.welfare_category_id,
            exclude_id=self.placement.institution_id,
            show_all=self.show_all,
        )
        return {"choices": choices, "institutions": institutions}

    def get_context(self, form):
        return {**super().get_context(form), "current_placement": self.placement, "show_all": self.show_all}

    def perform(self, form):
        self.referral = services.referral_propose(
            actor=self.request.user,
            resident=self.resident,
            **cleaned(form, "to_institution", "on", "reason", "letter_no"),
            document=form.cleaned_data.get("document"),
        )

    def success_url(self):
        return reverse("residents:referral", args=[self.resident.pk, self.referral.pk])


def referral_detail_view(request, pk, referral_id):
    """One referral: who proposed it, to where and why, every step since, and the answers
    the user may give (accept or decline at the receiver, cancel for the sending head)."""
    scope = request.scope
    resident = selectors.resident_get(user=scope, pk=pk)
    referral = referral_selectors.referral_get(resident=resident, pk=referral_id)
    # The page names the PM and why they are referred: an opening of the file like any other.
    services.access_log(user=request.user, action="view", resident=resident)
    steps = [
        entry
        for entry in referral_selectors.referral_timeline_entries(resident)
        if entry.obj == referral or getattr(entry.obj, "referral_id", None) == referral.pk
    ]
    context = {
        "resident": resident,
        "referral": referral,
        "steps": steps,
        "pending_request": next(
            (e.obj for e in steps if e.kind == "capacity_request" and e.obj.status == "pending"), None
        ),
        "can": {
            "decide": referral.is_open and permissions.can_decide_referral(scope, referral),
            "cancel": referral.is_open and permissions.can_cancel_referral(scope, referral),
        },
    }
    return render(request, "residents/referral_detail.html", context)


class ReferralActionView(ResidentActionView):
    """An answer to an open referral of the resident; 403 once it is decided or not the user's."""

    def setup_action(self):
        self.referral = referral_selectors.referral_get(resident=self.resident, pk=self.kwargs["referral_id"])

    def allowed(self):
        return self.referral.is_open and permissions.can_decide_referral(self.request.scope, self.referral)

    def get_context(self, form):
        return {**super().get_context(form), "referral": self.referral}

    def success_url(self):
        return reverse("residents:referral", args=[self.resident.pk, self.referral.pk])


class ReferralAcceptView(CapacityRequestMixin, ReferralActionView):
    """The receiver accepts: the move is made (over capacity: the head, or a request to them)."""

    form_class = ReferralAcceptForm
    template_name = "residents/placement_form.html"
    title = gettext_lazy("Terima rujukan")
    submit_label = gettext_lazy("Terima dan pindahkan")
    success_message = gettext_lazy("Rujukan diterima; PM dipindahkan.")

    def get_form_kwargs(self):
        scope = self.request.scope
        return {
            "proposed_on": self.referral.proposed_on,
            "can_approve_over_capacity": scope.is_head_of(self.referral.to_institution_id),
        }

    def perform(self, form):
        services.referral_accept(
            actor=self.request.user,
            referral=self.referral,
            **cleaned(form, "on", "room"),
            over_capacity_reason=form.cleaned_data.get("over_capacity_reason", ""),
        )

    def submit_request(self, form, reason):
        services.capacity_request_submit(
            actor=self.request.user, resident=self.resident, referral=self.referral, reason=reason,
            **cleaned(form, "on", "room"),
        )  # fmt: skip


class ReferralDeclineView(ReferralActionView):
    form_class = ReasonForm
    title = gettext_lazy("Tolak rujukan")
    submit_label = gettext_lazy("Tolak rujukan")
    success_message = gettext_lazy("Rujukan ditolak.")

    def perform(self, form):
        services.referral_decline(actor=self.request.user, referral=self.referral, **cleaned(form, "reason"))


class ReferralCancelView(ReferralActionView):
    form_class = ReasonForm
    title = gettext_lazy("Batalkan rujukan")
    submit_label = gettext_lazy("Batalkan rujukan")
    success_message = gettext_lazy("Rujukan dibatalkan.")

    def allowed(self):
        return self.referral.is_open and permissions.can_cancel_referral(self.request.scope, self.referral)

    def perform(self, form):
        services.referral_cancel(actor=self.request.user, referral=self.referral, **cleaned(form, "reason"))


def capacity_request_view(request, pk):
    """An over-capacity request: what was asked, by whom and why; its head approves (the
    admission or acceptance is made then) or refuses with a reason."""
    capacity_request = referral_selectors.capacity_request_get(user=request.scope, pk=pk)
    can_decide = capacity_request.status == "pending" and permissions.can_decide_capacity_request(
        request.scope, capacity_request
    )
    form, error_message = ReasonForm(), ""
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        try:
            if request.POST.get("action") == "approve":
                services.capacity_request_approve(actor=request.user, request=capacity_request)
                messages.success(request, _("Permintaan disetujui; PM sudah ditempatkan."))
                return redirect("residents:capacity_request", pk=pk)
            form = ReasonForm(request.POST)
            if form.is_valid():
                services.capacity_request_refuse(
                    actor=request.user, request=capacity_request, **cleaned(form, "reason")
                )
                messages.success(request, _("Permintaan ditolak."))
                return redirect("residents:capacity_request", pk=pk)
        except DomainError as error:
            error_message = error.message
    context = {
        "capacity_request": capacity_request,
        "resident": capacity_request.resident,
        "form": form,
        "can_decide": can_decide,
        "error_message": error_message,
    }
    return render(request, "residents/capacity_request.html", context)
