"""Reads the residents pages need: scoped to the user, with their joins, no N+1."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Case, CaseHistory, Placement, Resident, ResidentEvent


def _current_placements(on: date | None = None):
    return Placement.objects.filter(
        resident_id=OuterRef("pk"), period__contains=on or timezone.localdate()
    ).order_by("-id")


def current_institution_name(on: date | None = None) -> Subquery:
    """Annotation: the name of the institution holding the resident on ``on`` (today)."""
    return Subquery(_current_placements(on).values("institution__name")[:1])


def resident_list(*, user, on: date | None = None):
    """Residents ``user`` may see, each annotated with its current placement
    (``current_institution_id``, ``current_institution_name``, ``current_since``,
    ``current_placement_id``; all None for a PM without a placement now), in one query."""
    current = _current_placements(on)
    return (
        Resident.objects.visible_to(user)
        .select_related("registered_at", "welfare_category")
        .annotate(
            current_placement_id=Subquery(current.values("pk")[:1]),
            current_institution_id=Subquery(current.values("institution_id")[:1]),
            current_institution_name=Subquery(current.values("institution__name")[:1]),
            current_since=Subquery(current.annotate(start=Lower("period")).values("start")[:1]),
        )
        .order_by("full_name", "id")
    )


def resident_get(*, user, pk) -> Resident:
    """One resident ``user`` may see, or 404 (another panti's resident is "not found")."""
    queryset = Resident.objects.visible_to(user).select_related(
        "registered_at", "welfare_category", "origin_village", "origin_village__parent"
    )
    return get_object_or_404(queryset, pk=pk)


def resident_placements(resident):
    """A resident's placements, oldest first, with their institution."""
    return (
        Placement.objects.filter(resident=resident)
        .select_related("institution", "over_capacity_approved_by")
        .order_by("period", "id")
    )


def resident_current_placement(resident, on: date | None = None) -> Placement | None:
    return (
        Placement.objects.current(on)
        .filter(resident=resident)
        .select_related("institution", "case")
        .order_by("-id")
        .first()
    )


def resident_open_case(resident) -> Case | None:
    return Case.objects.open().filter(resident=resident).select_related("institution").first()


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    kind: str  # "case_opened", "stage", "case_closed", "admitted", "transferred", "discharged", "event"
    title: str
    detail: str
    obj: object


def resident_timeline(resident) -> list[TimelineEntry]:
    """Placements, residential events and case stages merged by date, oldest first.

    Stage changes are read from the case audit history, so the date of a stage change is
    the day it was recorded. Four queries whatever the length of the file.
    """
    entries: list[TimelineEntry] = []
    cases = list(
        Case.objects.filter(resident=resident).select_related("institution").order_by("opened_on", "id")
    )
    for case in cases:
        entries.append(
            TimelineEntry(
                case.opened_on,
                "case_opened",
                _("Kasus dibuka"),
                f"{case.institution.name} — {case.get_referral_source_display()}",
                case,
            )
        )
        if case.closed_on:
            entries.append(
                TimelineEntry(
                    case.closed_on, "case_closed", _("Terminasi"), case.get_termination_reason_display(), case
                )
            )
    case_names = dict(Case.Stage.choices)
    history = (
        CaseHistory.objects.filter(pgh_obj_id__in=[c.pk for c in cases])
        .order_by("pgh_obj_id", "pgh_id")
        .values("pgh_obj_id", "pgh_label", "stage", "pgh_created_at")
    )
    last_stage: dict[int, str] = {}
    for row in history:
        changed = last_stage.get(row["pgh_obj_id"]) != row["stage"]
        last_stage[row["pgh_obj_id"]] = row["stage"]
        # The stage a case is created with is implied by "case opened"; show the changes.
        if changed and row["pgh_label"] != "insert":
            entries.append(
                TimelineEntry(
                    timezone.localdate(row["pgh_created_at"]),
                    "stage",
                    _("Tahap: %(stage)s") % {"stage": case_names.get(row["stage"], row["stage"])},
                    "",
                    row["pgh_obj_id"],
                )
            )

    placements = list(resident_placements(resident))
    previous_end = None
    for placement in placements:
        transferred_in = previous_end is not None and previous_end == placement.start
        entries.append(
            TimelineEntry(
                placement.start,
                "transferred" if transferred_in else "admitted",
                _("Pindah ke %(name)s") % {"name": placement.institution.name}
                if transferred_in
                else _("Masuk %(name)s") % {"name": placement.institution.name},
                placement.room,
                placement,
            )
        )
        if placement.end and placement.end_reason != Placement.EndReason.TRANSFER:
            entries.append(
                TimelineEntry(
                    placement.end,
                    "discharged",
                    _("Keluar dari %(name)s") % {"name": placement.institution.name},
                    "",
                    placement,
                )
            )
        previous_end = placement.end

    for event in ResidentEvent.objects.filter(resident=resident).order_by("occurred_on", "id"):
        entries.append(
            TimelineEntry(
                event.occurred_on,
                "event",
                event.get_kind_display(),
                " — ".join(part for part in (event.hospital or event.room, event.notes) if part),
                event,
            )
        )

    order = {"case_opened": 0, "admitted": 1, "transferred": 1, "stage": 2, "event": 3, "discharged": 4}
    order["case_closed"] = 5
    entries.sort(key=lambda e: (e.on, order[e.kind]))
    return entries


def occupied_places(on: date | None = None) -> Subquery:
    """Annotation for institutions: how many places are taken on ``on`` (today); None, not 0, where none is.

    The one count of occupancy: placements with start <= on < end, so a resident on home
    leave or in hospital still holds the place.
    """
    on = on or timezone.localdate()
    return Subquery(
        Placement.objects.current(on)
        .filter(institution_id=OuterRef("pk"))
        .order_by()
        .values("institution_id")
        .annotate(n=Count("id"))
        .values("n")
    )
