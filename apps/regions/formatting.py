"""Regions as a person reads an address: "Desa Padomasan, Kec. Jombang, Kab. Jember".

The one home of the rule. The idn-area-data names are already in title case, without a
prefix for villages and districts ("Padomasan", "Jombang") and with the full word for
regencies ("Kabupaten Jember", "Kota Surabaya", "Kota Administrasi Jakarta Pusat").
A bare "Padomasan, Jombang" reads like Kabupaten Jombang, so every level gets its prefix:

- village: the Kemendagri code says which kind it is: ``35.78.01.1001`` (serial 1xxx) is a
  kelurahan ("Kel."), 2xxx a desa ("Desa"); a few names carry their own kind ("Desa Adat
  Yoboi", serial 3xxx) and are shown as they are;
- district: "Kec.", or "Distrik" in the Papua provinces (91-96), where the law names it so;
- regency: "Kab." or "Kota" ("Kab. Adm." and "Kota Adm." for Jakarta's);
- province: its name.
"""

PAPUA_PROVINCES = frozenset({"91", "92", "93", "94", "95", "96"})

# Longest first: "Kabupaten Administrasi X" before "Kabupaten X".
_REGENCY_PREFIXES = (
    ("Kabupaten Administrasi ", "Kab. Adm. "),
    ("Kota Administrasi ", "Kota Adm. "),
    ("Kabupaten ", "Kab. "),
    ("Kota ", "Kota "),
)
_OWN_KIND_PREFIXES = ("Desa ", "Kelurahan ", "Kel. ")


def _level(code: str) -> int:
    return code.count(".") + 1


def village_label(code: str, name: str) -> str:
    """ "Desa Padomasan" or "Kel. Jemberlor", from the village code's serial."""
    if name.startswith(_OWN_KIND_PREFIXES):
        return name
    serial = code.rpartition(".")[2]
    if serial.startswith("1"):
        return f"Kel. {name}"
    if serial.startswith("2"):
        return f"Desa {name}"
    return name


def district_label(code: str, name: str) -> str:
    """ "Kec. Jombang", or "Distrik Abepura" in Papua."""
    if name.startswith(("Kecamatan ", "Distrik ")):
        return name
    return f"{'Distrik' if code[:2] in PAPUA_PROVINCES else 'Kec.'} {name}"


def regency_label(name: str) -> str:
    """ "Kab. Jember", "Kota Surabaya", "Kota Adm. Jakarta Pusat"."""
    for long, short in _REGENCY_PREFIXES:
        if name.startswith(long):
            return short + name[len(long) :]
    return name


def regency_sort_key(name: str) -> str:
    """The bare name ("Malang" for both "Kabupaten Malang" and "Kota Malang"): how people
    look for a kab/kota in a list."""
    for long, _short in _REGENCY_PREFIXES:
        if name.startswith(long):
            return name[len(long) :].casefold()
    return name.casefold()


def region_label(code: str, name: str) -> str:
    """One region with the prefix of its level: "Desa Padomasan", "Kec. Jombang", "Kab. Jember"."""
    level = _level(code)
    if level == 4:
        return village_label(code, name)
    if level == 3:
        return district_label(code, name)
    if level == 2:
        return regency_label(name)
    return name


def address_label(region, *, with_province: bool = False) -> str:
    """ "Desa Padomasan, Kec. Jombang, Kab. Jember": the region and its ancestors up to the
    kab/kota (and the province when ``with_province``), read through ``parent``.

    Select the ancestors with the region (``select_related("x__parent__parent")``), or
    this reads them one query a level. Empty for no region.
    """
    if region is None:
        return ""
    parts = []
    node = region
    while node is not None:
        level = _level(node.code)
        parts.append(region_label(node.code, node.name))
        if level == 1 or (level == 2 and not with_province):
            break
        node = node.parent
    return ", ".join(parts)


# What ``address_label`` reads of a village: its district and the district's kab/kota.
ANCESTORS = "parent__parent"


def address_labels(codes) -> dict[str, str]:
    """``{code: address label}`` for many regions in one query (their ancestors joined)."""
    from .models import Region

    codes = {c for c in codes if c}
    if not codes:
        return {}
    regions = Region.objects.filter(code__in=codes).select_related(ANCESTORS)
    return {r.code: address_label(r) for r in regions}
