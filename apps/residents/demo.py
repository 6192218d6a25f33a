"""Demo residents (PM) with three years of history in every demo institution.

The PM of the institutions the demo users work at (UPT-PSTW-JEMBER: ``petugas`` and
``kepala``; UPT-PSBG-TUBAN: ``petugas2``), every transfer, the admissions over
capacity and the PM away today are written through the domain services
(``services.py``), in date order, as the demo users: they obey the same rules as real
use (one placement at a time, capacity checked under a lock, over capacity only with
the head's approval and a reason, a closed case has a termination reason, a NIK that
agrees with the birth date and sex) and their audit history names the user.

The other institutions' PM (about nine in ten) follow the same plan but are written
with ``bulk_create``, as the ``admin`` user: through the services, seeding took over
three minutes (about 45 queries per PM). The plan keeps them inside the rules: the
database checks the constraints (one placement at a time, closed case has a reason,
NIK format and uniqueness), the bed plan keeps occupancy within capacity, and every
NIK passes ``nik.check_nik``.

Each institution is planned as a set of beds: a bed holds one PM at a time, with a
gap between occupants, so occupancy never passes capacity except where the head
approves it (UPT-PSTW-JEMBER, two PM over capacity). UPT-RSBL-KEDIRI is exactly full.
A few PM are transferred between institutions of the same kind; some are served in
the community without a placement.

Idempotent: an institution that already has residents registered there is skipped.
"""

import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

import pghistory
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone
from faker import Faker

from apps.core.errors import DomainError
from apps.institutions.demo import LKS_JATIM, PANTI_JATENG, UPT_JATIM
from apps.institutions.models import Institution, Membership
from apps.regions.models import Region

from . import services
from .models import (
    Case,
    Consent,
    Disability,
    Education,
    FamilyMember,
    MaritalStatus,
    Placement,
    RegistrationCounter,
    Religion,
    Resident,
    ResidentEvent,
)
from .nik import check_nik

WINDOW_DAYS = 3 * 365  # admissions over the last three years
OVER_CAPACITY = "UPT-PSTW-JEMBER"  # two PM over capacity, approved by its head (``kepala``)
FULL = "UPT-RSBL-KEDIRI"  # exactly at capacity
# Institutions of the demo users: all their PM go through the services.
SHOWCASE = {"UPT-PSTW-JEMBER", "UPT-PSBG-TUBAN"}
CONSENT_SCOPE = "Pendataan, asesmen dan rehabilitasi sosial di lembaga; pelaporan ke Dinas Sosial."
TERMINATION_NOTES = {
    "returned_to_family": "Diserahkan kepada keluarga dengan berita acara.",
    "independent": "Sudah mandiri dan bekerja.",
    "referred": "Dirujuk ke lembaga yang lebih sesuai.",
    "ran_away": "Tidak kembali setelah kabur; pencarian tidak berhasil.",
    "other": "Terminasi atas permintaan sendiri.",
}
OVER_CAPACITY_REASONS = [
    "Rujukan Dinsos Kabupaten: lansia terlantar ditemukan di jalan, tidak ada keluarga yang dapat "
    "dihubungi. Ditempatkan sementara di ruang isolasi sampai ada tempat kosong.",
    "Lansia korban bencana banjir, rumah hanyut; penempatan darurat atas permintaan camat.",
]

