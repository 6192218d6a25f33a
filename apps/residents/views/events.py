"""Residential events: home leave, running away, hospital stays, death; and the return from one."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from .. import permissions, services
from ..forms import EventCloseForm, EventForm
from ._base import ResidentActionView, cleaned


class EventView(ResidentActionView):
    """A residential event, recorded by the institution holding the resident."""

    form_class = EventForm
    title = gettext_lazy("Catat kejadian")
    success_message = gettext_lazy("Kejadian tercatat.")

    def allowed(self):
        return permissions.can_record_event(self.request.scope, self.resident)

    def perform(self, form):
        services.event_record(
            actor=self.request.user,
            resident=self.resident,
            **cleaned(form, "kind", "on", "expected_return_on", "returned_on", "room", "notes"),
        )


class EventCloseView(EventView):
    """The day the resident came back from one event (home leave, running away, hospital)."""

    form_class = EventCloseForm
    title = gettext_lazy("Catat kepulangan")
    success_message = gettext_lazy("Tanggal kembali tercatat.")

    def setup_action(self):
        self.event = get_object_or_404(self.resident.events.all(), pk=self.kwargs["event_id"])

    def get_form_kwargs(self):
        return {"event": self.event}

    def get_context(self, form):
        context = super().get_context(form)
        context["title"] = f"{self.title}: {self.event.get_kind_display()} {self.event.occurred_on:%d-%m-%Y}"
        return context

    def perform(self, form):
        services.event_close(actor=self.request.user, event=self.event, **cleaned(form, "returned_on"))
