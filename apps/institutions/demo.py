"""Demo institutions and users: realistic panti of Jawa Timur and Jawa Tengah.

Names follow the Dinsos naming of UPT (UPT Pelayanan Sosial ...); LKS names and
people are invented. Everything is keyed by code or username, so seeding twice
changes nothing.
"""

import random

from django.contrib.auth import get_user_model
from faker import Faker

from apps.accounts.models import SupervisorScope
from apps.core.phones import normalize_phone

from .models import Cluster, Institution, Membership, WelfareCategory

DEMO_PASSWORD = "demo12345"  # noqa: S105 - documented demo password

# (code, name, regency code, capacity, PPKS codes, clusters)
_PSTW = (["LUT"], [Cluster.ELDERLY])
_BG = (["PD", "ADK"], [Cluster.DISABILITY])
_BN = (["PD"], [Cluster.DISABILITY])
_BR = (["AT", "AJAL", "ABH"], [Cluster.CHILDREN])
_AA = (["ABT", "AT", "AMPK"], [Cluster.CHILDREN])
_BL = (["PD"], [Cluster.DISABILITY])
_GP = (["GEL", "PENG", "PEM"], [Cluster.SOCIAL_DEVIANCE])
_PW = (["TS", "KTRAF", "PRSE"], [Cluster.SOCIAL_DEVIANCE])
_BD = (["PD"], [Cluster.DISABILITY])

UPT_JATIM = [
    ("UPT-PSTW-JEMBER", "UPT Pelayanan Sosial Tresna Werdha Jember", "35.09", 110, *_PSTW),
    ("UPT-PSTW-BONDOWOSO", "UPT Pelayanan Sosial Tresna Werdha Bondowoso", "35.11", 90, *_PSTW),
    ("UPT-PSTW-MAGETAN", "UPT Pelayanan Sosial Tresna Werdha Magetan", "35.20", 110, *_PSTW),
    ("UPT-PSTW-PASURUAN", "UPT Pelayanan Sosial Tresna Werdha Pasuruan", "35.14", 100, *_PSTW),
    ("UPT-PSTW-LAMONGAN", "UPT Pelayanan Sosial Tresna Werdha Lamongan", "35.24", 90, *_PSTW),
    ("UPT-PSTW-BLITAR", "UPT Pelayanan Sosial Tresna Werdha Blitar", "35.05", 90, *_PSTW),
    ("UPT-PSTW-BANYUWANGI", "UPT Pelayanan Sosial Tresna Werdha Banyuwangi", "35.10", 80, *_PSTW),
    ("UPT-PSLU-TULUNGAGUNG", "UPT Pelayanan Sosial Lanjut Usia Tulungagung", "35.04", 70, *_PSTW),
    ("UPT-PSBG-TUBAN", "UPT Pelayanan Sosial Bina Grahita Tuban", "35.23", 80, *_BG),
    ("UPT-PSBG-KEDIRI", "UPT Pelayanan Sosial Bina Grahita Kediri", "35.06", 100, *_BG),
    ("UPT-PSBG-BLITAR", "UPT Pelayanan Sosial Bina Grahita Blitar", "35.72", 60, *_BG),
    ("UPT-PSBN-MALANG", "UPT Rehabilitasi Sosial Bina Netra Malang", "35.73", 80, *_BN),
    ("UPT-PSBD-PASURUAN", "UPT Rehabilitasi Sosial Bina Daksa Pasuruan", "35.75", 90, *_BD),
    ("UPT-PSBD-BANGIL", "UPT Rehabilitasi Sosial Bina Daksa Bangil", "35.14", 70, *_BD),
    ("UPT-PSBR-JOMBANG", "UPT Pelayanan Sosial Bina Remaja Jombang", "35.17", 60, *_BR),
    ("UPT-PSBR-BLITAR", "UPT Pelayanan Sosial Bina Remaja Blitar", "35.05", 60, *_BR),
    ("UPT-PSBR-BOJONEGORO", "UPT Pelayanan Sosial Bina Remaja Bojonegoro", "35.22", 50, *_BR),
    ("UPT-PSAA-SIDOARJO", "UPT Pelayanan Sosial Asuhan Anak Sidoarjo", "35.15", 70, *_AA),
    ("UPT-PSAA-PAMEKASAN", "UPT Pelayanan Sosial Asuhan Anak Pamekasan", "35.28", 60, *_AA),
    ("UPT-PSAA-TRENGGALEK", "UPT Pelayanan Sosial Asuhan Anak Trenggalek", "35.03", 50, *_AA),
    (
        "UPT-PSAB-SURABAYA",
        "UPT Pelayanan Sosial Asuhan Balita Surabaya",
        "35.78",
        40,
        ["ABT"],
        [Cluster.CHILDREN],
    ),
    ("UPT-PSPP-MADIUN", "UPT Pelayanan Sosial Petirahan Anak Madiun", "35.77", 50, *_AA),
    ("UPT-RSBL-KEDIRI", "UPT Rehabilitasi Sosial Bina Laras Kediri", "35.71", 120, *_BL),
    ("UPT-RSBL-PASURUAN", "UPT Rehabilitasi Sosial Bina Laras Pasuruan", "35.14", 110, *_BL),
    ("UPT-RSBK-SIDOARJO", "UPT Rehabilitasi Sosial Bina Karya Sidoarjo", "35.15", 100, *_GP),
    (
        "UPT-RSGP-PROBOLINGGO",
        "UPT Rehabilitasi Sosial Gelandangan dan Pengemis Probolinggo",
        "35.74",
        80,
        *_GP,
    ),
    ("UPT-RSGP-MOJOKERTO", "UPT Rehabilitasi Sosial Gelandangan dan Pengemis Mojokerto", "35.76", 60, *_GP),
    ("UPT-RSW-KEDIRI", "UPT Rehabilitasi Sosial Bina Karya Wanita Kediri", "35.06", 60, *_PW),
    (
        "UPT-PSKD-BATU",
        "UPT Perlindungan Sosial Korban Kekerasan Batu",
        "35.79",
        40,
        ["KTK", "AKTK", "KTRAF"],
        [Cluster.PROTECTION],
    ),
    (
        "UPT-RSNAPZA-BANYUWANGI",
        "UPT Rehabilitasi Sosial Korban NAPZA Banyuwangi",
        "35.10",
        50,
        ["NAPZA"],
        [Cluster.ADDICTION],
    ),
]

