from django.utils.translation import gettext as _

from apps.core.errors import DomainError, ImportRejected, RowError
from apps.residents.models import Resident

from .. import permissions
from ..models import Business, BusinessStatus
from ..services._base import service, today
from ..services.business import record_visit
from . import parsing

# Codes and Indonesian words, any case.
STATUSES = {value: value for value in BusinessStatus.values} | {
    "berjalan": BusinessStatus.RUNNING,
    "berkembang": BusinessStatus.GROWING,
    "macet": BusinessStatus.STALLED,
    "tutup": BusinessStatus.CLOSED,
}


def _business_on(businesses: list[Business], on):
    """The PM's latest business started on or before ``on`` (``businesses`` newest first)."""
    return next((b for b in businesses if b.started_on <= on), None)


@service
def business_visits_import(*, actor, rows) -> dict[str, int]:
    """Follow-up visits, all rows or none. A visit belongs to the PM's latest business
    started on or before its date; a business has one visit a day, so a re-import
    changes nothing."""
    rows = list(rows)
    if not rows:
        raise DomainError(_("Berkas tidak berisi baris."))
    on = today()
    numbers = {parsing.text(r, "registration_no").upper() for _n, r in rows}
    residents = {
        no.upper(): pk
        for no, pk in Resident.objects.filter(registration_no__in=numbers).values_list(
            "registration_no", "pk"
        )
    }
    by_resident: dict[int, list[Business]] = {}
    for business in Business.objects.filter(resident_id__in=residents.values()).order_by(
        "-started_on", "-id"
    ):
        by_resident.setdefault(business.resident_id, []).append(business)
    errors, parsed, seen = [], [], {}
    for number, row in rows:
        problems: list[str] = []
        visited_on = parsing.collect(problems, parsing.day, row, "visited_on", today=on)
        revenue = parsing.collect(problems, parsing.rupiah, row, "monthly_revenue", required=False)
        income = parsing.collect(
            problems, parsing.rupiah, row, "monthly_income", required=False, minimum=-(10**12)
        )
        status = STATUSES.get(parsing.text(row, "status").lower())
        if status is None:
            problems.append(
                _("status '%(value)s' harus running, growing, stalled atau closed")
                % {"value": parsing.text(row, "status")}
            )
        registration_no = parsing.text(row, "registration_no")
        resident_id = residents.get(registration_no.upper())
        business = None
        if resident_id is None:
            problems.append(_("PM dengan nomor registrasi '%(no)s' tidak ada") % {"no": registration_no})
        elif visited_on is not None:
            business = _business_on(by_resident.get(resident_id, []), visited_on)
            if business is None:
                problems.append(
                    _("PM ini belum memiliki usaha yang dimulai pada atau sebelum tanggal kunjungan")
                )
            elif (business.pk, visited_on) in seen:
                problems.append(
                    _("kunjungan yang sama sudah ada di baris %(row)s")
                    % {"row": seen[business.pk, visited_on]}
                )
            elif actor is not None and not permissions.can_work_at(actor, business.institution_id):
                problems.append(_("Anda tidak berwenang di lembaga pendamping usaha ini"))
        if problems:
            errors.append(RowError(number, "; ".join(problems)))
            continue
        seen[business.pk, visited_on] = number
        parsed.append((business, visited_on, status, revenue, income))
    if errors:
        raise ImportRejected(errors)
    result = {"created": 0, "unchanged": 0}
    for business, visited_on, status, revenue, income in parsed:
        _visit, changed = record_visit(
            actor,
            business=business,
            visited_on=visited_on,
            status=status,
            monthly_revenue=revenue,
            monthly_income=income,
        )
        result["created" if changed else "unchanged"] += 1
    return result
