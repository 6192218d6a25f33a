"""Writing the plan: through the domain services, or in bulk.

The PM of the institutions the demo users work at (``SHOWCASE``), every transfer, the
admissions over capacity and the PM away today are written through the domain
services, in date order, as the demo users: they obey the same rules as real use and
their audit history names the user.

The other institutions' PM (about nine in ten) are written with ``bulk_create``, as the
``admin`` user: through the services, seeding took over three minutes (about 45
queries per PM). The plan keeps them inside the rules: the database checks the
constraints (one placement at a time, closed case has a reason, NIK format and
uniqueness), the bed plan keeps occupancy within capacity, and every NIK passes
``nik.check_nik``.
"""

import random
from collections import Counter, defaultdict
from datetime import date, timedelta

import pghistory
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.backends.postgresql.psycopg_any import DateRange

from apps.core.errors import DomainError
from apps.institutions.models import Institution, Membership

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
from .constants import (
    COMMUNITY,
    CONSENT_SCOPE,
    DEATH_NOTES,
    OPEN_STAGES,
    REFERRALS,
    SHOWCASE,
    TERMINATION_NOTES,
)
from .people import People, consent_by
from .planning import Stay, Story, cluster, room

# Order of the steps on one day: beds are freed before they are taken again.
END, TRANSFER, EVENT, ADMIT = range(4)


