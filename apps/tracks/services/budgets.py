"""Budget lines and the disbursements charged to them.

The one path money leaves a line: ``disbursement_pay``. It locks the line row, checks
the fiscal year and the remaining allocation, then inserts; the database holds the same
rule (trigger-kept balance with a CHECK), so a write that bypasses this service, or two
payments racing, cannot overspend either.
"""

from django.db import IntegrityError
from django.utils.translation import gettext as _

from apps.core.errors import DomainError
from apps.core.formatting import rupiah

from .. import permissions
from ..models import BudgetLine, Disbursement, Programme
from ._base import not_in_future, positive_rupiah, require, service


def lock_line(pk) -> BudgetLine:
    return BudgetLine.objects.select_for_update(of=("self",)).select_related("programme").get(pk=pk)


def check_payment(line: BudgetLine, *, amount: int, paid_on, already: int = 0) -> None:
    """Refuse a payment of ``amount`` on ``paid_on`` from ``line`` (whose ``disbursed``
    plus ``already`` is spent): outside the fiscal year, or above the allocation."""
    if paid_on.year != line.fiscal_year:
        raise DomainError(
            _("Tanggal penyaluran %(date)s di luar tahun anggaran %(year)s mata anggaran %(code)s.")
            % {"date": paid_on.isoformat(), "year": line.fiscal_year, "code": line.code},
            code="outside_fiscal_year",
        )
    remaining = line.allocation - line.disbursed - already
    if amount > remaining:
        raise DomainError(
            _("Melebihi pagu mata anggaran %(code)s: sisa %(remaining)s, diminta %(amount)s.")
            % {"code": line.code, "remaining": rupiah(max(remaining, 0)), "amount": rupiah(amount)},
            code="over_allocation",
        )


@service
def budget_line_save(
    *, actor, fiscal_year: int, code: str, programme: Programme, institution=None, name: str, allocation: int
) -> BudgetLine:
    """Create or update the line ``code`` of ``fiscal_year``. The allocation never goes
    below what the line has already disbursed."""
    require(permissions.can_manage_budget(actor), _("Hanya administrator yang dapat mengubah anggaran."))
    if isinstance(allocation, bool) or not isinstance(allocation, int) or allocation < 0:
        raise DomainError(_("Pagu harus bilangan bulat rupiah, tidak negatif."))
    line = (
        BudgetLine.objects.select_for_update(of=("self",)).filter(fiscal_year=fiscal_year, code=code).first()
    )
    if line is None:
        line = BudgetLine(fiscal_year=fiscal_year, code=code)
    elif allocation < line.disbursed:
        raise DomainError(
            _("Pagu %(code)s tidak boleh di bawah realisasi %(disbursed)s.")
            % {"code": code, "disbursed": rupiah(line.disbursed)},
            code="below_disbursed",
        )
    changed = (
        line._state.adding
        or line.programme_id != programme.pk
        or line.institution_id != getattr(institution, "pk", None)
        or line.name != name
        or line.allocation != allocation
    )
    if changed:
        line.programme, line.institution, line.name, line.allocation = (
            programme,
            institution,
            name,
            allocation,
        )
        line.stamp(actor)
        line.save()
    return line


def pay(
    actor,
    *,
    line: BudgetLine,
    institution,
    kind: str,
    amount: int,
    paid_on,
    resident=None,
    group=None,
    business=None,
    enrollment=None,
    form: str = Disbursement.Form.CASH,
    items: str = "",
    proof=None,
    note: str = "",
) -> Disbursement:
    """The payment itself, inside a caller's service transaction (line locked here)."""
    require(permissions.can_pay(actor, institution), _("Anda tidak berwenang menyalurkan dana lembaga ini."))
    positive_rupiah(amount, _("Nilai penyaluran"))
    not_in_future(paid_on, _("Tanggal penyaluran"))
    if form == Disbursement.Form.IN_KIND and not items.strip():
        raise DomainError(_("Bantuan barang perlu rincian barang."))
    line = lock_line(line.pk)
    if not permissions.can_charge(line, institution):
        raise DomainError(
            _("Mata anggaran %(code)s milik lembaga lain.") % {"code": line.code}, code="other_line"
        )
    check_payment(line, amount=amount, paid_on=paid_on)
    disbursement = Disbursement(
        line=line,
        institution_id=getattr(institution, "pk", institution),
        kind=kind,
        form=form,
        items=items.strip(),
        amount=amount,
        paid_on=paid_on,
        resident=resident,
        group=group,
        business=business,
        enrollment=enrollment,
        note=note,
    )
    if proof:
        disbursement.proof = proof
    disbursement.stamp(actor)
    try:
        disbursement.save()
    except IntegrityError as exc:
        name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", "")
        if name == "disbursement_grant_once_a_day":
            raise DomainError(
                _("Bantuan ini sudah tercatat pada tanggal yang sama."), code="duplicate"
            ) from exc
        raise
    return disbursement


@service
def disbursement_pay(*, actor, line: BudgetLine, institution, kind: str, amount: int, paid_on, **details):
    """Pay ``amount`` from ``line`` on ``paid_on``: within the line's fiscal year, never
    above its allocation (checked under a row lock on the line, held by the database)."""
    return pay(
        actor, line=line, institution=institution, kind=kind, amount=amount, paid_on=paid_on, **details
    )
