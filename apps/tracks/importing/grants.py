from collections import defaultdict

from django.utils.translation import gettext as _

from apps.core.errors import DomainError, ImportRejected, RowError
from apps.core.formatting import rupiah
from apps.residents.models import Placement, Resident

from .. import permissions
from ..models import BudgetLine, Disbursement
from ..services._base import service, today
from ..services.budgets import pay
from ..services.business import start
from . import parsing


def home_institutions(resident_ids) -> dict[int, int]:
    """The institution that follows up each PM: of the latest placement, else the registering one."""
    homes = dict(Resident.objects.filter(pk__in=resident_ids).values_list("pk", "registered_at_id"))
    latest = (
        Placement.objects.filter(resident_id__in=resident_ids)
        .order_by("resident_id", "-period", "-id")
        .distinct("resident_id")
        .values_list("resident_id", "institution_id")
    )
    homes.update(dict(latest))
    return homes


def _parse(row, lines, residents, on) -> tuple[dict, list[str]]:
    problems: list[str] = []
    data = {
        "paid_on": parsing.collect(problems, parsing.day, row, "paid_on", today=on),
        "amount": parsing.collect(problems, parsing.rupiah, row, "amount", minimum=1),
        "business_type": parsing.collect(problems, parsing.required_text, row, "business_type"),
        "started_on": parsing.collect(problems, parsing.day, row, "business_start_on", today=on),
        "baseline_income": parsing.collect(problems, parsing.rupiah, row, "baseline_income", required=False)
        or 0,
    }
    year = parsing.collect(problems, parsing.year, row, "fiscal_year")
    code = parsing.text(row, "budget_code")
    data["line"] = lines.get((year, code))
    if year is not None and data["line"] is None:
        problems.append(_("mata anggaran %(code)s tahun %(year)s tidak ada") % {"code": code, "year": year})
    registration_no = parsing.text(row, "registration_no")
    data["resident"] = residents.get(registration_no.upper())
    if data["resident"] is None:
        problems.append(_("PM dengan nomor registrasi '%(no)s' tidak ada") % {"no": registration_no})
    line, paid_on = data["line"], data["paid_on"]
    if line is not None and paid_on is not None and paid_on.year != line.fiscal_year:
        problems.append(
            _("paid_on %(date)s di luar tahun anggaran %(year)s")
            % {"date": paid_on.isoformat(), "year": line.fiscal_year}
        )
    return data, problems


@service
def grants_import(*, actor, rows) -> dict[str, int]:
    """Start-up grants from a file, all rows or none. A grant is identified by its line,
    PM and payment date: a row already recorded with the same amount is left as it is.
    A file whose rows would take a line above its allocation is refused whole, naming the
    first row that crosses it."""
    rows = list(rows)
    if not rows:
        raise DomainError(_("Berkas tidak berisi baris."))
    on = today()
    numbers = {parsing.text(r, "registration_no").upper() for _n, r in rows}
    residents = {r.registration_no.upper(): r for r in Resident.objects.filter(registration_no__in=numbers)}
    # Lines are locked (in id order) before their balance is read: no payment slips in between.
    codes = {parsing.text(r, "budget_code") for _n, r in rows}
    lines = {
        (line.fiscal_year, line.code): line
        for line in BudgetLine.objects.select_for_update(of=("self",)).filter(code__in=codes).order_by("id")
    }
    homes = home_institutions([r.pk for r in residents.values()])
    existing = {
        (d.line_id, d.resident_id, d.paid_on): d.amount
        for d in Disbursement.objects.filter(
            kind=Disbursement.Kind.GRANT, line__in=list(lines.values()), resident__in=list(residents.values())
        )
    }
    errors, parsed, seen = [], [], {}
    spent = defaultdict(int)
    crossed = set()
    for number, row in rows:
        data, problems = _parse(row, lines, residents, on)
        line, resident = data["line"], data["resident"]
        if not problems:
            institution_id = homes[resident.pk]
            data["institution_id"] = institution_id
            key = (line.pk, resident.pk, data["paid_on"])
            if key in seen:
                problems.append(_("hibah yang sama sudah ada di baris %(row)s") % {"row": seen[key]})
            elif actor is not None and not permissions.can_pay(actor, institution_id):
                problems.append(_("Anda tidak berwenang menyalurkan untuk lembaga PM ini"))
            elif not permissions.can_charge(line, institution_id):
                problems.append(_("mata anggaran %(code)s milik lembaga lain") % {"code": line.code})
            elif key in existing and existing[key] != data["amount"]:
                problems.append(
                    _("hibah ini sudah tercatat dengan nilai %(amount)s") % {"amount": rupiah(existing[key])}
                )
            seen.setdefault(key, number)
            data["recorded"] = key in existing
        if not problems and not data["recorded"]:
            remaining = line.allocation - line.disbursed - spent[line.pk]
            spent[line.pk] += data["amount"]
            if line.pk not in crossed and data["amount"] > remaining:
                crossed.add(line.pk)
                problems.append(
                    _("melebihi pagu %(code)s: sisa %(remaining)s, hibah %(amount)s")
                    % {"code": line.code, "remaining": rupiah(remaining), "amount": rupiah(data["amount"])}
                )
        if problems:
            errors.append(RowError(number, "; ".join(problems)))
        else:
            parsed.append(data)
    if errors:
        raise ImportRejected(errors)

    result = {"created": 0, "unchanged": 0}
    for data in parsed:
        if data["recorded"]:
            result["unchanged"] += 1
            continue
        business = start(
            actor,
            institution=data["institution_id"],
            started_on=data["started_on"],
            business_type=data["business_type"],
            baseline_income=data["baseline_income"],
            resident=data["resident"],
        )
        pay(
            actor,
            line=data["line"],
            institution=data["institution_id"],
            kind=Disbursement.Kind.GRANT,
            amount=data["amount"],
            paid_on=data["paid_on"],
            resident=data["resident"],
            business=business,
        )
        result["created"] += 1
    return result
