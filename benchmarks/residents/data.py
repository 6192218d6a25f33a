"""What the bench data set is: its markers, its size, its institutions and its users.

Institutions ``BENCH-00001``..., residents ``BENCH-0000001``..., users ``bench_*``: the
markers by which the data set is found again and removed.
"""

import random
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils import timezone

from apps.accounts.models import SupervisorScope
from apps.institutions.models import Institution, Membership, WelfareCategory
from apps.regions.models import Region
from apps.residents.models import Placement, Resident
from benchmarks.common import next_id

PREFIX = "BENCH-"
STAFF, SUPERVISOR, ADMIN = "bench_petugas", "bench_pengawas", "bench_admin"
SUPERVISED_PROVINCE = "35"
# The staff member's institution: BENCH-00001, in Kota Surabaya (inside the supervisor's province).
STAFF_REGION = "35.78"
INSTITUTION_COLUMNS = (
    "id, created_at, updated_at, code, name, kind, operator, clusters, address, phone, capacity, "
    "accreditation_grade, licence_number, is_active, region_id"
)


def split_placements(residents: int, placements: int) -> dict[int, int]:
    """How many residents get 0, 1, 2 or 3 consecutive placements, so the totals come out exactly."""
    if placements <= residents:
        return {0: residents - placements, 1: placements, 2: 0, 3: 0}
    extra = placements - residents
    if extra > 2 * residents:
        raise CommandError("Paling banyak tiga penempatan per PM: --placements <= 3 x --residents.")
    threes = extra // 4
    twos = extra - 2 * threes
    if twos + threes > residents:
        threes = extra - residents
        twos = extra - 2 * threes
    return {0: 0, 1: residents - twos - threes, 2: twos, 3: threes}


def present_sizes() -> tuple[int, int, int]:
    """The institutions, residents and placements of the bench data set now in the database."""
    institutions = Institution.objects.filter(code__startswith=PREFIX)
    return (
        institutions.count(),
        Resident.objects.filter(registration_no__startswith=PREFIX).count(),
        Placement.objects.filter(institution__in=institutions).count(),
    )


def copy_institutions(cursor, rng: random.Random, n: int) -> list[dict]:
    """Write ``n`` institutions spread over the regencies; return what the residents need of them."""
    regencies = list(Region.objects.filter(level=Region.Level.REGENCY).values_list("code", "name"))
    if not regencies:
        raise CommandError("Tabel wilayah kosong: jalankan migrate terlebih dahulu.")
    rng.shuffle(regencies)
    # The staff member's institution first, inside the supervised province.
    regencies.sort(key=lambda r: r[0] != STAFF_REGION)
    by_cluster = defaultdict(list)
    for category_id, cluster in WelfareCategory.objects.values_list("id", "cluster"):
        by_cluster[cluster].append(category_id)
    clusters = sorted(by_cluster)
    now = timezone.now()
    first = next_id(cursor, Institution)
    institutions = []
    with cursor.copy(f"COPY {Institution._meta.db_table} ({INSTITUTION_COLUMNS}) FROM STDIN") as copy:
        for i in range(n):
            region, region_name = regencies[i % len(regencies)]
            cluster = rng.choice(clusters)
            categories = rng.sample(by_cluster[cluster], min(len(by_cluster[cluster]), rng.randint(1, 3)))
            kind = "UPT" if rng.random() < 0.3 else "LKS"
            institution = {
                "id": first + i,
                "region": region,
                "province": region[:2],
                "place": region_name.title().removeprefix("Kab. ").removeprefix("Kota "),
                "cluster": cluster,
                "categories": categories,
                "capacity": rng.randint(20, 200),
            }
            institutions.append(institution)
            copy.write_row(
                (
                    institution["id"],
                    now,
                    now,
                    f"{PREFIX}{i + 1:05d}",
                    f"{'UPT' if kind == 'UPT' else 'LKS'} Uji Beban {i + 1:05d} {region_name.title()}",
                    kind,
                    "province" if kind == "UPT" else "community",
                    f"{{{cluster}}}",
                    f"Jl. Uji Beban No. {i + 1}",
                    "",
                    institution["capacity"],
                    "",
                    "",
                    True,
                    region,
                )
            )
    through = Institution.categories.through._meta.db_table
    with cursor.copy(f"COPY {through} (institution_id, welfarecategory_id) FROM STDIN") as copy:
        for institution in institutions:
            for category_id in institution["categories"]:
                copy.write_row((institution["id"], category_id))
    return institutions


def bench_users(staff_institution_id: int) -> None:
    """The three users the pages are measured as: staff of one institution, a supervisor, an admin."""
    User = get_user_model()
    staff, _ = User.objects.get_or_create(
        username=STAFF, defaults={"first_name": "Petugas", "last_name": "Uji"}
    )
    supervisor, _ = User.objects.get_or_create(
        username=SUPERVISOR, defaults={"first_name": "Pengawas", "last_name": "Uji"}
    )
    User.objects.get_or_create(
        username=ADMIN,
        defaults={"first_name": "Admin", "last_name": "Uji", "is_superuser": True, "is_staff": True},
    )
    Membership.objects.get_or_create(
        user=staff, institution_id=staff_institution_id, defaults={"role": Membership.Role.STAFF}
    )
    SupervisorScope.objects.get_or_create(user=supervisor, region_id=SUPERVISED_PROVINCE)
