"""Every write to institutions. Keyword-only, atomic, taking the acting user."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.errors import DomainError, ImportRejected, RowError
from apps.core.phones import normalize_phone
from apps.core.services import model_update
from apps.regions.models import Region

from .models import Institution

IMPORT_COLUMNS = ["code", "name", "kind", "operator", "region_code", "capacity", "address", "phone"]

_KIND_WORDS = {"upt": "UPT", "uptd": "UPT", "lks": "LKS", "lksa": "LKS"}
_OPERATOR_WORDS = {
    "province": "province",
    "provinsi": "province",
    "regency": "regency",
    "kabupaten": "regency",
    "kota": "regency",
    "kabupaten/kota": "regency",
    "community": "community",
    "masyarakat": "community",
}


def _parse_row(row: dict, regions: dict[str, int]) -> tuple[dict | None, list[str]]:
    problems = []
    code = str(row.get("code", "")).strip().upper()
    name = str(row.get("name", "")).strip()
    if not code:
        problems.append(_("kode kosong"))
    elif not all(ch.isalnum() or ch == "-" for ch in code) or not code.isascii():
        problems.append(_("kode '%(code)s' hanya boleh huruf, angka dan tanda hubung") % {"code": code})
    elif len(code) > 30:
        problems.append(_("kode lebih dari 30 karakter"))
    if not name:
        problems.append(_("nama kosong"))
    kind = _KIND_WORDS.get(str(row.get("kind", "")).strip().lower())
    if not kind:
        problems.append(_("jenis '%(v)s' tidak dikenal (UPT atau LKS)") % {"v": row.get("kind", "")})
    operator = _OPERATOR_WORDS.get(str(row.get("operator", "")).strip().lower())
    if not operator:
        problems.append(
            _("penyelenggara '%(v)s' tidak dikenal (province, regency atau community)")
            % {"v": row.get("operator", "")}
        )
    region_code = str(row.get("region_code", "")).strip()
    level = regions.get(region_code)
    if level is None:
        problems.append(_("kode wilayah '%(v)s' tidak dikenal") % {"v": region_code})
    elif level < Region.Level.REGENCY:
        problems.append(_("wilayah harus kabupaten/kota atau lebih rinci, bukan provinsi"))
    capacity = row.get("capacity", "")
    try:
        capacity = int(str(capacity).strip())
        if capacity <= 0:
            raise ValueError
    except ValueError:
        problems.append(
            _("kapasitas '%(v)s' harus bilangan bulat lebih dari 0") % {"v": row.get("capacity", "")}
        )
    phone = ""
    try:
        phone = normalize_phone(row.get("phone", ""))
    except ValidationError as error:
        problems.extend(error.messages)
    if problems:
        return None, problems
    return {
        "code": code,
        "name": name[:200],
        "kind": kind,
        "operator": operator,
        "region_id": region_code,
        "capacity": capacity,
        "address": str(row.get("address", ""))[:300],
        "phone": phone,
    }, []


@transaction.atomic
def institutions_import(*, actor, rows) -> dict[str, int]:
    """Create or update institutions from import rows, all or none.

    ``rows`` yields ``(row_number, dict)``. Rows are matched by ``code``, so importing
    the same file twice updates and never duplicates. Any bad row rejects the whole
    file with every problem listed (``ImportRejected``).
    """
    rows = list(rows)
    if rows:
        missing = [
            c for c in ("code", "name", "kind", "operator", "region_code", "capacity") if c not in rows[0][1]
        ]
        if missing:
            raise DomainError(_("Kolom wajib tidak ada: %(cols)s") % {"cols": ", ".join(missing)})
    codes = {str(r.get("region_code", "")).strip() for _n, r in rows}
    regions = dict(Region.objects.filter(code__in=codes).values_list("code", "level"))
    errors: list[RowError] = []
    parsed: list[dict] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        data, problems = _parse_row(row, regions)
        if data and data["code"] in seen:
            problems = [
                _("kode %(code)s sudah ada di baris %(row)s")
                % {"code": data["code"], "row": seen[data["code"]]}
            ]
        if problems:
            errors.extend(RowError(number, p) for p in problems)
            continue
        seen[data["code"]] = number
        parsed.append(data)
    if errors:
        raise ImportRejected(errors)

    existing = {i.code: i for i in Institution.objects.select_for_update().filter(code__in=seen)}
    created = updated = unchanged = 0
    for data in parsed:
        institution = existing.get(data["code"])
        if institution is None:
            institution = Institution(**data)
            institution.stamp(actor)
            institution.save()
            created += 1
            continue
        _institution, changed = model_update(instance=institution, fields=list(data), data=data, actor=actor)
        if changed:
            updated += 1
        else:
            unchanged += 1
    return {"created": created, "updated": updated, "unchanged": unchanged}
