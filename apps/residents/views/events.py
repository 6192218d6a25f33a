"""Residential events: home leave, running away, hospital stays, death; and the return from one."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy, pgettext_lazy

from apps.core.formatting import tanggal

from .. import permissions, selectors, services
from ..forms import EventCloseForm, EventForm
from ._base import ResidentActionView, cleaned


class EventView(ResidentActionView):
    """A residential event, recorded by the institution holding the resident, during the
    current placement of an open case (a closed case takes no events)."""

    form_class = EventForm
    template_name = "residents/event_form.html"
    title = gettext_lazy("Catat kejadian")
    success_message = gettext_lazy("Kejadian tercatat.")

    def setup_action(self):
        self.placement = selectors.resident_current_placement(self.resident)

    def allowed(self):
        placement = self.placement
        return (
            placement is not None
            and placement.end is None
            and placement.case.closed_on is None
            and permissions.can_record_event(self.request.scope, self.resident, placement.institution_id)
        )

    def get_form_kwargs(self):
        return {"resident": self.resident}

    def get_context(self, form):
        return {
            **super().get_context(form),
            "placement": self.placement,
            "latest": services.latest_record(self.placement),
        }

    def perform(self, form):
        services.event_record(
            actor=self.request.user,
            resident=self.resident,
            **cleaned(form, "kind", "on", "expected_return_on", "returned_on", "room", "hospital", "notes"),
        )


class EventCloseView(ResidentActionView):
    """The day the resident came back ("Kembali") from home leave, running away or hospital."""

    form_class = EventCloseForm
    title = pgettext_lazy("return from an absence", "Kembali")
    submit_label = gettext_lazy("Simpan")
    success_message = gettext_lazy("Tanggal kembali tercatat.")

    def setup_action(self):
        self.event = get_object_or_404(self.resident.events.all(), pk=self.kwargs["event_id"])

    def allowed(self):
        return permissions.can_record_event(self.request.scope, self.resident)

    def get_form_kwargs(self):
        return {"event": self.event}

    def get_context(self, form):
        context = super().get_context(form)
        context["title"] = f"{self.title}: {self.event.get_kind_display()} {tanggal(self.event.occurred_on)}"
        return context

    def perform(self, form):
        services.event_close(actor=self.request.user, event=self.event, **cleaned(form, "returned_on"))
