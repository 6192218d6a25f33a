"""The plan: who stays where and when, before anything is written.

Each institution is planned as a set of beds: a bed holds one PM at a time, with a
gap between occupants, so occupancy never passes capacity except where the head
approves it (UPT-PSTW-JEMBER, two PM over capacity). UPT-RSBL-KEDIRI is exactly full.
A few PM are transferred between institutions of the same kind.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from apps.institutions.models import Institution

from ..models import Case, Resident, ResidentEvent
from .constants import (
    FULL,
    HEALTH,
    HOSPITAL,
    OPEN_ABSENCES,
    OVER_CAPACITY,
    OVER_CAPACITY_REASONS,
    REASON_WEIGHTS,
    REASON_WEIGHTS_DEFAULT,
    ROOMS,
    STAYS,
    TRANSFERS,
    WINDOW_DAYS,
)


@dataclass
class Stay:
    institution: Institution
    start: date
    end: date | None = None  # None: still there


@dataclass
class Story:
    """One PM's path: stays in consecutive institutions, how it ended, events on the way."""

    home: Institution
    stays: list = field(default_factory=list)
    reason: str = ""  # termination reason of the last stay, when it ended
    over_capacity_reason: str = ""
    events: list = field(default_factory=list)  # (date, kwargs for services.event_record)
    via_services: bool = False
    # Filled while seeding:
    resident: Resident | None = None
    placement: object = None
    failed: bool = False


def cluster(institution: Institution) -> str:
    return institution.clusters[0] if institution.clusters else "disabilitas"


def room(rng: random.Random, cluster: str) -> str:
    return f"{rng.choice(ROOMS[cluster])} {rng.randint(1, 8)}"


def letter_no(rng: random.Random, on: date) -> str:
    """A referral letter number, or none (four in ten come without a letter)."""
    if rng.random() < 0.4:
        return ""
    return f"{rng.randint(100, 999)}/{rng.randint(10, 99)}/{on.year}"


