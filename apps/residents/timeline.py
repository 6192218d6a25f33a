"""The resident file's timeline: each line says what was true on its day.

A record holds its current state, which later changes rewrite: a transfer changes the
case's institution, a room move the placement's room, a return the absence. So the lines
are built from the records together with their audit history (pghistory ``CaseHistory``,
``PlacementHistory``, ``ResidentEventHistory``): the institution a case opened at and the
room an admission was made with come from the records' insert rows, the actor of each
line from the context of the audit row that wrote it.

Seven queries whatever the length of the file: cases, placements, events, the three
histories and the users who acted. Other parts of the project add their own lines
(referral steps, ...) through ``register_timeline_source`` or the ``extra`` argument.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Case, CaseHistory, Placement, PlacementHistory, ResidentEvent, ResidentEventHistory

Kind = ResidentEvent.Kind


@dataclass(frozen=True)
class TimelineEntry:
    """One line of the timeline. ``kind`` is one of ``KIND_ORDER`` (or a kind of another
    source); ``obj`` the record the line is about; ``actor`` who recorded it, when known."""

    on: date
    kind: str
    title: str
    detail: str
    obj: object
    actor: str = ""


# Lines of one day in the order things happen: the case opens, the PM comes in, returns
# from an absence or leaves for one, then the stage, and the discharge last.
KIND_ORDER = {
    "case_opened": 0,
    "admitted": 1,
    "transferred": 1,
    "event": 2,
    "event_return": 2,
    "stage": 3,
    "discharged": 5,
    "case_closed": 6,
}
OTHER_KIND_ORDER = 4

TimelineSource = Callable[[object], Iterable[TimelineEntry]]
# Sources of more lines, each ``source(resident) -> entries`` (a bounded number of queries).
TIMELINE_SOURCES: list[TimelineSource] = []


def register_timeline_source(source: TimelineSource) -> None:
    if source not in TIMELINE_SOURCES:
        TIMELINE_SOURCES.append(source)


def _day(value: date) -> str:
    return date_format(value, "j M Y")


def _join(*parts: str) -> str:
    return " — ".join(str(p) for p in parts if p)


@dataclass
class _Audit:
    """What the audit rows of one record tell: its insert row and who wrote each change."""

    insert: dict | None = None
    rows: list[dict] = field(default_factory=list)

    def first(self, predicate) -> dict | None:
        """The first row (oldest first) for which ``predicate(previous, row)`` holds."""
        previous = None
        for row in self.rows:
            if predicate(previous, row):
                return row
            previous = row
        return None


def _audits(model, resident, columns: tuple[str, ...]) -> dict[int, _Audit]:
    """``{record id: _Audit}`` of ``model``'s audit rows about ``resident``, in one query."""
    audits: dict[int, _Audit] = {}
    rows = (
        model.objects.filter(resident_id=resident.pk)
        .order_by("pgh_obj_id", "pgh_id")
        .values("pgh_obj_id", "pgh_label", "pgh_created_at", "pgh_context__metadata", *columns)
    )
    for row in rows:
        audit = audits.setdefault(row["pgh_obj_id"], _Audit())
        row["user_id"] = (row.pop("pgh_context__metadata") or {}).get("user")
        if row["pgh_label"] == "insert" and audit.insert is None:
            audit.insert = row
        audit.rows.append(row)
    return audits


