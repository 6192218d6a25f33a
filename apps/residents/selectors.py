"""Reads the residents pages need: scoped to the user, with their joins, no N+1."""

from datetime import date

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Case, Placement, Referral, Resident

# The file's timeline has its own module; its names are read from here too.
from .timeline import TimelineEntry, register_timeline_source, resident_timeline  # noqa: F401


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
    """One resident ``user`` may see, or 404 (another panti's resident is "not found").

    The receiving institution of an open referral also reads the file while it decides:
    looked up only when the usual scope finds nothing, so the list and the usual file
    keep their queries (after acceptance the placement gives access as for any PM)."""
    # The origin village with its kecamatan and kab/kota: what its address label reads.
    queryset = Resident.objects.select_related(
        "registered_at", "welfare_category", "origin_village__parent__parent"
    )
    resident = queryset.visible_to(user).filter(pk=pk).first()
    if resident is None:
        referred = Referral.objects.open_to(user).values("resident_id")
        resident = get_object_or_404(queryset, pk=pk, pk__in=referred)
    return resident


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
