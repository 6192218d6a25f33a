from django.utils.translation import gettext as _

from apps.core.errors import DomainError, ImportRejected, RowError
from apps.core.formatting import rupiah
from apps.institutions.models import Institution

from .. import permissions
from ..models import BudgetLine, Programme
from ..services._base import require, service
from . import parsing

COLUMNS = ("fiscal_year", "code", "programme", "institution_code", "name", "allocation")


def _parse(row, programmes, institutions) -> tuple[dict, list[str]]:
    problems: list[str] = []
    data = {
        "fiscal_year": parsing.collect(problems, parsing.year, row, "fiscal_year"),
        "code": parsing.collect(problems, parsing.required_text, row, "code"),
        "name": parsing.collect(problems, parsing.required_text, row, "name"),
        "allocation": parsing.collect(problems, parsing.rupiah, row, "allocation"),
    }
    code = parsing.text(row, "programme").lower()
    if not code:
        problems.append(_("programme kosong"))
    elif code not in programmes:
        problems.append(_("program '%(code)s' tidak dikenal") % {"code": code})
    else:
        data["programme_id"] = programmes[code]
    institution = parsing.text(row, "institution_code").upper()
    if institution and institution not in institutions:
        problems.append(_("lembaga %(code)s tidak dikenal") % {"code": institution})
    data["institution_id"] = institutions.get(institution) if institution else None
    return data, problems


@service
def budget_lines_import(*, actor, rows) -> dict[str, int]:
    """Create or update budget lines, matched by fiscal year and code: all rows or none.
    A blank institution makes a province-wide line; a re-import updates the allocation,
    never below what the line has already disbursed."""
    require(permissions.can_manage_budget(actor), _("Hanya administrator yang dapat mengimpor anggaran."))
    rows = list(rows)
    if not rows:
        raise DomainError(_("Berkas tidak berisi baris."))
    programmes = dict(Programme.objects.values_list("code", "id"))
    codes = {parsing.text(r, "institution_code").upper() for _n, r in rows}
    institutions = dict(Institution.objects.filter(code__in=codes).values_list("code", "id"))
    errors, parsed, seen = [], [], {}
    for number, row in rows:
        data, problems = _parse(row, programmes, institutions)
        key = (data["fiscal_year"], data["code"])
        if not problems and key in seen:
            problems.append(_("kode %(code)s tahun %(year)s sudah ada di baris %(row)s") % {
                "code": key[1], "year": key[0], "row": seen[key]
            })  # fmt: skip
        if problems:
            errors.append(RowError(number, "; ".join(problems)))
            continue
        seen[key] = number
        parsed.append((number, data))
    if errors:
        raise ImportRejected(errors)

    existing = {
        (line.fiscal_year, line.code): line
        for line in BudgetLine.objects.select_for_update(of=("self",)).filter(
            fiscal_year__in={k[0] for k in seen}, code__in={k[1] for k in seen}
        )
    }
    for number, data in parsed:
        line = existing.get((data["fiscal_year"], data["code"]))
        if line is not None and data["allocation"] < line.disbursed:
            errors.append(
                RowError(
                    number,
                    _("pagu %(allocation)s di bawah realisasi %(disbursed)s")
                    % {"allocation": rupiah(data["allocation"]), "disbursed": rupiah(line.disbursed)},
                )
            )
    if errors:
        raise ImportRejected(errors)

    result = {"created": 0, "updated": 0, "unchanged": 0}
    for _number, data in parsed:
        line = existing.get((data["fiscal_year"], data["code"]))
        if line is None:
            line = BudgetLine(**data)
            line.stamp(actor)
            line.save()
            result["created"] += 1
            continue
        changed = [k for k, v in data.items() if getattr(line, k) != v]
        if not changed:
            result["unchanged"] += 1
            continue
        for key in changed:
            setattr(line, key, data[key])
        line.stamp(actor)
        line.save(update_fields=[*changed, "updated_at", "updated_by"])
        result["updated"] += 1
    return result