class _Builder:
    def __init__(self, resident):
        self.cases = list(
            Case.objects.filter(resident=resident).select_related("institution").order_by("opened_on", "id")
        )
        self.placements = list(
            Placement.objects.filter(resident=resident)
            .select_related("institution", "over_capacity_approved_by")
            .order_by("period", "id")
        )
        self.events = list(ResidentEvent.objects.filter(resident=resident).order_by("occurred_on", "id"))
        self.case_audits = _audits(
            CaseHistory, resident, ("stage", "closed_on", "institution__name", "institution_id")
        )
        self.placement_audits = _audits(
            PlacementHistory, resident, ("room", "end_reason", "institution__name", "institution_id")
        )
        self.event_audits = _audits(ResidentEventHistory, resident, ("returned_on",))
        self.users = self._user_names()
        self.entries: list[TimelineEntry] = []

    def _user_names(self) -> dict:
        ids = {
            row["user_id"]
            for audits in (self.case_audits, self.placement_audits, self.event_audits)
            for audit in audits.values()
            for row in audit.rows
            if row["user_id"]
        }
        if not ids:
            return {}
        users = get_user_model().objects.filter(pk__in=ids).only("username", "first_name", "last_name")
        return {u.pk: str(u) for u in users}

    def actor(self, row: dict | None) -> str:
        return self.users.get(row["user_id"], "") if row else ""

    def add(self, on, kind, title, detail, obj, row=None) -> None:
        self.entries.append(TimelineEntry(on, kind, title, detail, obj, self.actor(row)))

    # --- placements ------------------------------------------------------------------------

    def placement_name(self, placement: Placement) -> str:
        """The institution the placement was made at (an admin may have corrected it since)."""
        insert = self.placement_audits.get(placement.pk, _Audit()).insert
        return (insert or {}).get("institution__name") or placement.institution.name

    def admission_room(self, placement: Placement) -> str:
        """The room the placement was made with; room moves change ``placement.room`` since."""
        insert = self.placement_audits.get(placement.pk, _Audit()).insert
        if insert is not None:
            return insert["room"]
        moved = any(e.placement_id == placement.pk and e.kind == Kind.ROOM_MOVE for e in self.events)
        return "" if moved else placement.room

    def placement_entries(self) -> None:
        previous = None
        for placement in self.placements:
            name = self.placement_name(placement)
            room = self.admission_room(placement)
            room_text = _("kamar %(room)s") % {"room": room} if room else ""
            insert = self.placement_audits.get(placement.pk, _Audit()).insert
            approved = ""
            if placement.over_capacity_approved_by_id:
                approved = _("melebihi kapasitas, disetujui %(name)s") % {
                    "name": placement.over_capacity_approved_by
                }
            transferred_in = (
                previous is not None
                and previous.end_reason == Placement.EndReason.TRANSFER
                and previous.end == placement.start
            )
            if transferred_in:
                title = _("Pindah dari %(from)s ke %(to)s") % {
                    "from": self.placement_name(previous),
                    "to": name,
                }
                self.add(placement.start, "transferred", title, _join(room_text, approved), placement, insert)
            else:
                title = _("Masuk %(name)s") % {"name": name}
                self.add(placement.start, "admitted", title, _join(room_text, approved), placement, insert)
            previous = placement

    # --- cases -----------------------------------------------------------------------------

    def case_entries(self) -> None:
        stage_names = dict(Case.Stage.choices)
        reasons = dict(Case.TerminationReason.choices)
        for case in self.cases:
            audit = self.case_audits.get(case.pk, _Audit())
            self.add(
                case.opened_on,
                "case_opened",
                _("Kasus dibuka"),
                _join(self.opening_institution(case, audit), case.get_referral_source_display()),
                case,
                audit.insert,
            )
            previous = None
            for row in audit.rows:
                closing = previous is not None and previous["closed_on"] is None and row["closed_on"]
                changed = previous is not None and previous["stage"] != row["stage"]
                # Closing a case sets its stage to termination: the termination line says it.
                if changed and not (closing and row["stage"] == Case.Stage.TERMINATION):
                    title = _("Tahap: %(stage)s") % {"stage": stage_names.get(row["stage"], row["stage"])}
                    self.add(timezone.localdate(row["pgh_created_at"]), "stage", title, "", case, row)
                previous = row
            if case.closed_on:
                self.closing_entry(case, audit, reasons.get(case.termination_reason, ""))

    def opening_institution(self, case: Case, audit: _Audit) -> str:
        """Where the case opened: its insert row, else its first placement, else (no history at
        all) the institution it has now."""
        if audit.insert is not None and audit.insert["institution__name"]:
            return audit.insert["institution__name"]
        first = next((p for p in self.placements if p.case_id == case.pk), None)
        return self.placement_name(first) if first else case.institution.name

    def closing_entry(self, case: Case, audit: _Audit, reason: str) -> None:
        row = audit.first(lambda previous, r: r["closed_on"] is not None) or audit.insert
        detail = _join(_("Terminasi: %(reason)s") % {"reason": reason}, case.termination_notes)
        discharged = [
            p
            for p in self.placements
            if p.case_id == case.pk and p.end_reason == Placement.EndReason.DISCHARGE
        ]
        if discharged:
            # The placement ends the day the case closes: one line for both.
            title = _("Keluar dari %(name)s") % {"name": self.placement_name(discharged[-1])}
            self.add(case.closed_on, "discharged", title, detail, discharged[-1], row)
        else:
            self.add(
                case.closed_on,
                "case_closed",
                _("Terminasi"),
                _join(reason, case.termination_notes),
                case,
                row,
            )

    # --- events ----------------------------------------------------------------------------

    def event_entries(self) -> None:
        today = timezone.localdate()
        ran_away_returns = {
            (e.placement_id, e.returned_on) for e in self.events if e.kind == Kind.RAN_AWAY and e.returned_on
        }
        rooms = {p.pk: self.admission_room(p) for p in self.placements}
        for event in self.events:
            audit = self.event_audits.get(event.pk, _Audit())
            if event.kind == Kind.RETURNED and (event.placement_id, event.occurred_on) in ran_away_returns:
                continue  # the return line of the running away says it
            if event.kind == Kind.ROOM_MOVE:
                before = rooms.get(event.placement_id, "")
                rooms[event.placement_id] = event.room
                title = _("Pindah kamar: %(old)s → %(new)s") % {
                    "old": before or "—",
                    "new": event.room or "—",
                }
                self.add(event.occurred_on, "event", title, event.notes, event, audit.insert)
                continue
            detail = ""
            if event.kind in ResidentEvent.ABSENCE_KINDS and event.returned_on is None:
                if event.expected_return_on:
                    detail = _("rencana kembali %(date)s") % {"date": _day(event.expected_return_on)}
                    if event.expected_return_on < today:
                        detail += " (" + _("terlambat, belum kembali") + ")"
                else:
                    detail = _("belum kembali")
            self.add(
                event.occurred_on,
                "event",
                event.get_kind_display(),
                _join(event.hospital, detail, event.notes),
                event,
                audit.insert,
            )
            if event.kind in ResidentEvent.ABSENCE_KINDS and event.returned_on is not None:
                self.return_entry(event, audit)

    def return_entry(self, event: ResidentEvent, audit: _Audit) -> None:
        titles = {
            Kind.HOME_LEAVE: _("Kembali dari izin pulang"),
            Kind.HOSPITAL: _("Kembali dari rawat inap"),
            Kind.RAN_AWAY: _("Kembali setelah kabur"),
        }
        detail = ""
        expected = event.expected_return_on
        if expected and event.returned_on > expected:
            days = (event.returned_on - expected).days
            detail = ngettext(
                "terlambat %(days)s hari dari rencana %(date)s",
                "terlambat %(days)s hari dari rencana %(date)s",
                days,
            ) % {"days": days, "date": _day(expected)}
        row = audit.first(lambda previous, r: r["returned_on"] is not None)
        self.add(event.returned_on, "event_return", titles[event.kind], detail, event, row)


def resident_timeline(resident, *, extra: Iterable[TimelineEntry] = ()) -> list[TimelineEntry]:
    """Cases, placements, stages, residential events (and their returns) merged by date,
    oldest first, each line as it was true on its day; plus the lines of the registered
    sources and ``extra``."""
    builder = _Builder(resident)
    builder.case_entries()
    builder.placement_entries()
    builder.event_entries()
    entries = builder.entries
    for source in TIMELINE_SOURCES:
        entries.extend(source(resident))
    entries.extend(extra)
    # Stable: lines of the same day and kind keep the order they were built in.
    return sorted(entries, key=lambda e: (e.on, KIND_ORDER.get(e.kind, OTHER_KIND_ORDER)))
