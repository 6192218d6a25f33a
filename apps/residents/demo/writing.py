"""Writing the plan: the demo users' institutions through the domain services, the rest in bulk.

The PM of the institutions the demo users work at (``SHOWCASE``), every transfer, the
admissions over capacity and the PM away today are written through the domain
services, in date order, as the demo users: they obey the same rules as real use (one
placement at a time, capacity checked under a lock, over capacity only with the head's
approval and a reason, a closed case has a termination reason, a NIK that agrees with
the birth date and sex) and their audit history names the user. The other
institutions' PM (about nine in ten) are written by ``bulk.BulkWriter``.
"""

import random
from collections import Counter
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from apps.core.errors import DomainError
from apps.institutions.models import Institution, Membership

from .. import services
from ..models import Case, ResidentEvent
from .bulk import BulkWriter
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
from .planning import Stay, Story, cluster, letter_no, room

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
        BulkWriter(self.rng, self.today, self.people, self.admin).write(
            [s for s in stories if not s.via_services], counts
        )
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
                stage = self.rng.choice(OPEN_STAGES[1:])
                actor, case = self.actor(stay.institution), story.placement.case
                try:
                    with transaction.atomic():
                        services.case_stage_set(actor=actor, case=case, stage=stage)
                except DomainError:
                    # A stage gate (no completed assessment or approved plan yet): the case
                    # waits at asesmen; the rehabilitation demo does that work and moves it on.
                    services.case_stage_set(actor=actor, case=case, stage=Case.Stage.ASSESSMENT)

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
            referral_letter_no=letter_no(self.rng, on),
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
