"""Tabs: services delivered, progress notes, family tracing, follow-up."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.errors import DomainError

from .. import selectors, services
from ..followup import schedule_for
from ..forms import FamilyStepForm, FollowUpForm, NoteForm, OpenNoteForm, SessionForm
from ..models import FamilyTracingStep, IndividualSession
from ._common import attempt, load, render_tab, require_work


def services_tab_view(request, pk):
    resident, case = load(request, pk)
    form = None
    if case is not None:
        form = SessionForm(request.POST or None, institution_id=case.institution_id)
        if request.method == "POST":
            require_work(request, case)
            if attempt(
                form,
                lambda d: services.individual_session_record(
                    actor=request.user,
                    case=case,
                    held_on=d["held_on"],
                    service_type=d["service_type"],
                    component=d["component"],
                    facilitator=d["facilitator"],
                    duration_minutes=d["duration_minutes"],
                    notes=d["notes"],
                ),
            ):
                messages.success(request, _("Sesi tercatat."))
                return redirect("rehabilitation:services", pk=resident.pk)
    sessions = (
        IndividualSession.objects.filter(case__resident=resident)
        .select_related("service_type", "component", "facilitator")
        .order_by("-held_on", "-id")
        if case
        else []
    )
    rates = (
        selectors.attendance_rates(institution=case.institution, resident_ids=[resident.pk]) if case else []
    )
    return render_tab(
        request, "services", resident, case, {"form": form, "sessions": sessions, "rates": rates}
    )


def notes_tab_view(request, pk):
    resident, case = load(request, pk)
    form = NoteForm(request.POST or None)
    if request.method == "POST":
        require_work(request, case)
        if attempt(
            form,
            lambda d: services.note_add(
                actor=request.user, case=case, text=d["text"], level=d["level"], written_on=d["written_on"]
            ),
        ):
            messages.success(request, _("Catatan tersimpan."))
            return redirect("rehabilitation:notes", pk=resident.pk)
    notes = selectors.notes_for_case(user=request.scope, case=case) if case else {}
    return render_tab(request, "notes", resident, case, {"form": form, "open_form": OpenNoteForm(), **notes})


@require_POST
def note_open_view(request, pk, note_id):
    """A head or supervisor reads a restricted note after giving a reason (logged)."""
    resident, case = load(request, pk)
    form = OpenNoteForm(request.POST)
    opened = []
    if form.is_valid():
        try:
            note = services.note_open_restricted(
                actor=request.user, note_id=note_id, reason=form.cleaned_data["reason"]
            )
            if note.case_id == getattr(case, "pk", None):
                opened = [note]
        except DomainError as error:
            messages.error(request, error.message)
    elif form.errors:
        messages.error(request, _("Tuliskan alasan membuka catatan terbatas."))
    if not opened:
        return redirect("rehabilitation:notes", pk=resident.pk)
    return render_tab(
        request, "notes", resident, case, {"opened": opened}, template="rehabilitation/note_opened.html"
    )


def family_tab_view(request, pk):
    resident, case = load(request, pk)
    form = FamilyStepForm(request.POST or None)
    if request.method == "POST":
        require_work(request, case)
        if attempt(
            form,
            lambda d: services.family_step_record(
                actor=request.user,
                case=case,
                kind=d["kind"],
                occurred_on=d["occurred_on"],
                outcome=d["outcome"],
                notes=d["notes"],
            ),
        ):
            messages.success(request, _("Langkah penelusuran tercatat."))
            return redirect("rehabilitation:family", pk=resident.pk)
    steps = (
        FamilyTracingStep.objects.filter(case=case).select_related("created_by").order_by("occurred_on", "id")
        if case
        else []
    )
    return render_tab(request, "family", resident, case, {"form": form, "steps": steps})


def followup_tab_view(request, pk):
    resident, case = load(request, pk)
    today = timezone.localdate()
    schedule = schedule_for(case) if case else []
    pending = [item for item in schedule if not item.is_done]
    form = FollowUpForm(request.POST or None, pending=pending) if pending else None
    if request.method == "POST":
        require_work(request, case)
        if form is not None and attempt(
            form,
            lambda d: services.followup_visit_record(
                actor=request.user,
                case=case,
                months=d["months"],
                visited_on=d["visited_on"],
                outcome=d["outcome"],
                notes=d["notes"],
            ),
        ):
            messages.success(request, _("Kunjungan tercatat."))
            return redirect("rehabilitation:followup", pk=resident.pk)
    rows = [(item, item.status(today)) for item in schedule]
    return render_tab(request, "followup", resident, case, {"form": form, "rows": rows})
