"""Demo residents (PM) with three years of history in every demo institution.

``seed`` plans every PM's path first (``planning``: beds, transfers, events; ``people``:
who they are), then writes it: the demo users' institutions through the domain
services (``writing``), the rest in bulk (``bulk``), checked against the same rules.
Some PM are served in the community without a placement. The same seed gives the same
data.

Then what waits for the demo users today: a referral and an over-capacity request
(``referrals``).

Idempotent: an institution that already has residents registered there is skipped.
"""

import random
import time

from faker import Faker

from apps.core.dates import today as local_today
from apps.institutions.demo import LKS_JATIM, PANTI_JATENG, UPT_JATIM
from apps.institutions.models import Institution

from ..models import Resident
from .constants import OPEN_STAGES
from .people import People
from .planning import Planner
from .referrals import seed as seed_referrals
from .writing import Writer

# OPEN_STAGES: the residents benchmark draws open cases with the same weights.
__all__ = ["OPEN_STAGES", "seed"]


def seed(*, stdout, seed: int) -> None:
    started = time.perf_counter()
    _run(stdout, seed)
    seed_referrals(stdout=stdout, today=local_today())
    stdout.write(f"  (PM demo: {time.perf_counter() - started:.1f} s)")


def _run(stdout, seed: int) -> None:
    codes = [row[0] for row in (*UPT_JATIM, *LKS_JATIM, *PANTI_JATENG)]
    institutions = {
        i.code: i
        for i in Institution.objects.filter(code__in=codes).prefetch_related("categories").order_by("code")
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
    rng = random.Random(seed)
    fake = Faker("id_ID")
    fake.seed_instance(seed)
    today = local_today()
    people = People(rng, fake)
    people.load(todo.values())
    writer = Writer(rng, today, people)
    writer.load(todo.values())

    stories = Planner(rng, today).plan(todo)
    counts = writer.execute(stories)
    community = writer.community(todo)
    stdout.write(
        f"PM demo: {counts['residents'] + community:,} PM di {len(todo)} lembaga "
        f"({counts['current']:,} dalam panti, {counts['closed']:,} sudah keluar, "
        f"{counts['transfers']} pindah lembaga, {community} layanan luar panti, "
        f"{counts['events']:,} kejadian); {len(seeded)} lembaga dilewati karena sudah berisi PM."
    )
    if counts["failed"]:
        stdout.write(f"  {counts['failed']} riwayat PM ditolak aturan layanan dan dilewati.")