# (transfer from, transfer to, pattern). "in": the stay at the first institution is
# extra to its beds and the PM continues in a bed of the second; "out": the PM leaves
# a bed of the first and continues as an extra at the second.
TRANSFERS = [
    ("UPT-PSTW-BONDOWOSO", "UPT-PSTW-JEMBER", "in"),
    ("UPT-PSTW-JEMBER", "LKS-LU-KASIH-IBU-GRS", "out"),
    ("UPT-PSBG-BLITAR", "UPT-PSBG-TUBAN", "in"),
    ("UPT-PSBG-TUBAN", "UPT-PSBG-KEDIRI", "out"),
    ("UPT-RSGP-MOJOKERTO", "UPT-RSGP-PROBOLINGGO", "in"),
    ("UPT-RSGP-PROBOLINGGO", "UPT-RSBK-SIDOARJO", "out"),
    ("UPT-PSAA-SIDOARJO", "LKSA-AL-HIKMAH-SBY", "out"),
    ("UPT-PSBR-JOMBANG", "UPT-PSBR-BLITAR", "in"),
    ("UPT-RSBL-PASURUAN", "UPT-RSBL-KEDIRI", "in"),
    ("LKS-ODGJ-BERKAH-JBR", "UPT-RSBL-PASURUAN", "in"),
    ("JTG-PGP-KUDUS", "JTG-RSBL-BOYOLALI", "out"),
]
# Institutions that also serve PM in the community (no placement).
COMMUNITY = {
    "UPT-PSTW-JEMBER": 4,
    "UPT-PSBG-TUBAN": 3,
    "LKS-LU-KASIH-IBU-GRS": 5,
    "LKS-DIS-MANDIRI-SDA": 6,
    "LKSA-BUDI-MULIA-MLG": 4,
    "JTG-PSTW-SEMARANG": 3,
}

# Days a stay lasts (current occupant: days since admission), by cluster.
STAYS = {
    "lansia": (240, 1400),
    "anak": (300, 1200),
    "disabilitas": (200, 1000),
    "tuna_sosial": (45, 240),
    "napza": (90, 180),
    "perlindungan": (21, 120),
}
# Age at admission by PPKS code.
AGES = {
    "ABT": (0, 4),
    "AT": (6, 16),
    "AMPK": (6, 16),
    "AJAL": (9, 16),
    "ABH": (13, 17),
    "ADK": (7, 16),
    "AKTK": (8, 16),
    "LUT": (60, 88),
    "PD": (14, 50),
    "GEL": (25, 70),
    "PENG": (25, 70),
    "PEM": (18, 60),
    "TS": (18, 38),
    "KTRAF": (16, 32),
    "PRSE": (20, 50),
    "NAPZA": (16, 35),
    "KTK": (10, 40),
}
FEMALE_ONLY = {"TS", "KTRAF", "PRSE"}
ROOMS = {
    "lansia": ["Wisma Melati", "Wisma Mawar", "Wisma Kenanga", "Wisma Cempaka", "Wisma Dahlia"],
    "anak": ["Asrama Putra", "Asrama Putri", "Wisma Ceria", "Wisma Harapan"],
    "disabilitas": ["Wisma Anggrek", "Wisma Teratai", "Wisma Flamboyan", "Ruang Rawat Khusus"],
    "tuna_sosial": ["Barak A", "Barak B", "Wisma Karya", "Wisma Sejahtera"],
    "napza": ["Wisma Pemulihan", "Wisma Harapan Baru"],
    "perlindungan": ["Rumah Aman 1", "Rumah Aman 2"],
}
HEALTH = ["Hipertensi", "Diabetes melitus tipe 2", "Katarak", "Riwayat stroke ringan", "Asam urat", "Asma"]
REASON_WEIGHTS = {
    "lansia": {
        "died": 40,
        "returned_to_family": 30,
        "referred": 8,
        "independent": 4,
        "ran_away": 4,
        "other": 6,
    },
    "anak": {
        "returned_to_family": 45,
        "independent": 25,
        "referred": 12,
        "ran_away": 10,
        "other": 6,
        "died": 2,
    },
    "disabilitas": {
        "returned_to_family": 45,
        "independent": 20,
        "referred": 15,
        "ran_away": 6,
        "other": 8,
        "died": 6,
    },
}
REASON_WEIGHTS_DEFAULT = {
    "returned_to_family": 35,
    "independent": 30,
    "referred": 12,
    "ran_away": 15,
    "other": 6,
    "died": 2,
}
REFERRALS = {
    "lansia": ["keluarga", "keluarga", "sendiri", "lembaga_lain", "razia"],
    "anak": ["keluarga", "keluarga", "lembaga_lain", "polisi", "rumah_sakit"],
    "disabilitas": ["keluarga", "keluarga", "lembaga_lain", "razia"],
    "tuna_sosial": ["razia", "razia", "razia", "polisi", "lembaga_lain"],
    "napza": ["polisi", "keluarga", "sendiri"],
    "perlindungan": ["polisi", "rumah_sakit", "lembaga_lain"],
}
MOBILE_PREFIXES = [11, 12, 13, 21, 22, 52, 56, 57, 81, 95]
OPEN_STAGES = [
    Case.Stage.APPROACH,
    Case.Stage.ASSESSMENT,
    Case.Stage.PLANNING,
    Case.Stage.INTERVENTION,
    Case.Stage.INTERVENTION,
    Case.Stage.RESOCIALISATION,
]
# Order of the steps on one day: beds are freed before they are taken again.
END, TRANSFER, EVENT, ADMIT = range(4)


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


