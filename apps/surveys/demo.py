"""Demo survey responses: a year of plausible SKM answers for the demo Jawa Timur institutions.

Each institution gets its own quality profile (most good, a few with a weak
element or two), so the index pages show grades A to C and something to follow
up. An institution that already has responses is left alone.
"""

import random
from datetime import timedelta

from django.utils import timezone

from apps.core.choices import Sex
from apps.institutions.models import Institution, Membership

from .ikm import ELEMENT_CODES
from .models import Channel, Education, Occupation, Service, SurveyResponse

SUGGESTIONS = [
    "Pelayanan sudah baik, pertahankan.",
    "Mohon ruang tunggu diperluas.",
    "Petugas ramah dan cepat membantu.",
    "Informasi persyaratan sebaiknya ditempel di depan kantor.",
    "Kamar mandi perlu diperbaiki.",
    "Kotak pengaduan belum jelas tindak lanjutnya.",
    "Terima kasih atas pendampingannya.",
]


def _answer(rng: random.Random, mean: float) -> int:
    return max(1, min(4, round(rng.gauss(mean, 0.55))))


def seed(*, stdout, seed: int) -> None:
    rng = random.Random(seed + 14_2017)
    today = timezone.localdate()
    start = today - timedelta(days=365)
    institutions = list(
        Institution.objects.filter(region__code__startswith="35.")
        .order_by("code")
        .only("id", "code", "capacity")
    )
    already = set(
        SurveyResponse.objects.filter(institution__in=institutions)
        .values_list("institution_id", flat=True)
        .distinct()
    )
    operators = dict(
        Membership.objects.filter(institution__in=institutions)
        .order_by("id")
        .values_list("institution_id", "user_id")
    )
    created = 0
    for institution in institutions:
        if institution.pk in already:
            continue
        base = rng.uniform(3.0, 3.7)
        means = {code: base + rng.uniform(-0.25, 0.3) for code in ELEMENT_CODES}
        for code in rng.sample(ELEMENT_CODES, k=rng.choice([0, 1, 2])):
            means[code] -= rng.uniform(0.3, 0.8)  # a weak element to follow up
        means["u4"] = max(means["u4"], 3.6)  # services of the Dinsos are free
        monthly = max(8, institution.capacity // 4)
        rows = []
        for offset in range(12):
            month_start = start + timedelta(days=30 * offset)
            for _ in range(rng.randint(monthly // 2, monthly)):
                day = month_start + timedelta(days=rng.randint(0, 29))
                if day > today:
                    continue
                channel = rng.choices([Channel.ONLINE, Channel.ASSISTED, Channel.PAPER], [5, 3, 2])[0]
                operator = operators.get(institution.pk)
                if channel == Channel.ASSISTED and operator is None:
                    channel = Channel.PAPER
                rows.append(
                    SurveyResponse(
                        institution=institution,
                        submitted_on=day,
                        channel=channel,
                        entered_by_id=operator if channel == Channel.ASSISTED else None,
                        **{code: _answer(rng, mean) for code, mean in means.items()},
                        sex=rng.choice([Sex.MALE, Sex.FEMALE]),
                        age=rng.randint(17, 80) if rng.random() < 0.9 else None,
                        education=rng.choice(Education.values),
                        occupation=rng.choice(Occupation.values),
                        service=rng.choices(Service.values, [5, 3, 2, 2, 1])[0]
                        if channel != Channel.PAPER
                        else "",
                        suggestion=rng.choice(SUGGESTIONS) if rng.random() < 0.3 else "",
                    )
                )
        SurveyResponse.objects.bulk_create(rows, batch_size=1000)
        created += len(rows)
    stdout.write(f"Survei demo: {created} jawaban baru.")
