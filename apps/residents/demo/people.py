"""The people: a PM's name, sex, birth, origin, NIK, religion, schooling and family.

Every NIK made here passes ``nik.check_nik``; PM whose birth date is estimated have none.
"""

import random
from collections import defaultdict
from datetime import date, timedelta

from faker import Faker

from apps.core.phones import normalize_phone
from apps.regions.models import Region

from ..models import Disability, Education, MaritalStatus, Religion, Resident
from .constants import AGES, DISABILITIES, FEMALE_ONLY, HEALTH, MOBILE_PREFIXES, RELIGION_WEIGHTS
from .planning import Story, cluster


def consent_by(data: dict, on: date) -> str:
    return "PM sendiri" if (on - data["birth_date"]).days > 18 * 365 else "Wali/pendamping"


class People:
    def __init__(self, rng: random.Random, fake: Faker):
        self.rng = rng
        self.fake = fake
        self.districts = defaultdict(list)
        self.villages = defaultdict(list)
        self.regency_names = {}
        self.niks = set()

    def load(self, institutions) -> None:
        """The kecamatan and desa of the institutions' regencies, and the NIKs already taken."""
        regencies = {i.region_id[:5] for i in institutions}
        for code, level in (
            Region.objects.filter(
                level__in=[Region.Level.DISTRICT, Region.Level.VILLAGE], parent__isnull=False
            )
            .filter(code__regex=r"^(" + "|".join(c.replace(".", r"\.") for c in regencies) + r")\.")
            .values_list("code", "level")
        ):
            (self.districts if level == Region.Level.DISTRICT else self.villages)[code[:5]].append(code)
        self.regency_names = dict(Region.objects.filter(code__in=regencies).values_list("code", "name"))
        self.niks = set(Resident.objects.exclude(nik=None).values_list("nik", flat=True))

    def person(self, story: Story) -> dict:
        rng, fake = self.rng, self.fake
        institution = story.stays[0].institution
        categories = list(institution.categories.all())
        category = rng.choice(categories)
        code = category.code
        group = cluster(institution)
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
        single = rng.random() < (0.6 if group in ("lansia", "tuna_sosial") else 0.25)
        full_name = first if single else f"{first} {last}"

        low, high = AGES.get(code, (18, 55))
        admitted = story.stays[0].start
        birth = admitted - timedelta(days=rng.randint(low * 365, high * 365 + 364))
        unknown_origin = code in ("ABT", "GEL", "PENG", "PEM") or (
            group == "disabilitas" and rng.random() < 0.3
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
            "religion": self.religion(estimated),
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
            self.origin(data, regency, nik_share=0.9 if code in ("LUT", "NAPZA", "PRSE") else 0.6)
        if group == "lansia" and rng.random() < 0.5:
            data["health_notes"] = ", ".join(rng.sample(HEALTH, rng.randint(1, 2)))
        disabilities = DISABILITIES.get(institution.code[:8])
        if disabilities:
            data["disabilities"] = list(disabilities)
        elif group == "lansia" and rng.random() < 0.15:
            data["disabilities"] = [Disability.PHYSICAL]
        return data

    def origin(self, data: dict, regency: str, *, nik_share: float) -> None:
        """Where the PM comes from; with a known origin, often a NIK and family card too."""
        rng, fake = self.rng, self.fake
        if self.villages[regency]:
            data["origin_village"] = rng.choice(self.villages[regency])
        data["origin_street"] = rng.choice(
            [f"Jl. {fake.street_name()} No. {rng.randint(1, 120)}", f"Dusun {fake.last_name()}"]
        )
        data["origin_rt"], data["origin_rw"] = f"{rng.randint(1, 12):03d}", f"{rng.randint(1, 8):03d}"
        data["mother_name"] = fake.first_name_female()
        if rng.random() >= nik_share:
            return
        nik = self.nik(regency, data["birth_date"], data["sex"])
        if not nik:
            return
        data["nik"] = nik
        data["family_card_no"] = (
            nik[:6]
            + f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}"
            + (f"{rng.randint(5, 23):02d}{rng.randint(1, 9999):04d}")
        )
        if rng.random() < 0.5:
            data["dtsen_id"] = f"{nik[:4]}{rng.randint(10**9, 10**10 - 1)}"
            data["welfare_decile"] = rng.randint(1, 4)

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

    def religion(self, estimated: bool) -> str:
        if estimated and self.rng.random() < 0.5:
            return Religion.UNKNOWN
        return self.rng.choices(list(RELIGION_WEIGHTS), weights=list(RELIGION_WEIGHTS.values()))[0]

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
        group = cluster(story.home)
        if group == "lansia":
            relationship = rng.choice(["anak", "anak", "saudara", "kerabat"])
        elif group == "anak":
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
                "phone": normalize_phone(f"08{rng.choice(MOBILE_PREFIXES)}{rng.randint(10**7, 10**8 - 1)}"),
                "address": data.get("origin_street", ""),
            }
        ]