LKS_JATIM = [
    ("LKSA-AL-HIKMAH-SBY", "LKSA Panti Asuhan Al Hikmah", "35.78", 45, *_AA),
    ("LKSA-BUDI-MULIA-MLG", "LKSA Panti Asuhan Budi Mulia", "35.73", 35, *_AA),
    ("LKS-LU-KASIH-IBU-GRS", "LKS Lanjut Usia Kasih Ibu", "35.25", 30, *_PSTW),
    ("LKS-ODGJ-BERKAH-JBR", "LKS Rehabilitasi Mental Berkah Jiwa", "35.09", 40, *_BL),
    ("LKSA-PUTRA-HARAPAN-KDR", "LKSA Putra Harapan", "35.71", 30, *_AA),
    ("LKS-DIS-MANDIRI-SDA", "LKS Disabilitas Mandiri Sejahtera", "35.15", 25, *_BD),
]

PANTI_JATENG = [
    ("JTG-PSTW-SEMARANG", "Panti Pelayanan Sosial Lanjut Usia Pucang Gading Semarang", "33.74", 100, *_PSTW),
    ("JTG-PSAA-SURAKARTA", "Panti Pelayanan Sosial Anak Pamardi Putra Surakarta", "33.72", 70, *_AA),
    ("JTG-PSBN-PEMALANG", "Panti Pelayanan Sosial Disabilitas Sensorik Netra Pemalang", "33.27", 60, *_BN),
    ("JTG-RSBL-BOYOLALI", "Panti Rehabilitasi Sosial Bina Laras Boyolali", "33.09", 90, *_BL),
    ("JTG-PGP-KUDUS", "Panti Pelayanan Sosial Gelandangan dan Pengemis Kudus", "33.19", 60, *_GP),
]


def _phone(rng: random.Random) -> str:
    return normalize_phone(
        f"0{rng.choice([31, 321, 331, 341, 351, 353, 354, 356, 24, 271])}-{rng.randint(300000, 899999)}"
    )


def seed(*, stdout, seed: int) -> None:
    rng = random.Random(seed)
    fake = Faker("id_ID")
    fake.seed_instance(seed)
    categories = {c.code: c for c in WelfareCategory.objects.all()}
    created = 0
    for rows, kind, province_operator in (
        (UPT_JATIM, Institution.Kind.UPT, True),
        (LKS_JATIM, Institution.Kind.LKS, False),
        (PANTI_JATENG, Institution.Kind.UPT, True),
    ):
        for code, name, region, capacity, ppks, clusters in rows:
            grade = rng.choice(["A", "A", "B", "B", "C", ""])
            institution, was_created = Institution.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "kind": kind,
                    "operator": Institution.Operator.PROVINCE
                    if province_operator
                    else Institution.Operator.COMMUNITY,
                    "region_id": region,
                    "capacity": capacity,
                    "clusters": list(clusters),
                    "address": f"Jl. {fake.street_name()} No. {rng.randint(1, 150)}",
                    "phone": _phone(rng),
                    "accreditation_grade": grade,
                    "accreditation_expires_on": fake.date_between("+6M", "+5y") if grade else None,
                    "licence_number": f"{rng.randint(100, 999)}/{rng.randint(1000, 9999)}/{region[:2]}/2024",
                },
            )
            if was_created:
                institution.categories.set([categories[c] for c in ppks])
                created += 1

    User = get_user_model()

    def user(username, first, last, **extra):
        obj, made = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, **extra}
        )
        if made:
            obj.set_password(DEMO_PASSWORD)
            obj.save(update_fields=["password"])
        return obj

    user("admin", "Admin", "Sistem", is_superuser=True, is_staff=True)
    pengawas = user("pengawas", "Sri", "Wahyuni")
    SupervisorScope.objects.get_or_create(user=pengawas, region_id="35")
    petugas = user("petugas", "Budi", "Santoso")
    petugas2 = user("petugas2", "Siti", "Rahayu")
    kepala = user("kepala", "Agus", "Prasetyo")
    jember = Institution.objects.get(code="UPT-PSTW-JEMBER")
    tuban = Institution.objects.get(code="UPT-PSBG-TUBAN")
    Membership.objects.get_or_create(
        user=petugas, institution=jember, defaults={"role": Membership.Role.STAFF}
    )
    Membership.objects.get_or_create(user=kepala, institution=jember, defaults={"role": Membership.Role.HEAD})
    Membership.objects.get_or_create(
        user=petugas2, institution=tuban, defaults={"role": Membership.Role.STAFF}
    )
    stdout.write(f"Lembaga demo: {created} baru, {Institution.objects.count()} seluruhnya.")
