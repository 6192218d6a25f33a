"""Demo tracks for Jawa Timur: programme budget lines with the province's published
allocations, courses with enrolments and certificates at the demo users' UPT, start-up
grants to eks-PM with follow-up visits over more than a year (so survival shows), two
KUBE groups, and readiness assessments.

Written through the services as the demo users (``petugas``, ``kepala`` at
UPT-PSTW-JEMBER, ``petugas2`` at UPT-PSBG-TUBAN), so the rules hold and the audit
history names them. Idempotent: lines are matched by year and code; the rest is skipped
when the demo courses exist.
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.institutions.models import Institution
from apps.regions.models import Region
from apps.residents.models import Case, Placement, Resident

from . import services
from .figures import add_months
from .models import BudgetLine, BusinessStatus, Course, CourseType, Programme, ReadinessCriterion

# Jawa Timur's programme allocations (Dinsos Jatim), province-wide lines.
LINES = [
    ("5.1.02.01.01.0001", "rehsos_upt", "Rehabilitasi sosial dasar dalam 29 UPT", 121_769_697_776),
    ("5.1.02.01.01.0002", "lks", "Dukungan LKS (363 klien)", 2_052_025_000),
    ("5.1.02.01.01.0003", "kemandirian", "Kemandirian sosial PM dalam UPT", 3_170_000_000),
    ("5.1.02.01.01.0004", "kewirausahaan", "Kewirausahaan sosial eks-PM", 825_000_000),
    ("5.1.02.01.01.0005", "kube", "Kelompok Usaha Bersama (KUBE)", 3_300_000_000),
    ("5.1.02.01.01.0006", "wrse", "Wanita rawan sosial ekonomi (WRSE)", 1_620_000_000),
]
JEMBER, TUBAN = "UPT-PSTW-JEMBER", "UPT-PSBG-TUBAN"
COURSES = {
    JEMBER: [
        ("kerajinan", "Kerajinan anyaman bambu", "Ibu Suliha"),
        ("tata_boga", "Tata boga kue kering", "Ibu Ratna"),
    ],
    TUBAN: [
        ("menjahit", "Menjahit dasar", "Ibu Kartini"),
        ("pertanian", "Pertanian hidroponik", "Bapak Slamet"),
    ],
}
KUBE = {
    JEMBER: ("KUBE Sejahtera Mandiri", "Produksi kerupuk", "35.09"),
    TUBAN: ("KUBE Tunas Harapan", "Konveksi dan jahit", "35.23"),
}
BUSINESS_TYPES = [
    "Warung kelontong",
    "Jahit keliling",
    "Ternak ayam kampung",
    "Gorengan",
    "Tambal ban",
    "Laundry",
]


def seed(*, stdout, seed: int) -> None:
    today = timezone.localdate()
    years = sorted({today.year, (today - timedelta(days=640)).year, today.year - 1})
    lines = _lines(years)
    institutions = {i.code: i for i in Institution.objects.filter(code__in=[JEMBER, TUBAN])}
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=["petugas", "petugas2", "kepala"])
    }
    if len(institutions) < 2 or len(users) < 3:
        stdout.write("Program demo: lembaga atau akun demo belum ada, hanya mata anggaran yang dimuat.")
        return
    titles = [title for courses in COURSES.values() for _t, title, _n in courses]
    if Course.objects.filter(title__in=titles).exists():
        stdout.write(
            f"Program demo: {len(lines)} mata anggaran; data program sudah ada, tidak ada yang ditambah."
        )
        return
    Demo(random.Random(seed), today, lines, institutions, users).run(stdout)


def _lines(years) -> dict:
    admin = get_user_model().objects.filter(username="admin").first()
    programmes = {p.code: p for p in Programme.objects.all()}
    lines = {}
    for year in years:
        for code, programme, name, allocation in LINES:
            line = BudgetLine.objects.filter(fiscal_year=year, code=code).first()
            if line is None:
                line = services.budget_line_save(
                    actor=admin, fiscal_year=year, code=code, programme=programmes[programme],
                    name=name, allocation=allocation,
                )  # fmt: skip
            lines[year, programme] = line
    return lines


class Demo:
    def __init__(self, rng, today, lines, institutions, users):
        self.rng, self.today, self.lines, self.institutions = rng, today, lines, institutions
        self.staff = {JEMBER: users["petugas"], TUBAN: users["petugas2"]}
        self.head = users["kepala"]
        self.counts = {"courses": 0, "enrolled": 0, "certificates": 0, "grants": 0, "visits": 0, "groups": 0}

    def line(self, programme, on: date):
        return self.lines[on.year, programme]

    def run(self, stdout) -> None:
        for code, institution in self.institutions.items():
            current = list(
                Resident.objects.filter(
                    pk__in=Placement.objects.current(self.today)
                    .filter(institution=institution)
                    .values("resident_id")
                ).order_by("id")[:12]
            )
            self.courses(code, institution, current)
            self.readiness(code, institution, current[:3])
            self.grants(code, institution)
            self.kube(code, institution)
        stdout.write(
            "Program demo: {courses} pelatihan, {enrolled} peserta, {certificates} sertifikat, "
            "{grants} bantuan modal usaha, {groups} KUBE, {visits} kunjungan usaha.".format(**self.counts)
        )

    def courses(self, code, institution, residents) -> None:
        actor = self.staff[code]
        for index, (type_code, title, trainer) in enumerate(COURSES[code]):
            starts_on = self.today - timedelta(days=150 - 40 * index)
            ends_on = starts_on + timedelta(days=90)
            course = services.course_create(
                actor=actor, institution=institution, course_type=CourseType.objects.get(code=type_code),
                title=title, trainer=trainer, schedule="Senin dan Kamis 09.00-12.00", starts_on=starts_on,
                ends_on=ends_on, planned_hours=48,
            )  # fmt: skip
            self.counts["courses"] += 1
            for n, resident in enumerate(residents[index * 6 : index * 6 + 6]):
                enrollment = services.enrollment_add(
                    actor=actor, course=course, resident=resident, enrolled_on=starts_on
                )
                self.counts["enrolled"] += 1
                if ends_on > self.today or n >= 4:
                    services.enrollment_hours_add(
                        actor=actor, enrollment=enrollment, hours=self.rng.randint(10, 30)
                    )
                    continue
                services.enrollment_complete(
                    actor=actor,
                    enrollment=enrollment,
                    completed_on=ends_on,
                    hours_attended=self.rng.randint(40, 48),
                )
                if n < 3:
                    services.certificate_issue(
                        actor=actor, enrollment=enrollment, issuer="LSP Pelatihan Kerja Jawa Timur",
                        number=f"{code}-{type_code.upper()}-{ends_on.year}-{n + 1:03d}", issued_on=ends_on,
                    )  # fmt: skip
                    services.starter_kit_issue(
                        actor=actor, enrollment=enrollment, line=self.line("kemandirian", ends_on),
                        items=f"Peralatan {title.lower()}", amount=1_500_000, paid_on=ends_on,
                    )  # fmt: skip
                    self.counts["certificates"] += 1

    def readiness(self, code, institution, residents) -> None:
        criteria = list(ReadinessCriterion.objects.filter(is_active=True))
        for n, resident in enumerate(residents):
            ready = n < 2
            scores = {c.pk: (self.rng.randint(3, 4) if ready else self.rng.randint(1, 2)) for c in criteria}
            assessment = services.readiness_assess(
                actor=self.staff[code], resident=resident, institution=institution,
                assessed_on=self.today - timedelta(days=14), scores=scores,
                outcome="ready" if ready else "extend",
            )  # fmt: skip
            if code == JEMBER and ready:
                services.readiness_approve(actor=self.head, assessment=assessment)

    def grants(self, code, institution) -> None:
        closed = (
            Case.objects.filter(institution=institution, closed_on__isnull=False)
            .exclude(termination_reason__in=["died", "ran_away"])
            .select_related("resident")
            .order_by("closed_on", "id")
        )
        earliest = add_months(self.today, -20)
        for done, case in enumerate(closed):
            started_on = max(case.closed_on + timedelta(days=14), earliest + timedelta(days=done * 45))
            if started_on > self.today - timedelta(days=60) or done >= 8:
                break
            baseline = self.rng.choice([0, 150_000, 300_000, 450_000])
            grant = services.grant_give(
                actor=self.staff[code], line=self.line("kewirausahaan", started_on), resident=case.resident,
                institution=institution, amount=self.rng.choice([2_500_000, 3_000_000, 3_500_000]),
                paid_on=started_on, business_type=self.rng.choice(BUSINESS_TYPES), started_on=started_on,
                baseline_income=baseline,
            )  # fmt: skip
            self.visits(code, grant.business, baseline)
            self.counts["grants"] += 1

    def visits(self, code, business, baseline) -> None:
        on, income = add_months(business.started_on, 2), baseline
        while on <= self.today:
            status = self.rng.choices(
                [
                    BusinessStatus.RUNNING,
                    BusinessStatus.GROWING,
                    BusinessStatus.STALLED,
                    BusinessStatus.CLOSED,
                ],
                weights=[50, 25, 15, 10],
            )[0]
            income = (
                0 if status == BusinessStatus.CLOSED else max(0, income + self.rng.randint(-100, 300) * 1000)
            )
            services.business_visit_record(
                actor=self.staff[code], business=business, visited_on=on, status=status,
                monthly_revenue=income * 3, monthly_income=income,
            )  # fmt: skip
            self.counts["visits"] += 1
            if status == BusinessStatus.CLOSED:
                return
            on = add_months(on, 3)

    def kube(self, code, institution) -> None:
        name, business_type, region = KUBE[code]
        actor = self.staff[code]
        formed_on = add_months(self.today, -15)
        group = services.kube_group_create(
            actor=actor, institution=institution, name=name, business_type=business_type,
            region=_region(region), formed_on=formed_on,
        )  # fmt: skip
        members = (
            Resident.objects.filter(registered_at=institution)
            .exclude(pk__in=Placement.objects.current(self.today).values("resident_id"))
            .order_by("-id")[:6]
        )
        roles = ["leader", "secretary", "treasurer", "member", "member", "member"]
        for resident, role in zip(members, roles, strict=False):
            services.kube_member_add(actor=actor, group=group, resident=resident, role=role)
        count = group.members.count()
        if count == 0:
            return
        grant = services.grant_give(
            actor=actor, line=self.line("kube", formed_on), group=group, institution=institution,
            amount=2_000_000 * count, paid_on=formed_on, business_type=business_type, started_on=formed_on,
            baseline_income=0, form="in_kind", items="Peralatan produksi dan bahan baku awal",
        )  # fmt: skip
        self.visits(code, grant.business, 0)
        self.counts["groups"] += 1


def _region(code):
    return Region.objects.get(code=code)
