"""The bench residents, their cases, placements and events: generated in batches, written with COPY.

Each resident has 0 to 3 consecutive placements (earlier ones end in a transfer, the last
is current or a discharge), a case that is open or closed to match, and a few residential
events inside the last placement. The rows are consistent, so the check and exclusion
constraints stay on during the load.
"""

import random
from collections import Counter, defaultdict
from datetime import timedelta

from django.utils import timezone

from apps.regions.models import Region
from apps.residents.demo import OPEN_STAGES
from apps.residents.models import Case, Placement, Resident, ResidentEvent
from benchmarks.common import next_id

from .data import PREFIX

BATCH = 50_000
RESIDENT_COLUMNS = (
    "id, created_at, updated_at, registration_no, registered_at_id, full_name, nickname, sex, birth_place, "
    "birth_date, birth_date_estimated, nik, family_card_no, religion, marital_status, education, "
    "origin_village_id, origin_street, origin_rt, origin_rw, mother_name, welfare_category_id, disabilities, "
    "health_notes, allergies, photo, dtsen_id, welfare_decile, institution_ids"
)
CASE_COLUMNS = (
    "id, created_at, updated_at, resident_id, institution_id, opened_on, referral_source, "
    "referral_letter_no, stage, closed_on, termination_reason, termination_notes"
)
PLACEMENT_COLUMNS = (
    "id, created_at, updated_at, resident_id, case_id, institution_id, period, room, end_reason, "
    "over_capacity_reason"
)
EVENT_COLUMNS = (
    "id, created_at, updated_at, resident_id, placement_id, kind, occurred_on, expected_return_on, "
    "returned_on, room, hospital, notes"
)
WISMA = ["Melati", "Mawar", "Anggrek", "Kenanga", "Cempaka", "Flamboyan", "Dahlia", "Teratai", "Bougenville"]
HOSPITALS = [
    "RSUD dr. Soetomo",
    "RSUD dr. Soebandi",
    "RSUD dr. Koesma",
    "RS Bhayangkara",
    "Puskesmas Kaliwates",
]
CLUSTER_AGES = {"anak": (0, 17), "lansia": (60, 92)}
CLOSED_STAGES = [Case.Stage.TERMINATION, Case.Stage.AFTERCARE]


