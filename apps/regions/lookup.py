"""A desa/kelurahan from what a spreadsheet holds: its Kemendagri code ("35.09.01.2001") or
its names, village first ("Padomasan, Jombang, Jember" or, as the file shows it, "Desa
Padomasan, Kec. Jombang, Kab. Jember"). Names are matched without regard to case or to the
kind words (Desa, Kel., Kec., Distrik); "Kab."/"Kota" is kept when written, since Kabupaten
and Kota Malang are two places, and when left out either matches.
"""

from django.db.models import Q
from django.db.models.functions import Lower

from .models import Region, RegionLevel, is_region_code

_VILLAGE_WORDS = ("desa ", "kelurahan ", "kel. ", "kel ")
_DISTRICT_WORDS = ("kecamatan ", "kec. ", "kec ", "distrik ")
_REGENCY_WORDS = {
    "kabupaten administrasi ": "kabupaten ",
    "kab. adm. ": "kabupaten ",
    "kota administrasi ": "kota ",
    "kota adm. ": "kota ",
    "kabupaten ": "kabupaten ",
    "kab. ": "kabupaten ",
    "kab ": "kabupaten ",
    "kota ": "kota ",
}


def _bare(name: str, words) -> str:
    name = " ".join(name.split()).casefold()
    for word in words:
        if name.startswith(word):
            return name[len(word) :]
    return name


def _regency(name: str) -> tuple[str, str]:
    """``("kabupaten " or "kota " or "", bare name)``."""
    name = " ".join(name.split()).casefold()
    for word, kind in _REGENCY_WORDS.items():
        if name.startswith(word):
            return kind, name[len(word) :]
    return "", name


def _names(value: str) -> tuple[str, str, str] | None:
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 3 or not all(parts):
        return None
    return parts[0], parts[1], parts[2]


def villages_by_text(values) -> dict[str, list[str]]:
    """``{value: [village codes it names]}`` for the non-empty ``values``: one code, none
    (unknown) or several (names that fit more than one place). Two queries at most."""
    values = {str(v).strip() for v in values if v is not None and str(v).strip()}
    found: dict[str, list[str]] = {v: [] for v in values}
    codes = {v for v in values if is_region_code(v)}
    for code in Region.objects.filter(code__in=codes, level=RegionLevel.VILLAGE).values_list(
        "code", flat=True
    ):
        found[code] = [code]
    named = {v: _names(v) for v in values - codes}
    named = {v: n for v, n in named.items() if n}
    if not named:
        return found
    village_names = {_bare(n[0], _VILLAGE_WORDS) for n in named.values()}
    candidates = (
        Region.objects.alias(lower_name=Lower("name"))
        .filter(Q(lower_name__in=village_names), level=RegionLevel.VILLAGE)
        .select_related("parent__parent")
        .order_by("code")
    )
    by_name: dict[str, list[Region]] = {}
    for village in candidates:
        by_name.setdefault(village.name.casefold(), []).append(village)
    for value, (village, district, regency) in named.items():
        district = _bare(district, _DISTRICT_WORDS)
        kind, regency = _regency(regency)
        for candidate in by_name.get(_bare(village, _VILLAGE_WORDS), []):
            their_district = candidate.parent
            their_kind, their_regency = _regency(their_district.parent.name)
            if (
                their_district.name.casefold() == district
                and their_regency == regency
                and (not kind or kind == their_kind)
            ):
                found[value].append(candidate.code)
    return found
