"""Demo case work for the institutions the demo users work at.

UPT-PSTW-JEMBER (``petugas``, head ``kepala``) and UPT-PSBG-TUBAN (``petugas2``; no
demo head, so ``admin`` decides there): workers assigned, stages moved through their
gates, assessments with a reassessment, approved plans, individual sessions, group
activities with attendance, notes of each level, a family tracing, and follow-up visits
made for some closed cases, so others stay due or overdue. Everything goes through the
services as the demo users, so the audit history names them.

Idempotent: an institution where a case already has an assigned worker is skipped.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.institutions.models import Institution, Membership
from apps.residents.models import Case

from . import services
from .dates import add_months
from .followup import closed_cases, scheduled_visits
from .models import STAGE_ORDER, CaseWorker, Instrument, ServiceType

INSTITUTIONS = {"UPT-PSTW-JEMBER": "petugas", "UPT-PSBG-TUBAN": "petugas2"}
OPEN_CASES = 12


def seed(*, stdout, seed: int) -> None:
    User = get_user_model()
    rng = random.Random(seed)
    admin = User.objects.filter(username="admin").first()
    for code, username in INSTITUTIONS.items():
        institution = Institution.objects.filter(code=code).first()
        worker = User.objects.filter(username=username).first()
        if institution is None or worker is None or admin is None:
            continue
        if CaseWorker.objects.filter(case__institution=institution).exists():
            stdout.write(f"Kasus rehabilitasi demo: {code} sudah berisi, dilewati.")
            continue
        membership = Membership.objects.filter(institution=institution, role=Membership.Role.HEAD).first()
        head = membership.user if membership else admin
        counts = InstitutionSeeder(institution, worker, head, rng).run()
        stdout.write(
            f"Kasus rehabilitasi demo {code}: {counts['cases']} kasus, {counts['assessments']} asesmen, "
            f"{counts['plans']} rencana disetujui, {counts['activities']} kegiatan kelompok, "
            f"{counts['visits']} kunjungan bimbingan lanjut."
        )


class InstitutionSeeder:
    def __init__(self, institution, worker, head, rng):
        self.institution, self.worker, self.head, self.rng = institution, worker, head, rng
        self.today = timezone.localdate()
        self.counts = {"cases": 0, "assessments": 0, "plans": 0, "activities": 0, "visits": 0}
        self.types = {t.code: t for t in ServiceType.objects.select_related("component")}

    def day(self, value):
        return min(value, self.today)

    def run(self) -> dict:
        cases = list(
            Case.objects.filter(institution=self.institution, closed_on__isnull=True)
            .select_related("resident__welfare_category")
            .order_by("opened_on", "id")[:OPEN_CASES]
        )
        for index, case in enumerate(cases):
            services.case_worker_assign(
                actor=self.head, case=case, worker=self.worker, on=self.day(case.opened_on)
            )
            self.counts["cases"] += 1
            if index < 8:
                self.work(case, reassess=index < 4)
            if index < 3:
                self.notes(case)
            if index == 0:
                self.family(case)
        self.activities()
        self.follow_up()
        return self.counts

    def advance(self, case, stage, on) -> None:
        """Move forward to ``stage`` unless the residents demo already put the case past it."""
        current = Case.objects.values_list("stage", flat=True).get(pk=case.pk)
        if STAGE_ORDER.index(current) < STAGE_ORDER.index(stage):
            services.case_stage_move(actor=self.worker, case=case, to_stage=stage, on=self.day(on))

    def work(self, case, *, reassess: bool) -> None:
        start = case.opened_on
        self.advance(case, "asesmen", start + timedelta(3))
        instrument = self.instrument(case)
        self.assess(case, instrument, self.day(start + timedelta(7)))
        if reassess and add_months(start + timedelta(7), 6) <= self.today:
            self.assess(case, instrument, add_months(start + timedelta(7), 6), better=True)
        self.advance(case, "rencana_intervensi", start + timedelta(8))
        self.plan(case, start)
        self.advance(case, "intervensi", start + timedelta(12))
        kind = self.types["bimbingan_mental"]
        for offset in (14, 21):
            services.individual_session_record(
                actor=self.worker,
                case=case,
                held_on=self.day(start + timedelta(offset)),
                service_type=kind,
                component=kind.component,
                facilitator=self.worker,
                duration_minutes=45,
            )

    def instrument(self, case):
        for instrument in Instrument.objects.filter(code__in=["lansia", "inti"]).order_by("-code"):
            if services.instrument_applies(instrument, case.resident):
                return instrument
        return Instrument.objects.get(code="inti")

    def assess(self, case, instrument, on, better=False) -> None:
        scores = {
            d.pk: min(4, self.rng.randint(1, 3) + (1 if better else 0)) for d in instrument.domains.all()
        }
        services.assessment_record(
            actor=self.worker, case=case, instrument=instrument, assessed_on=on, scores=scores
        )
        self.counts["assessments"] += 1

    def plan(self, case, start) -> None:
        domains = list(Instrument.objects.get(code="inti").domains.order_by("order")[:2])
        kind = self.types["bimbingan_keterampilan"]
        version = services.plan_version_create(
            actor=self.worker,
            case=case,
            review_on=add_months(self.day(start + timedelta(8)), 3),
            goals=[
                {"domain": d, "text": f"Peningkatan {d.name.lower()}", "target_on": add_months(start, 6)}
                for d in domains
            ],
            services=[
                {
                    "component": kind.component,
                    "service_type": kind,
                    "responsible": self.worker,
                    "frequency": "2x seminggu",
                }
            ],
        )
        services.plan_submit(actor=self.worker, version=version)
        services.plan_decide(actor=self.head, version=version, approve=True)
        self.counts["plans"] += 1

    def notes(self, case) -> None:
        texts = {
            "institution": "PM mengikuti kegiatan dengan baik.",
            "team": "PM menceritakan masalah keluarga; perlu pendampingan.",
            "author": "Catatan pribadi pekerja sosial untuk sesi berikutnya.",
        }
        for level, text in texts.items():
            services.note_add(actor=self.worker, case=case, text=text, level=level, written_on=self.today)

    def family(self, case) -> None:
        steps = [("contact", ""), ("home_visit", ""), ("assessment", ""), ("outcome", "reunified")]
        for offset, (kind, outcome) in enumerate(steps):
            services.family_step_record(
                actor=self.worker,
                case=case,
                kind=kind,
                outcome=outcome,
                occurred_on=self.day(case.opened_on + timedelta(20 + 7 * offset)),
                notes="",
            )

    def activities(self) -> None:
        from .selectors import placed_residents

        kind = self.types["bimbingan_fisik"]
        for weeks in (3, 2, 1):
            held_on = self.today - timedelta(weeks=weeks)
            residents = list(placed_residents(institution=self.institution, on=held_on)[:15])
            if not residents:
                continue
            present = [r.pk for r in residents if self.rng.random() < 0.8] or [residents[0].pk]
            services.group_activity_record(
                actor=self.worker,
                institution=self.institution,
                title="Senam pagi",
                series="Senam pagi",
                held_on=held_on,
                service_type=kind,
                component=kind.component,
                facilitator=self.worker,
                duration_minutes=60,
                listed_ids=[r.pk for r in residents],
                present_ids=present,
            )
            self.counts["activities"] += 1

    def follow_up(self) -> None:
        """Visits for every other past-due interval: the rest stay overdue, later ones due."""
        cases = list(
            closed_cases(institution_ids=[self.institution.pk]).filter(
                closed_on__gte=add_months(self.today, -14)
            )
        )
        for case in cases:
            if not CaseWorker.objects.filter(case=case).exists():
                services.case_worker_assign(actor=self.head, case=case, worker=self.worker, on=case.closed_on)
        for index, item in enumerate(scheduled_visits(cases)):
            if item.due_on <= self.today and index % 2 == 0:
                services.followup_visit_record(
                    actor=self.worker,
                    case=item.case,
                    months=item.months,
                    visited_on=item.due_on,
                    outcome=self.rng.choice(["doing_well", "doing_well", "needs_help"]),
                    notes="",
                )
                self.counts["visits"] += 1