def copy_people(cursor, rng: random.Random, institutions: list[dict], counts: dict) -> Counter:
    """Write the people of the bench institutions; ``counts[k]`` residents get ``k`` placements."""
    from faker.providers.person.id_ID import Provider as Names

    today = timezone.localdate()
    now = timezone.now()
    males, females = list(Names.first_names_male), list(Names.first_names_female)
    last_male, last_female = list(Names.last_names_male), list(Names.last_names_female)
    districts = defaultdict(list)
    villages = defaultdict(list)
    for code, level in Region.objects.filter(level__gte=Region.Level.DISTRICT).values_list("code", "level"):
        (districts if level == Region.Level.DISTRICT else villages)[code[:5]].append(code)
    by_province = defaultdict(list)
    for institution in institutions:
        by_province[institution["province"]].append(institution)
    reasons = list(Case.TerminationReason.values)
    sources = list(Case.ReferralSource.values)
    religions = ["islam"] * 17 + ["kristen", "katolik", "hindu", "tidak_diketahui"]
    plan = [k for k, n in counts.items() for _ in range(n)]
    rng.shuffle(plan)
    ids = {model: next_id(cursor, model) for model in (Resident, Case, Placement, ResidentEvent)}
    serials = Counter()
    totals = Counter()

    for batch_start in range(0, len(plan), BATCH):
        residents, cases, placements, events = [], [], [], []
        for n_placements in plan[batch_start : batch_start + BATCH]:
            number = batch_start + len(residents) + 1
            home = rng.choice(institutions)
            resident_id, case_id = ids[Resident], ids[Case]
            ids[Resident] += 1
            ids[Case] += 1
            sex = "P" if rng.random() < 0.5 else "L"
            given = females if sex == "P" else males
            shape = rng.random()
            if shape < 0.3:
                name = rng.choice(given)
            elif shape < 0.8:
                name = f"{rng.choice(given)} {rng.choice(last_female if sex == 'P' else last_male)}"
            else:
                name = f"{rng.choice(given)} {rng.choice(given)} {rng.choice(last_male)}"

            # Consecutive placements: earlier ones end in a transfer, the last is current or a discharge.
            current = n_placements > 0 and rng.random() < 0.36
            lengths = [rng.randint(60, 900) for _ in range(n_placements)]
            if current:
                start = today - timedelta(days=sum(lengths[:-1]) + rng.randint(0, 1500))
            else:
                start = today - timedelta(days=sum(lengths) + rng.randint(0, 2500))
            opened_on = start
            low, high = CLUSTER_AGES.get(home["cluster"], (18, 59))
            birth = start - timedelta(days=rng.randint(low * 365, high * 365 + 364))
            estimated = rng.random() < (0.35 if home["cluster"] == "tuna_sosial" else 0.12)
            if estimated:
                birth = birth.replace(month=7, day=1)
            nik = family_card = ""
            village = None
            if rng.random() < 0.7:
                village = rng.choice(villages[home["region"]] or [None])
            if not estimated and rng.random() < 0.6 and districts[home["region"]]:
                district = rng.choice(districts[home["region"]])
                day = birth.day + (40 if sex == "P" else 0)
                stem = f"{district.replace('.', '')}{day:02d}{birth.month:02d}{birth.year % 100:02d}"
                # Serials from 9001 up: clear of the demo data's, which stay below 9000.
                serials[stem] += 1
                nik = f"{stem}{9000 + serials[stem]:04d}"
                family_card = f"{district.replace('.', '')}{rng.randint(0, 9_999_999_999):010d}"
            residents.append(
                (
                    resident_id,
                    now,
                    now,
                    f"{PREFIX}{number:07d}",
                    home["id"],
                    name,
                    name.split()[0] if rng.random() < 0.2 else "",
                    sex,
                    "" if estimated else home["place"],
                    birth,
                    estimated,
                    nik or None,
                    family_card,
                    rng.choice(religions),
                    "tidak_diketahui",
                    "tidak_diketahui",
                    village,
                    "",
                    "",
                    "",
                    "" if estimated else rng.choice(females),
                    rng.choice(home["categories"]),
                    "{mental}" if rng.random() < 0.1 else "{}",
                    "",
                    "",
                    "",
                    "",
                    rng.randint(1, 10) if rng.random() < 0.3 else None,
                    "{}",  # filled by INSTITUTION_IDS_REFRESH_SQL after the load
                )
            )
            institution = home
            case_institution = home
            last_placement = None
            for index, length in enumerate(lengths):
                last = index == n_placements - 1
                end = None if (last and current) else start + timedelta(days=length)
                placement_id = ids[Placement]
                ids[Placement] += 1
                room = f"Wisma {rng.choice(WISMA)} {rng.randint(1, 12)}"
                placements.append(
                    (
                        placement_id,
                        now,
                        now,
                        resident_id,
                        case_id,
                        institution["id"],
                        f"[{start},{end or ''})",
                        room,
                        "" if end is None else ("discharge" if last else "transfer"),
                        "",
                    )
                )
                last_placement = (placement_id, start, end)
                case_institution = institution
                if end is not None:
                    start = end
                    neighbours = by_province[institution["province"]]
                    institution = rng.choice(neighbours if len(neighbours) > 1 else institutions)
            closed_on = reason = ""
            if n_placements and not current:
                closed_on, reason = start, rng.choice(reasons)
            elif not n_placements and rng.random() < 0.5:
                opened_on = today - timedelta(days=rng.randint(0, 1500))
                closed_on, reason = opened_on + timedelta(days=rng.randint(0, 300)), rng.choice(reasons)
                closed_on = min(closed_on, today)
            elif not n_placements:
                opened_on = today - timedelta(days=rng.randint(0, 1500))
            cases.append(
                (
                    case_id,
                    now,
                    now,
                    resident_id,
                    case_institution["id"],
                    opened_on,
                    rng.choice(sources),
                    "",
                    rng.choice(CLOSED_STAGES if reason else OPEN_STAGES),
                    closed_on or None,
                    reason,
                    # "Other" says what it was (check case_other_reason_has_notes).
                    "Terminasi atas permintaan keluarga." if reason == Case.TerminationReason.OTHER else "",
                )
            )
            if last_placement is not None:
                add_events(rng, events, ids, today, now, resident_id, last_placement, reason)
        for table, columns, rows in (
            (Resident, RESIDENT_COLUMNS, residents),
            (Case, CASE_COLUMNS, cases),
            (Placement, PLACEMENT_COLUMNS, placements),
            (ResidentEvent, EVENT_COLUMNS, events),
        ):
            with cursor.copy(f"COPY {table._meta.db_table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        totals.update(
            residents=len(residents), cases=len(cases), placements=len(placements), events=len(events)
        )
    return totals


def add_events(rng, events, ids, today, now, resident_id, placement, reason) -> None:
    """A few residential events inside the resident's last placement."""
    placement_id, start, end = placement
    last_day = (end - timedelta(days=1)) if end else today
    if reason == Case.TerminationReason.DIED:
        kinds = ["death"]
    elif rng.random() < 0.15:
        kinds = rng.sample(["room_move", "home_leave", "hospital"], rng.randint(1, 2))
    else:
        return
    for kind in kinds:
        occurred = (
            last_day if kind == "death" else start + timedelta(days=rng.randint(0, (last_day - start).days))
        )
        expected = returned = None
        room = hospital = notes = ""
        if kind == "room_move":
            room = f"Wisma {rng.choice(WISMA)} {rng.randint(1, 12)}"
        elif kind == "home_leave":
            expected = occurred + timedelta(days=rng.randint(3, 14))
            # A leave is still open only for residents in care (overdue when expected is past).
            if end is not None or rng.random() < 0.7:
                returned = max(occurred, min(expected + timedelta(days=rng.randint(-2, 3)), last_day))
                if returned > today:
                    returned = None
        elif kind == "hospital":
            hospital = rng.choice(HOSPITALS)
            returned = min(occurred + timedelta(days=rng.randint(2, 20)), last_day)
            if returned < occurred or returned > today:
                returned = None
        events.append(
            (
                ids[ResidentEvent],
                now,
                now,
                resident_id,
                placement_id,
                kind,
                occurred,
                expected,
                returned,
                room,
                hospital,
                notes,
            )
        )
        ids[ResidentEvent] += 1
