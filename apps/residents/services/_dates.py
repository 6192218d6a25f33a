"""The order of a placement's days: a transfer, a discharge or an event is never dated
before what the placement has already recorded (its start, its events and their returns).

One home for the rule, used by ``placement_transfer``, ``close_case`` (termination and
death) and ``event_record``/``event_close``. The database holds the outer frame (every
event inside its placement, see the triggers on ``ResidentEvent`` and ``Placement``);
this module gives the user the message that names the day in the way.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext as _

from apps.core.dates import format_dmy
from apps.core.errors import DomainError

from ..models import Placement, ResidentEvent


@dataclass(frozen=True)
class LatestRecord:
    """The last day a placement has on record, and what happened that day."""

    on: date
    what: str  # "" for the placement's start; else the event ("izin pulang", "kembali dari rawat inap")

    @property
    def is_start(self) -> bool:
        return not self.what


def latest_record(placement: Placement) -> LatestRecord:
    """The latest of the placement's start and its events' days (``occurred_on`` and
    ``returned_on``); on a tie the event recorded last wins. One query."""
    row = (
        ResidentEvent.objects.filter(placement=placement)
        .annotate(last_on=Greatest("occurred_on", Coalesce("returned_on", "occurred_on")))
        .order_by("-last_on", "-id")
        .values_list("kind", "occurred_on", "returned_on", "last_on")
        .first()
    )
    if row is None or row[3] < placement.start:
        return LatestRecord(placement.start, "")
    kind, occurred_on, returned_on, last_on = row
    label = str(ResidentEvent.Kind(kind).label).lower()
    if returned_on is not None and returned_on > occurred_on:
        label = _("kembali dari %(kind)s") % {"kind": label}
    return LatestRecord(last_on, label)


def latest_record_on(placement: Placement) -> date:
    return latest_record(placement).on


def refuse_before_latest(day: date, placement: Placement, label: str, *, after_start: bool = False) -> None:
    """Raise ``DomainError`` (code ``before_latest``) when ``day`` comes before the placement's
    latest record. ``after_start``: the day must also be after the start itself (a transfer or
    a discharge ends a stay that lasted at least a day); events may fall on the start day."""
    if after_start and day <= placement.start:
        raise DomainError(
            _("%(label)s harus setelah tanggal masuk (%(date)s).")
            % {"label": label, "date": format_dmy(placement.start)},
            code="before_latest",
        )
    latest = latest_record(placement)
    if day >= latest.on:
        return
    if latest.is_start:
        message = _("%(label)s tidak boleh sebelum tanggal masuk (%(date)s).") % {
            "label": label,
            "date": format_dmy(latest.on),
        }
    else:
        message = _("%(label)s tidak boleh sebelum kejadian terakhir (%(what)s %(date)s).") % {
            "label": label,
            "what": latest.what,
            "date": format_dmy(latest.on),
        }
    raise DomainError(message, code="before_latest")


def refuse_after_end(day: date, placement: Placement, label: str) -> None:
    """Raise ``DomainError`` when ``day`` is after the placement's end day (the day of the
    transfer or discharge, the last day an event of the placement may carry)."""
    if placement.end is not None and day > placement.end:
        raise DomainError(
            _("%(label)s tidak boleh setelah penempatan berakhir (%(date)s).")
            % {"label": label, "date": format_dmy(placement.end)},
            code="after_end",
        )