class Planner:
    def __init__(self, rng: random.Random, today: date):
        self.rng = rng
        self.today = today
        self.window_start = today - timedelta(days=WINDOW_DAYS)

    def plan(self, institutions: dict) -> list[Story]:
        rng = self.rng
        extras = defaultdict(int)
        transfers = [t for t in TRANSFERS if t[0] in institutions and t[1] in institutions]
        for source, target, pattern in transfers:
            extras[source if pattern == "in" else target] += 1
        beds = {}  # code -> list of lists of stories, one list per bed
        stories = []
        for code, institution in institutions.items():
            capacity = institution.capacity
            if code in (OVER_CAPACITY, FULL):
                current = capacity
            else:
                current = min(round(capacity * rng.uniform(0.6, 0.88)), capacity - extras[code] - 1)
            used = min(capacity - extras[code], current + max(1, capacity // 10))
            beds[code] = []
            for bed in range(used):
                occupants = self.plan_bed(institution, occupied=bed < current, latest=code == OVER_CAPACITY)
                beds[code].append(occupants)
                stories.extend(occupants)
        for source, target, pattern in transfers:
            self.plan_transfer(institutions[source], institutions[target], pattern, beds)
        if OVER_CAPACITY in institutions:
            jember = institutions[OVER_CAPACITY]
            for days_ago, reason in zip((6, 2), OVER_CAPACITY_REASONS, strict=True):
                story = Story(home=jember, stays=[Stay(jember, self.today - timedelta(days=days_ago))])
                story.over_capacity_reason = reason
                story.via_services = True
                stories.append(story)
        self.plan_reasons(stories)
        for story in stories:
            self.plan_events(story)
        self.plan_open_absences(stories, institutions)
        return stories

    def plan_bed(self, institution: Institution, *, occupied: bool, latest: bool) -> list[Story]:
        """Occupants of one bed, latest first planned backwards from today."""
        rng = self.rng
        low, high = STAYS[cluster(institution)]
        short = high <= 240
        earlier = rng.choices([0, 1, 2], weights=[20, 40, 40] if short else [50, 35, 15])[0]
        occupants = []
        if occupied:
            # Admitted at least ten days ago at the over-capacity institution: its last
            # admissions are the two approved by the head.
            since = rng.randint(10 if latest else 1, min(high, WINDOW_DAYS - 30))
            start = self.today - timedelta(days=since)
            occupants.append(Story(home=institution, stays=[Stay(institution, start)]))
        else:
            start = self.today - timedelta(days=rng.randint(1, 200))
            earlier += 1
        for _ in range(earlier):
            end = start - timedelta(days=rng.randint(1, 45))
            start = end - timedelta(days=rng.randint(low, high))
            if start < self.window_start:
                break
            occupants.append(Story(home=institution, stays=[Stay(institution, start, end)]))
        occupants.reverse()
        return occupants

    def plan_transfer(self, source, target, pattern, beds) -> None:
        """Attach an extra stay before (``in``) or after (``out``) a bed occupant's stay."""
        rng = self.rng
        if pattern == "in":
            candidates = [
                s
                for bed in beds[target.code]
                for s in bed
                if s.stays[0].start > self.window_start + timedelta(days=150)
            ]
            if not candidates:
                return
            story = rng.choice(candidates)
            arrival = story.stays[0].start
            before = Stay(source, arrival - timedelta(days=rng.randint(45, 140)), arrival)
            story.stays.insert(0, before)
            story.via_services = True
            story.home = source
        else:
            candidates = [
                s
                for bed in beds[source.code]
                for s in bed
                if s.stays[-1].end and s.stays[-1].end < self.today - timedelta(days=20)
            ]
            if not candidates:
                return
            story = rng.choice(candidates)
            leaving = story.stays[-1].end
            days_left = (self.today - leaving).days
            stay_end = (
                None
                if rng.random() < 0.6
                else leaving + timedelta(days=rng.randint(10, max(11, days_left - 1)))
            )
            if stay_end is not None and stay_end >= self.today:
                stay_end = None
            story.stays.append(Stay(target, leaving, stay_end))
            story.via_services = True

    def plan_reasons(self, stories: list[Story]) -> None:
        ended = [s for s in stories if s.stays[-1].end is not None]
        for story in ended:
            weights = REASON_WEIGHTS.get(cluster(story.stays[-1].institution), REASON_WEIGHTS_DEFAULT)
            story.reason = self.rng.choices(list(weights), weights=list(weights.values()))[0]
        # Every termination reason at least once, whatever the random draw.
        missing = [r for r in Case.TerminationReason.values if r not in {s.reason for s in ended}]
        for story, reason in zip(
            self.rng.sample(ended, min(len(ended), len(missing))), missing, strict=False
        ):
            story.reason = reason

    def plan_events(self, story: Story) -> None:
        rng = self.rng
        stay = story.stays[-1]
        first, last = stay.start, (stay.end - timedelta(days=1)) if stay.end else self.today
        span = (last - first).days
        group = cluster(stay.institution)
        if span > 20 and rng.random() < 0.25:
            on = first + timedelta(days=rng.randint(1, span))
            story.events.append((on, {"kind": ResidentEvent.Kind.ROOM_MOVE, "room": room(rng, group)}))
        if span > 40 and rng.random() < 0.3:
            on = first + timedelta(days=rng.randint(1, span - 25))
            if group in ("lansia", "disabilitas") and rng.random() < 0.4:
                back = on + timedelta(days=rng.randint(2, 14))
                story.events.append(
                    (
                        on,
                        {
                            "kind": ResidentEvent.Kind.HOSPITAL,
                            "hospital": HOSPITAL,
                            "returned_on": back,
                            "notes": rng.choice(HEALTH),
                        },
                    )
                )
            elif group == "anak" and rng.random() < 0.3:
                back = on + timedelta(days=rng.randint(1, 5))
                story.events.append((on, {"kind": ResidentEvent.Kind.RAN_AWAY, "returned_on": back}))
            else:
                expected = on + timedelta(days=rng.randint(3, 10))
                back = expected + timedelta(days=rng.choice([-1, 0, 0, 0, 1, 3]))
                back = max(on, back)
                story.events.append(
                    (
                        on,
                        {
                            "kind": ResidentEvent.Kind.HOME_LEAVE,
                            "expected_return_on": expected,
                            "returned_on": back,
                            "notes": "Izin pulang menjenguk keluarga.",
                        },
                    )
                )
        # Events go forward in time: a room move planned during an absence waits for the return.
        absences = [(on, event["returned_on"]) for on, event in story.events if event.get("returned_on")]
        planned = []
        for on, event in story.events:
            if event["kind"] == ResidentEvent.Kind.ROOM_MOVE:
                on = max([on, *(back for start, back in absences if start <= on < back)])
            planned.append((on, event))
        story.events = planned
        if story.reason == Case.TerminationReason.RAN_AWAY:
            # Ran away and did not come back: terminated two weeks later.
            run = (
                stay.end - timedelta(days=14)
                if (stay.end - stay.start).days > 20
                else stay.start + timedelta(days=1)
            )
            story.events = [e for e in story.events if max(e[0], e[1].get("returned_on") or e[0]) < run]
            story.events.append(
                (run, {"kind": ResidentEvent.Kind.RAN_AWAY, "notes": "Tidak kembali setelah apel pagi."})
            )

    def plan_open_absences(self, stories: list[Story], institutions: dict) -> None:
        """Some PM away today (``OPEN_ABSENCES``); they go through the services."""
        for code, days_ago, due in OPEN_ABSENCES:
            if code not in institutions:
                continue
            on = self.today - timedelta(days=days_ago)
            candidates = [
                s
                for s in stories
                if s.stays[-1].institution.code == code
                and s.stays[-1].end is None
                and s.stays[-1].start < on - timedelta(days=5)
                and not s.over_capacity_reason
                and not any(e[1].get("open") for e in s.events)
            ]
            if not candidates:
                continue
            story = self.rng.choice(candidates)
            story.events = [e for e in story.events if e[0] < on and e[1].get("returned_on", on) < on]
            if due is None:
                event = {
                    "kind": ResidentEvent.Kind.HOSPITAL,
                    "hospital": HOSPITAL,
                    "notes": "Rawat inap: pneumonia.",
                    "open": True,
                }
            else:
                event = {
                    "kind": ResidentEvent.Kind.HOME_LEAVE,
                    "expected_return_on": self.today - timedelta(days=due),
                    "notes": "Izin pulang ke rumah anak.",
                    "open": True,
                }
            story.events.append((on, event))
            story.via_services = True
