"""The plan written with ``bulk_create``, for the PM outside the demo users' institutions.

Through the services, seeding took over three minutes (about 45 queries per PM). The
rows are written as the ``admin`` user and are checked against the services' own rules
first: every NIK against ``nik.check_nik``, every event against
``services.event_problems``, every placement against ``services.capacity_decision``
(with nobody to approve going over capacity). The database checks the constraints (one
placement at a time, closed case has a reason, NIK format and uniqueness).
"""

import random
from collections import Counter, defaultdict
from datetime import date

import pghistory
from django.db.backends.postgresql.psycopg_any import DateRange

from .. import services
from ..models import (
    Case,
    Consent,
    FamilyMember,
    Placement,
    RegistrationCounter,
    Resident,
    ResidentEvent,
)
from ..nik import check_nik
from .constants import CONSENT_SCOPE, DEATH_NOTES, OPEN_STAGES, REFERRALS, TERMINATION_NOTES
from .people import People, consent_by
from .planning import Story, cluster, letter_no, room


class BulkWriter:
    def __init__(self, rng: random.Random, today: date, people: People, actor):
        self.rng = rng
        self.today = today
        self.people = people
        self.actor = actor
        self.stamp = {"created_by": actor, "updated_by": actor}

    def write(self, stories: list[Story], counts: Counter) -> None:
        """Each of these stories is one stay at its home institution."""
        if not stories:
            return
        self.check_capacity(stories)
        year = self.today.year
        serials = self.reserve_serials(stories, year)
        residents, families, consents, cases, placements, events = [], [], [], [], [], []
        moved = []  # (placement, room after its room moves)
        for story in stories:
            institution = story.home
            serials[institution.pk] += 1
            registration_no = services.format_registration_no(institution.code, year, serials[institution.pk])
            resident, family, consent = self.resident(story, registration_no)
            residents.append(resident)
            families.extend(family)
            consents.append(consent)
            story.placement = self.placement(story)
            cases.append(story.placement.case)
            placements.append(story.placement)
            admission_room = story.placement.room
            # A room move leaves the placement in the new room (set by ``events``) ...
            events.extend(self.events(story))
            if story.placement.room != admission_room:
                moved.append((story.placement, story.placement.room))
                story.placement.room = admission_room

        with pghistory.context(user=self.actor.pk):
            # bulk_create copies each saved parent's new primary key into its children.
            Resident.objects.bulk_create(residents)
            FamilyMember.objects.bulk_create(families)
            Consent.objects.bulk_create(consents)
            Case.objects.bulk_create(cases)
            Placement.objects.bulk_create(placements)
            ResidentEvent.objects.bulk_create(events)
            # ... after it was inserted with the admission room, as the service does: the
            # audit history (and the file's timeline) knows both rooms.
            for placement, new_room in moved:
                placement.room = new_room
            Placement.objects.bulk_update([placement for placement, _room in moved], ["room"])
        counts["events"] += len(events)

    def check_capacity(self, stories: list[Story]) -> None:
        """Admitted in the order of their first day, every stay fits the institution's
        capacity by the admission's rule (``services.capacity_decision``, which refuses)."""
        periods = defaultdict(list)
        for story in stories:
            stay = story.stays[0]
            periods[story.home.pk].append(DateRange(stay.start, stay.end))
        taken = defaultdict(list)
        for institution_id, period in Placement.objects.filter(institution_id__in=list(periods)).values_list(
            "institution_id", "period"
        ):
            taken[institution_id].append(period)
        institutions = {story.home.pk: story.home for story in stories}
        for institution_id, planned in periods.items():
            held = taken[institution_id]
            for period in sorted(planned, key=lambda p: p.lower):
                services.capacity_decision(
                    actor=None,
                    institution=institutions[institution_id],
                    taken=services.OccupancyProfile(held).peak_from(period.lower),
                )
                held.append(period)

    def reserve_serials(self, stories: list[Story], year: int) -> dict:
        """The last serial before each institution's block of registration numbers."""
        sizes = Counter(story.home.pk for story in stories)
        serials = {}
        for institution_id, size in sizes.items():
            # The counter as services.next_registration_no keeps it, advanced a block at a time.
            RegistrationCounter.objects.get_or_create(institution_id=institution_id, year=year)
            counter = RegistrationCounter.objects.select_for_update().get(
                institution_id=institution_id, year=year
            )
            serials[institution_id] = counter.last_serial
            counter.last_serial += size
            counter.save(update_fields=["last_serial"])
        return serials

    def resident(self, story: Story, registration_no: str) -> tuple:
        """The PM, their family and their consent, unsaved."""
        stay, stamp = story.stays[0], self.stamp
        data = self.people.person(story)
        if data.get("nik") and not check_nik(data["nik"], birth_date=data["birth_date"], sex=data["sex"]).ok:
            raise AssertionError("demo NIK rejected by nik.check_nik")
        resident = Resident(
            registration_no=registration_no,
            registered_at=story.home,
            origin_village_id=data.pop("origin_village", None),
            **data,
            **stamp,
        )
        story.resident = resident
        family = [FamilyMember(resident=resident, **m, **stamp) for m in self.people.family(story, data)]
        consent = Consent(
            resident=resident,
            given_on=stay.start,
            given_by=consent_by(data, stay.start),
            scope=CONSENT_SCOPE,
            **stamp,
        )
        return resident, family, consent

    def placement(self, story: Story) -> Placement:
        """The case and placement of the stay, unsaved; a closed one ended by discharge."""
        rng, stay, institution = self.rng, story.stays[0], story.home
        group = cluster(institution)
        closed = stay.end is not None
        case = Case(
            resident=story.resident,
            institution=institution,
            opened_on=stay.start,
            referral_source=rng.choice(REFERRALS[group]),
            referral_letter_no=letter_no(rng, stay.start),
            stage=Case.Stage.TERMINATION if closed else rng.choice(OPEN_STAGES),
            closed_on=stay.end,
            termination_reason=story.reason if closed else "",
            termination_notes=TERMINATION_NOTES.get(story.reason, "") if closed else "",
            **self.stamp,
        )
        return Placement(
            resident=story.resident,
            case=case,
            institution=institution,
            period=DateRange(stay.start, stay.end),
            room=room(rng, group),
            end_reason=Placement.EndReason.DISCHARGE if closed else "",
            **self.stamp,
        )

    def events(self, story: Story) -> list[ResidentEvent]:
        """The rows services.event_record writes for the story's events (and its death)."""
        Kind = ResidentEvent.Kind
        placement, stay, stamp = story.placement, story.stays[-1], self.stamp
        planned = sorted(story.events, key=lambda e: e[0])
        if story.reason == Case.TerminationReason.DIED:
            planned.append((stay.end, {"kind": Kind.DEATH, "notes": DEATH_NOTES}))
        rows = []
        for on, event in planned:
            fields = {k: v for k, v in event.items() if k != "open"}
            rules = {k: v for k, v in fields.items() if k not in ("notes", "hospital")}
            problems = services.event_problems(on=on, **rules)
            if problems:
                raise AssertionError(f"demo event rejected by services.event_problems: {problems}")
            row = ResidentEvent(
                resident=story.resident, placement=placement, occurred_on=on, **fields, **stamp
            )
            rows.append(row)
            if row.kind == Kind.ROOM_MOVE:
                placement.room = row.room
            if row.kind == Kind.RAN_AWAY and row.returned_on:
                rows.append(
                    ResidentEvent(
                        resident=story.resident,
                        placement=placement,
                        kind=Kind.RETURNED,
                        occurred_on=row.returned_on,
                        **stamp,
                    )
                )
        return rows
