from datetime import date

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from apps.residents.models import Placement, Resident

from ..models import (
    COMPLIANT_PERCENT,
    PARTIAL_PERCENT,
    Attendance,
    GroupActivity,
    IndividualSession,
    ServiceComponent,
)

BAND_LABELS = {"compliant": _("Patuh"), "partial": _("Sebagian"), "low": _("Rendah")}


def attendance_band(percent: float) -> str:
    """compliant at 80% or more, partial at 50% or more, low below (OpenSPP's rule)."""
    if percent >= COMPLIANT_PERCENT:
        return "compliant"
    if percent >= PARTIAL_PERCENT:
        return "partial"
    return "low"


def placed_residents(*, institution, on: date):
    """Residents placed at ``institution`` on ``on``, by name: the attendance check list."""
    ids = Placement.objects.filter(institution=institution, period__contains=on).values("resident_id")
    return (
        Resident.objects.filter(pk__in=ids)
        .only("pk", "full_name", "registration_no")
        .order_by("full_name", "id")
    )


def attendance_rates(*, institution, resident_ids=None) -> list[dict]:
    """Attendance per resident and activity series at ``institution``: present / listed."""
    rows = Attendance.objects.filter(activity__institution=institution)
    if resident_ids is not None:
        rows = rows.filter(resident_id__in=resident_ids)
    result = []
    for row in (
        rows.values("resident_id", "resident__full_name", "activity__series")
        .annotate(listed=Count("id"), present=Count("id", filter=Q(present=True)))
        .order_by("resident__full_name", "resident_id", "activity__series")
    ):
        percent = round(100 * row["present"] / row["listed"], 1)
        band = attendance_band(percent)
        result.append({**row, "percent": percent, "band": band, "band_label": BAND_LABELS[band]})
    return result


def atensi_report(*, institution, year: int, month: int) -> list[dict]:
    """Per ATENSI component in one month at ``institution``: residents reached (present
    at a group activity or in an individual session), sessions (group activities plus
    individual sessions) and hours (their durations)."""
    in_month = {"held_on__year": year, "held_on__month": month}
    groups = GroupActivity.objects.filter(institution=institution, **in_month)
    individual = IndividualSession.objects.filter(case__institution=institution, **in_month)
    group_totals = {
        r["component_id"]: r
        for r in groups.values("component_id").annotate(n=Count("id"), minutes=Sum("duration_minutes"))
    }
    single_totals = {
        r["component_id"]: r
        for r in individual.values("component_id").annotate(n=Count("id"), minutes=Sum("duration_minutes"))
    }
    reached: dict[int, set] = {}
    for component_id, resident_id in (
        Attendance.objects.filter(activity__in=groups, present=True)
        .values_list("activity__component_id", "resident_id")
        .distinct()
    ):
        reached.setdefault(component_id, set()).add(resident_id)
    for component_id, resident_id in individual.values_list("component_id", "case__resident_id").distinct():
        reached.setdefault(component_id, set()).add(resident_id)
    rows = []
    for component in ServiceComponent.objects.order_by("order", "id"):
        g, s = group_totals.get(component.pk, {}), single_totals.get(component.pk, {})
        minutes = (g.get("minutes") or 0) + (s.get("minutes") or 0)
        rows.append(
            {
                "component": component,
                "residents": len(reached.get(component.pk, ())),
                "sessions": (g.get("n") or 0) + (s.get("n") or 0),
                "hours": round(minutes / 60, 1),
            }
        )
    return rows
