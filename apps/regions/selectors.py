"""The region lists the address picker shows: each level's options, one query at a time."""

from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404

from .formatting import regency_label, regency_sort_key
from .models import Region, RegionLevel, is_region_code


@dataclass(frozen=True)
class RegionOption:
    code: str
    label: str


def level_of(code: str) -> int:
    """The level a well-formed code names: ``35`` 1, ``35.09`` 2, ``35.09.01`` 3, a desa 4."""
    return code.count(".") + 1


def chain_of(code: str) -> list[str]:
    """``35.09.01.2001`` -> ``["35", "35.09", "35.09.01", "35.09.01.2001"]``."""
    parts = code.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts) + 1)]


def _options(rows) -> dict[int, list[RegionOption]]:
    """``(code, name, level)`` rows as options per level: a kab/kota with its "Kab."/"Kota"
    (Kabupaten and Kota Malang are two places) sorted by its bare name, the rest by name."""
    by_level: dict[int, list[tuple]] = {}
    for code, name, level in rows:
        by_level.setdefault(level, []).append((code, name))
    options = {}
    for level, items in by_level.items():
        if level == RegionLevel.REGENCY:
            items.sort(key=lambda item: (regency_sort_key(item[1]), item[0]))
            options[level] = [RegionOption(code, regency_label(name)) for code, name in items]
        else:
            items.sort(key=lambda item: (item[1].casefold(), item[0]))
            options[level] = [RegionOption(code, name) for code, name in items]
    return options


def region_children(parent: str | None, q: str = "") -> list[RegionOption]:
    """The provinces (``parent`` None) or the regions directly below ``parent`` whose name
    contains ``q``; one query. 404 for a parent that does not exist or has no level below."""
    names = Q(name__icontains=q) if q else Q()
    if parent is None:
        rows = Region.objects.filter(names, level=RegionLevel.PROVINCE)
        return _options(rows.values_list("code", "name", "level")).get(RegionLevel.PROVINCE, [])
    if not is_region_code(parent) or level_of(parent) >= RegionLevel.VILLAGE:
        raise Http404
    # The parent row comes along so that a missing parent is told from an empty list.
    found = Region.objects.filter(Q(code=parent) | Q(names, parent_id=parent))
    rows = list(found.values_list("code", "name", "level"))
    if not any(code == parent for code, _name, _level in rows):
        raise Http404
    return _options(row for row in rows if row[0] != parent).get(level_of(parent) + 1, [])


def chain_options(codes) -> dict[int, list[RegionOption]]:
    """The options of every level of a picker whose chosen regions are ``codes``: the
    provinces and the children of each chosen province, kab/kota and kecamatan, in one query."""
    parents = [c for c in codes if is_region_code(c) and level_of(c) < RegionLevel.VILLAGE]
    rows = Region.objects.filter(Q(level=RegionLevel.PROVINCE) | Q(parent_id__in=parents))
    return _options(rows.values_list("code", "name", "level"))