def seed(*, stdout, seed: int) -> None:
    started = time.perf_counter()
    Seeder(seed).run(stdout)
    stdout.write(f"  (PM demo: {time.perf_counter() - started:.1f} s)")


class Seeder:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.fake = Faker("id_ID")
        self.fake.seed_instance(seed)
        self.today = timezone.localdate()
        self.window_start = self.today - timedelta(days=WINDOW_DAYS)
        self.niks = set()

    # -- planning -------------------------------------------------------------------------------

    def run(self, stdout) -> None:
        codes = [row[0] for row in (*UPT_JATIM, *LKS_JATIM, *PANTI_JATENG)]
        institutions = {
            i.code: i
            for i in Institution.objects.filter(code__in=codes)
            .prefetch_related("categories")
            .order_by("code")
        }
        seeded = set(
            Resident.objects.filter(registered_at__in=institutions.values()).values_list(
                "registered_at__code", flat=True
            )
        )
        todo = {code: i for code, i in institutions.items() if code not in seeded}
        if not todo:
            stdout.write(f"PM demo: sudah ada di {len(seeded)} lembaga, tidak ada yang ditambah.")
            return
        self.load_lookups(todo.values())
        stories = self.plan(todo)
        counts = self.execute(stories)
        community = self.community(todo)
        stdout.write(
            f"PM demo: {counts['residents'] + community:,} PM di {len(todo)} lembaga "
            f"({counts['current']:,} dalam panti, {counts['closed']:,} sudah keluar, "
            f"{counts['transfers']} pindah lembaga, {community} layanan luar panti, "
            f"{counts['events']:,} kejadian); {len(seeded)} lembaga dilewati karena sudah berisi PM."
        )
        if counts["failed"]:
            stdout.write(f"  {counts['failed']} riwayat PM ditolak aturan layanan dan dilewati.")

    def load_lookups(self, institutions) -> None:
        User = get_user_model()
        self.admin = User.objects.get(username="admin")
        regencies = {i.region_id[:5] for i in institutions}
        self.districts = defaultdict(list)
        self.villages = defaultdict(list)
        for code, level in (
            Region.objects.filter(
                level__in=[Region.Level.DISTRICT, Region.Level.VILLAGE], parent__isnull=False
            )
            .filter(code__regex=r"^(" + "|".join(c.replace(".", r"\.") for c in regencies) + r")\.")
            .values_list("code", "level")
        ):
            (self.districts if level == Region.Level.DISTRICT else self.villages)[code[:5]].append(code)
        self.regency_names = dict(Region.objects.filter(code__in=regencies).values_list("code", "name"))
        # The demo staff act for their institution; the head approves going over capacity.
        self.staff = {}
        self.heads = {}
        for membership in Membership.objects.filter(institution__in=institutions).select_related("user"):
            target = self.heads if membership.role == Membership.Role.HEAD else self.staff
            target.setdefault(membership.institution_id, membership.user)
        self.niks = set(Resident.objects.exclude(nik=None).values_list("nik", flat=True))

    def cluster(self, institution: Institution) -> str:
        return institution.clusters[0] if institution.clusters else "disabilitas"

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
        low, high = STAYS[self.cluster(institution)]
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
            weights = REASON_WEIGHTS.get(self.cluster(story.stays[-1].institution), REASON_WEIGHTS_DEFAULT)
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
        cluster = self.cluster(stay.institution)
        if span > 20 and rng.random() < 0.25:
            on = first + timedelta(days=rng.randint(1, span))
            room = f"{rng.choice(ROOMS[cluster])} {rng.randint(1, 8)}"
            story.events.append((on, {"kind": ResidentEvent.Kind.ROOM_MOVE, "room": room}))
        if span > 40 and rng.random() < 0.3:
            on = first + timedelta(days=rng.randint(1, span - 25))
            if cluster in ("lansia", "disabilitas") and rng.random() < 0.4:
                back = on + timedelta(days=rng.randint(2, 14))
                story.events.append(
                    (
                        on,
                        {
                            "kind": ResidentEvent.Kind.HOSPITAL,
                            "returned_on": back,
                            "notes": rng.choice(HEALTH),
                        },
                    )
                )
            elif cluster == "anak" and rng.random() < 0.3:
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
        if story.reason == Case.TerminationReason.RAN_AWAY:
            # Ran away and did not come back: terminated two weeks later.
            run = (
                stay.end - timedelta(days=14)
                if (stay.end - stay.start).days > 20
                else stay.start + timedelta(days=1)
            )
            story.events = [e for e in story.events if e[0] < run]
            story.events.append(
                (run, {"kind": ResidentEvent.Kind.RAN_AWAY, "notes": "Tidak kembali setelah apel pagi."})
            )

    def plan_open_absences(self, stories: list[Story], institutions: dict) -> None:
        """Some PM away today: two on overdue home leave, one on leave, one in hospital."""
        wanted = [
            (OVER_CAPACITY, 20, 10),  # on leave 20 days ago, expected back 10 days ago: overdue
            ("UPT-PSBG-TUBAN", 12, 5),  # overdue
            ("UPT-PSTW-MAGETAN", 3, -4),  # expected back in four days
            (OVER_CAPACITY, 4, None),  # in hospital
        ]
        for code, days_ago, due in wanted:
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
                    "notes": "Rawat inap di RSUD: pneumonia.",
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

    # -- people ---------------------------------------------------------------------------------

    def person(self, story: Story) -> dict:
        rng, fake = self.rng, self.fake
        institution = story.stays[0].institution
        categories = list(institution.categories.all())
        category = rng.choice(categories)
        code = category.code
        cluster = self.cluster(institution)
        if code in FEMALE_ONLY or institution.code == "UPT-RSW-KEDIRI":
            sex = "P"
        elif code == "NAPZA":
            sex = "L" if rng.random() < 0.85 else "P"
        elif code in ("GEL", "PENG", "PEM"):
            sex = "L" if rng.random() < 0.65 else "P"
        elif code == "LUT":
            sex = "P" if rng.random() < 0.6 else "L"
        else:
            sex = rng.choice("LP")
        female = sex == "P"
        first = fake.first_name_female() if female else fake.first_name_male()
        last = fake.last_name_female() if female else fake.last_name_male()
        # Many Javanese elders and children of the street have one name only.
        single = rng.random() < (0.6 if cluster in ("lansia", "tuna_sosial") else 0.25)
        full_name = first if single else f"{first} {last}"

        low, high = AGES.get(code, (18, 55))
        admitted = story.stays[0].start
        birth = admitted - timedelta(days=rng.randint(low * 365, high * 365 + 364))
        unknown_origin = code in ("ABT", "GEL", "PENG", "PEM") or (
            cluster == "disabilitas" and rng.random() < 0.3
        )
        estimated = unknown_origin and rng.random() < 0.7 or (code == "LUT" and rng.random() < 0.2)
        if estimated:
            birth = date(birth.year, 7, 1)
        regency = institution.region_id[:5]
        data = {
            "full_name": full_name,
            "sex": sex,
            "birth_date": birth,
            "birth_date_estimated": estimated,
            "welfare_category": category,
            "religion": self.religion(institution, estimated),
            "marital_status": self.marital(birth, admitted, estimated),
            "education": self.education(birth, admitted, estimated),
        }
        if code == "LUT" and rng.random() < 0.4:
            data["nickname"] = f"Mbah {first.split()[0]}"
        elif unknown_origin and rng.random() < 0.4:
            data["nickname"] = first.split()[0]
        if not estimated:
            data["birth_place"] = self.regency_names.get(regency, "").title().removeprefix("Kabupaten ")
        if not estimated and not unknown_origin and rng.random() < 0.8:
            if self.villages[regency]:
                data["origin_village"] = rng.choice(self.villages[regency])
            data["origin_street"] = rng.choice(
                [f"Jl. {fake.street_name()} No. {rng.randint(1, 120)}", f"Dusun {fake.last_name()}"]
            )
            data["origin_rt"], data["origin_rw"] = f"{rng.randint(1, 12):03d}", f"{rng.randint(1, 8):03d}"
            data["mother_name"] = fake.first_name_female()
            if rng.random() < (0.9 if code in ("LUT", "NAPZA", "PRSE") else 0.6):
                nik = self.nik(regency, birth, sex)
                if nik:
                    data["nik"] = nik
                    data["family_card_no"] = (
                        nik[:6]
                        + f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}"
                        + (f"{rng.randint(5, 23):02d}{rng.randint(1, 9999):04d}")
                    )
                    if rng.random() < 0.5:
                        data["dtsen_id"] = f"{nik[:4]}{rng.randint(10**9, 10**10 - 1)}"
                        data["welfare_decile"] = rng.randint(1, 4)
        if cluster == "lansia" and rng.random() < 0.5:
            data["health_notes"] = ", ".join(rng.sample(HEALTH, rng.randint(1, 2)))
        disabilities = {
            "UPT-PSBG": [Disability.INTELLECTUAL],
            "UPT-PSBN": [Disability.SENSORY],
            "JTG-PSBN": [Disability.SENSORY],
            "UPT-PSBD": [Disability.PHYSICAL],
            "LKS-DIS-": [Disability.PHYSICAL],
            "UPT-RSBL": [Disability.MENTAL],
            "JTG-RSBL": [Disability.MENTAL],
            "LKS-ODGJ": [Disability.MENTAL],
        }.get(institution.code[:8])
        if disabilities:
            data["disabilities"] = disabilities
        elif cluster == "lansia" and rng.random() < 0.15:
            data["disabilities"] = [Disability.PHYSICAL]
        return data

    def nik(self, regency: str, birth: date, sex: str) -> str | None:
        """A NIK that passes every check: kecamatan of the regency, DD(+40)MMYY, serial not 0000."""
        if not self.districts[regency]:
            return None
        day = birth.day + (40 if sex == "P" else 0)
        for _ in range(5):
            district = self.rng.choice(self.districts[regency]).replace(".", "")
            # Serials stay below 9000: the benchmark data uses 9001 and up.
            nik = f"{district}{day:02d}{birth.month:02d}{birth.year % 100:02d}{self.rng.randint(1, 8999):04d}"
            if nik not in self.niks:
                self.niks.add(nik)
                return nik
        return None

    def religion(self, institution: Institution, estimated: bool) -> str:
        if estimated and self.rng.random() < 0.5:
            return Religion.UNKNOWN
        weights = {Religion.ISLAM: 87, Religion.PROTESTANT: 6, Religion.CATHOLIC: 4, Religion.HINDU: 1}
        weights[Religion.BUDDHIST] = weights[Religion.CONFUCIAN] = 1
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def marital(self, birth: date, on: date, estimated: bool) -> str:
        age = (on - birth).days // 365
        if age < 18:
            return MaritalStatus.SINGLE
        if estimated and self.rng.random() < 0.6:
            return MaritalStatus.UNKNOWN
        if age >= 60:
            return self.rng.choice(
                [MaritalStatus.WIDOWED] * 3 + [MaritalStatus.DIVORCED, MaritalStatus.SINGLE]
            )
        return self.rng.choice([MaritalStatus.SINGLE, MaritalStatus.MARRIED, MaritalStatus.DIVORCED])

    def education(self, birth: date, on: date, estimated: bool) -> str:
        age = (on - birth).days // 365
        if age < 7:
            return Education.NONE
        if estimated and self.rng.random() < 0.6:
            return Education.UNKNOWN
        if age < 13:
            return Education.SD
        if age < 16:
            return self.rng.choice([Education.SD, Education.SMP])
        options = [Education.NONE, Education.SD, Education.SD, Education.SMP, Education.SMA]
        return self.rng.choice(options + ([Education.DIPLOMA] if age > 20 else []))

    def family(self, story: Story, data: dict) -> list[dict]:
        if data.get("birth_date_estimated") or self.rng.random() < 0.35:
            return []
        fake, rng = self.fake, self.rng
        cluster = self.cluster(story.home)
        if cluster == "lansia":
            relationship = rng.choice(["anak", "anak", "saudara", "kerabat"])
        elif cluster == "anak":
            relationship = rng.choice(["ibu", "ayah", "kerabat", "wali"])
        else:
            relationship = rng.choice(["ibu", "ayah", "saudara", "pasangan"])
        female = relationship == "ibu" or (relationship != "ayah" and rng.random() < 0.5)
        name = fake.name_female() if female else fake.name_male()
        return [
            {
                "name": name,
                "relationship": relationship,
                "is_guardian": True,
                "phone": f"08{rng.choice(MOBILE_PREFIXES)}{rng.randint(10**7, 10**8 - 1)}",
                "address": data.get("origin_street", ""),
            }
        ]

    # -- execution ------------------------------------------------------------------------------

    def actor(self, institution: Institution):
        return self.staff.get(institution.pk, self.admin)

    def execute(self, stories: list[Story]) -> dict:
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

    def bulk_insert(self, stories: list[Story], counts: Counter) -> None:
        """The same plan written with ``bulk_create`` (each of these stories is one stay)."""
        if not stories:
            return
        rng, actor = self.rng, self.admin
        stamp = {"created_by": actor, "updated_by": actor}
        year = self.today.year
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

        residents, families, consents, cases, placements, events = [], [], [], [], [], []
        for story in stories:
            stay, institution = story.stays[0], story.home
            data = self.person(story)
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
            families.extend(FamilyMember(resident=resident, **m, **stamp) for m in self.family(story, data))
            consents.append(
                Consent(
                    resident=resident,
                    given_on=stay.start,
                    given_by=self.consent_by(data, stay.start),
                    scope=CONSENT_SCOPE,
                    **stamp,
                )
            )
            cluster = self.cluster(institution)
            closed = stay.end is not None
            case = Case(
                resident=resident,
                institution=institution,
                opened_on=stay.start,
                referral_source=rng.choice(REFERRALS[cluster]),
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
                room=self.room(cluster),
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
            planned.append((stay.end, {"kind": Kind.DEATH, "notes": "Meninggal dunia di panti."}))
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

    def room(self, cluster: str) -> str:
        return f"{self.rng.choice(ROOMS[cluster])} {self.rng.randint(1, 8)}"

    def letter_no(self, on: date) -> str:
        if self.rng.random() < 0.4:
            return ""
        return f"{self.rng.randint(100, 999)}/{self.rng.randint(10, 99)}/{on.year}"

    @staticmethod
    def consent_by(data: dict, on: date) -> str:
        return "PM sendiri" if (on - data["birth_date"]).days > 18 * 365 else "Wali/pendamping"

    def do_admit(self, story: Story, on: date, _arg) -> None:
        institution = story.stays[0].institution
        data = self.person(story)
        actor = self.actor(institution)
        story.resident = services.resident_register(
            actor=actor,
            institution=institution,
            data=data,
            family=self.family(story, data),
            consent={"given_on": on, "given_by": self.consent_by(data, on), "scope": CONSENT_SCOPE},
            allow_duplicates=True,
        )
        cluster = self.cluster(institution)
        if story.over_capacity_reason:
            actor = self.heads[institution.pk]
        story.placement = services.case_admit(
            actor=actor,
            resident=story.resident,
            institution=institution,
            on=on,
            referral_source=self.rng.choice(REFERRALS[cluster]),
            referral_letter_no=self.letter_no(on),
            room=self.room(cluster),
            over_capacity_reason=story.over_capacity_reason,
        )

    def do_transfer(self, story: Story, on: date, stay: Stay) -> None:
        cluster = self.cluster(stay.institution)
        story.placement = services.placement_transfer(
            actor=self.actor(story.placement.institution),
            placement=story.placement,
            to_institution=stay.institution,
            on=on,
            room=f"{self.rng.choice(ROOMS[cluster])} {self.rng.randint(1, 8)}",
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
                notes="Meninggal dunia di panti.",
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
                data = self.person(story)
                try:
                    services.resident_register(
                        actor=self.actor(institution),
                        institution=institution,
                        data=data,
                        family=self.family(story, data),
                        allow_duplicates=True,
                    )
                except DomainError:
                    continue
                made += 1
        return made