class Writer:
    def __init__(self, rng: random.Random, today: date, people: People):
        self.rng = rng
        self.today = today
        self.people = people
        self.staff = {}
        self.heads = {}

    def load(self, institutions) -> None:
        """The users who act: the demo staff for their institution, its head over capacity."""
        self.admin = get_user_model().objects.get(username="admin")
        for membership in Membership.objects.filter(institution__in=institutions).select_related("user"):
            target = self.heads if membership.role == Membership.Role.HEAD else self.staff
            target.setdefault(membership.institution_id, membership.user)

    def actor(self, institution: Institution):
        return self.staff.get(institution.pk, self.admin)

    def execute(self, stories: list[Story]) -> Counter:
        for story in stories:
            if any(stay.institution.code in SHOWCASE for stay in story.stays):
                story.via_services = True
        counts = Counter()
        # Bulk first: the services then check capacity against every placement already there.
        self.bulk_insert([s for s in stories if not s.via_services], counts)
        self.through_services([s for s in stories if s.via_services], counts)
        for story in stories:
            if story.failed or story.resident is None:
                continue
            counts["residents"] += 1
            counts["transfers"] += len(story.stays) - 1
            counts["closed" if story.stays[-1].end else "current"] += 1
        return counts

    # -- through the services ----------------------------------------------------------------

    def through_services(self, stories: list[Story], counts: Counter) -> None:
        """Every step of every story, in date order, through the domain services."""
        steps = []
        for index, story in enumerate(stories):
            stays = story.stays
            steps.append((stays[0].start, ADMIT, index, "admit", None))
            for stay in stays[1:]:
                steps.append((stay.start, TRANSFER, index, "transfer", stay))
            for on, event in story.events:
                steps.append((on, EVENT, index, "event", event))
            if stays[-1].end is not None:
                steps.append((stays[-1].end, END, index, "end", None))
        steps.sort(key=lambda step: step[:3])
        for on, _order, index, kind, arg in steps:
            story = stories[index]
            if story.failed:
                continue
            try:
                # A refused step leaves nothing behind, and the rest of that story is skipped.
                with transaction.atomic():
                    getattr(self, f"do_{kind}")(story, on, arg)
            except DomainError:
                story.failed = True
                counts["failed"] += 1
                continue
            counts["events"] += kind == "event"
        for story in stories:
            stay = story.stays[-1]
            if not story.failed and stay.end is None and (self.today - stay.start).days > 30:
                services.case_stage_set(
                    actor=self.actor(stay.institution),
                    case=story.placement.case,
                    stage=self.rng.choice(OPEN_STAGES[1:]),
                )

    def do_admit(self, story: Story, on: date, _arg) -> None:
        institution = story.stays[0].institution
        data = self.people.person(story)
        actor = self.actor(institution)
        story.resident = services.resident_register(
            actor=actor,
            institution=institution,
            data=data,
            family=self.people.family(story, data),
            consent={"given_on": on, "given_by": consent_by(data, on), "scope": CONSENT_SCOPE},
            allow_duplicates=True,
        )
        group = cluster(institution)
        if story.over_capacity_reason:
            actor = self.heads[institution.pk]
        story.placement = services.case_admit(
            actor=actor,
            resident=story.resident,
            institution=institution,
            on=on,
            referral_source=self.rng.choice(REFERRALS[group]),
            referral_letter_no=self.letter_no(on),
            room=room(self.rng, group),
            over_capacity_reason=story.over_capacity_reason,
        )

    def do_transfer(self, story: Story, on: date, stay: Stay) -> None:
        story.placement = services.placement_transfer(
            actor=self.actor(story.placement.institution),
            placement=story.placement,
            to_institution=stay.institution,
            on=on,
            room=room(self.rng, cluster(stay.institution)),
        )

    def do_event(self, story: Story, on: date, event: dict) -> None:
        event = {k: v for k, v in event.items() if k != "open"}
        services.event_record(
            actor=self.actor(story.placement.institution), resident=story.resident, on=on, **event
        )

    def do_end(self, story: Story, on: date, _arg) -> None:
        actor = self.actor(story.placement.institution)
        if story.reason == Case.TerminationReason.DIED:
            services.event_record(
                actor=actor,
                resident=story.resident,
                kind=ResidentEvent.Kind.DEATH,
                on=on,
                notes=DEATH_NOTES,
            )
            return
        services.case_terminate(
            actor=actor,
            case=story.placement.case,
            on=on,
            reason=story.reason,
            notes=TERMINATION_NOTES[story.reason],
        )

    def community(self, institutions: dict) -> int:
        """PM served outside the panti: registered, never placed."""
        made = 0
        for code, count in COMMUNITY.items():
            institution = institutions.get(code)
            if institution is None:
                continue
            for _ in range(count):
                story = Story(
                    home=institution,
                    stays=[Stay(institution, self.today - timedelta(days=self.rng.randint(0, 400)))],
                )
                data = self.people.person(story)
                try:
                    services.resident_register(
                        actor=self.actor(institution),
                        institution=institution,
                        data=data,
                        family=self.people.family(story, data),
                        allow_duplicates=True,
                    )
                except DomainError:
                    continue
                made += 1
        return made

    # -- in bulk -------------------------------------------------------------------------------

    def reserve_serials(self, stories: list[Story], year: int) -> dict:
        """The last serial before each institution's block of registration numbers."""
        groups = defaultdict(list)
        for story in stories:
            groups[story.home.pk].append(story)
        serials = {}
        for institution_id, group in groups.items():
            # Registration numbers as services.next_registration_no makes them, a block at a time.
            RegistrationCounter.objects.get_or_create(institution_id=institution_id, year=year)
            counter = RegistrationCounter.objects.select_for_update().get(
                institution_id=institution_id, year=year
            )
            serials[institution_id] = counter.last_serial
            counter.last_serial += len(group)
            counter.save(update_fields=["last_serial"])
        return serials

    def bulk_insert(self, stories: list[Story], counts: Counter) -> None:
        """The same plan written with ``bulk_create`` (each of these stories is one stay)."""
        if not stories:
            return
        rng, actor = self.rng, self.admin
        stamp = {"created_by": actor, "updated_by": actor}
        year = self.today.year
        serials = self.reserve_serials(stories, year)

        residents, families, consents, cases, placements, events = [], [], [], [], [], []
        for story in stories:
            stay, institution = story.stays[0], story.home
            data = self.people.person(story)
            if (
                data.get("nik")
                and not check_nik(data["nik"], birth_date=data["birth_date"], sex=data["sex"]).ok
            ):
                raise AssertionError("demo NIK rejected by nik.check_nik")
            serials[institution.pk] += 1
            resident = Resident(
                registration_no=f"{institution.code}-{year}-{serials[institution.pk]:05d}",
                registered_at=institution,
                origin_village_id=data.pop("origin_village", None),
                **data,
                **stamp,
            )
            story.resident = resident
            residents.append(resident)
            families.extend(
                FamilyMember(resident=resident, **m, **stamp) for m in self.people.family(story, data)
            )
            consents.append(
                Consent(
                    resident=resident,
                    given_on=stay.start,
                    given_by=consent_by(data, stay.start),
                    scope=CONSENT_SCOPE,
                    **stamp,
                )
            )
            group = cluster(institution)
            closed = stay.end is not None
            case = Case(
                resident=resident,
                institution=institution,
                opened_on=stay.start,
                referral_source=rng.choice(REFERRALS[group]),
                referral_letter_no=self.letter_no(stay.start),
                stage=Case.Stage.TERMINATION if closed else rng.choice(OPEN_STAGES),
                closed_on=stay.end,
                termination_reason=story.reason if closed else "",
                termination_notes=TERMINATION_NOTES.get(story.reason, "") if closed else "",
                **stamp,
            )
            cases.append(case)
            story.placement = Placement(
                resident=resident,
                case=case,
                institution=institution,
                period=DateRange(stay.start, stay.end),
                room=room(rng, group),
                end_reason=Placement.EndReason.DISCHARGE if closed else "",
                **stamp,
            )
            placements.append(story.placement)
            # Before the placement is saved: a room move leaves the placement in the new room.
            events.extend(self.bulk_events(story, stamp))

        with pghistory.context(user=actor.pk):
            # bulk_create copies each saved parent's new primary key into its children.
            Resident.objects.bulk_create(residents)
            FamilyMember.objects.bulk_create(families)
            Consent.objects.bulk_create(consents)
            Case.objects.bulk_create(cases)
            Placement.objects.bulk_create(placements)
            ResidentEvent.objects.bulk_create(events)
        counts["events"] += len(events)

    def bulk_events(self, story: Story, stamp: dict) -> list[ResidentEvent]:
        """The rows services.event_record writes for the story's events (and its death)."""
        Kind = ResidentEvent.Kind
        placement, stay = story.placement, story.stays[-1]
        planned = sorted(story.events, key=lambda e: e[0])
        if story.reason == Case.TerminationReason.DIED:
            planned.append((stay.end, {"kind": Kind.DEATH, "notes": DEATH_NOTES}))
        rows = []
        for on, event in planned:
            fields = {k: v for k, v in event.items() if k != "open"}
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

    def letter_no(self, on: date) -> str:
        if self.rng.random() < 0.4:
            return ""
        return f"{self.rng.randint(100, 999)}/{self.rng.randint(10, 99)}/{on.year}"
