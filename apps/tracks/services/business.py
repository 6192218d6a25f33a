"""Entrepreneurship after discharge: business plans, businesses, start-up grants, KUBE
groups and follow-up visits."""

from django.db import IntegrityError
from django.utils.translation import gettext as _

from apps.core.errors import DomainError

from .. import permissions
from ..models import (
    Business,
    BusinessPlan,
    BusinessStatus,
    BusinessVisit,
    Disbursement,
    KubeGroup,
    KubeMember,
)
from ._base import not_in_future, require, service
from .budgets import pay


def _not_negative(value, label: str):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise DomainError(_("%(label)s harus bilangan bulat rupiah, tidak negatif.") % {"label": label})
    return value


@service
def business_plan_save(
    *,
    actor,
    resident,
    institution,
    business_type: str,
    region,
    capital_needed: int,
    made_on,
    mentor="",
    note="",
) -> BusinessPlan:
    """A PM's business plan: type, location (a region), capital needed, mentor."""
    require(permissions.can_work_at(actor, institution), _("Anda tidak berwenang di lembaga ini."))
    _not_negative(capital_needed, _("Kebutuhan modal"))
    not_in_future(made_on, _("Tanggal rencana"))
    plan = BusinessPlan(
        resident=resident,
        institution=institution,
        business_type=business_type.strip(),
        region=region,
        capital_needed=capital_needed,
        made_on=made_on,
        mentor=mentor.strip(),
        note=note,
    )
    plan.stamp(actor)
    plan.save()
    return plan


def start(
    actor,
    *,
    institution,
    started_on,
    business_type: str,
    baseline_income: int = 0,
    resident=None,
    group=None,
    region=None,
    plan=None,
) -> Business:
    """The business of ``resident`` (or ``group``) started on ``started_on``, made if new.
    An existing one keeps its identity; its type and baseline follow the latest record."""
    require(permissions.can_work_at(actor, institution), _("Anda tidak berwenang di lembaga ini."))
    not_in_future(started_on, _("Tanggal mulai usaha"))
    _not_negative(baseline_income, _("Pendapatan awal"))
    institution_id = getattr(institution, "pk", institution)
    if resident is not None and institution_id not in (
        resident.institution_ids or [resident.registered_at_id]
    ):
        raise DomainError(
            _("PM ini tidak terdaftar atau ditempatkan di lembaga pendamping usaha."), code="not_here"
        )
    if group is not None and group.institution_id != institution_id:
        raise DomainError(_("KUBE ini didampingi lembaga lain."), code="not_here")
    owner = {"resident": resident} if resident is not None else {"group": group}
    business = Business.objects.select_for_update(of=("self",)).filter(started_on=started_on, **owner).first()
    if business is None:
        business = Business(started_on=started_on, institution_id=institution_id, plan=plan, **owner)
    elif business.business_type == business_type.strip() and business.baseline_income == baseline_income:
        return business
    business.business_type = business_type.strip()
    business.baseline_income = baseline_income
    business.region = region or business.region or (plan.region if plan else None)
    business.stamp(actor)
    business.save()
    return business


@service
def business_start(*, actor, institution, started_on, business_type: str, baseline_income: int = 0, **owner):
    """Record a business of a PM (``resident=``) or a KUBE (``group=``) from its start date."""
    return start(
        actor,
        institution=institution,
        started_on=started_on,
        business_type=business_type,
        baseline_income=baseline_income,
        **owner,
    )


@service
def grant_give(
    *,
    actor,
    line,
    resident=None,
    group=None,
    amount: int,
    paid_on,
    business: Business | None = None,
    business_type: str = "",
    started_on=None,
    baseline_income: int = 0,
    institution=None,
    region=None,
    plan=None,
    form: str = Disbursement.Form.CASH,
    items: str = "",
    proof=None,
    note: str = "",
) -> Disbursement:
    """A start-up grant (cash or in kind) to a PM or a KUBE, charged to ``line``, for a
    business: the given one, or the one identified by owner and ``started_on`` (made here,
    with the baseline income recorded at the grant)."""
    if group is not None:
        members = group.members.count()
        if not KubeGroup.MIN_MEMBERS <= members <= KubeGroup.MAX_MEMBERS:
            raise DomainError(
                _("KUBE menerima bantuan bila beranggotakan %(min)s-%(max)s orang; sekarang %(n)s.")
                % {"min": KubeGroup.MIN_MEMBERS, "max": KubeGroup.MAX_MEMBERS, "n": members},
                code="kube_size",
            )
    if business is None:
        if not business_type.strip() or started_on is None:
            raise DomainError(_("Isi jenis usaha dan tanggal mulai usaha."))
        business = start(
            actor,
            institution=institution,
            started_on=started_on,
            business_type=business_type,
            baseline_income=baseline_income,
            resident=resident,
            group=group,
            region=region,
            plan=plan,
        )
    return pay(
        actor,
        line=line,
        institution=business.institution_id,
        kind=Disbursement.Kind.GRANT,
        amount=amount,
        paid_on=paid_on,
        resident=business.resident,
        group=business.group,
        business=business,
        form=form,
        items=items,
        proof=proof,
        note=note,
    )


def record_visit(
    actor, *, business: Business, visited_on, status: str, monthly_revenue=None, monthly_income=None, notes=""
) -> tuple[BusinessVisit, bool]:
    """The visit of ``business`` on ``visited_on`` (one a day), written or corrected;
    returns it and whether anything changed."""
    require(
        permissions.can_work_at(actor, business.institution_id), _("Anda tidak berwenang di lembaga ini.")
    )
    if status not in BusinessStatus.values:
        raise DomainError(_("Status usaha tidak dikenal: %(status)s") % {"status": status})
    not_in_future(visited_on, _("Tanggal kunjungan"))
    if visited_on < business.started_on:
        raise DomainError(_("Kunjungan sebelum usaha dimulai (%(date)s).") % {"date": business.started_on})
    _not_negative(monthly_revenue, _("Omzet"))
    visit = BusinessVisit.objects.select_for_update().filter(business=business, visited_on=visited_on).first()
    values = {"status": status, "monthly_revenue": monthly_revenue, "monthly_income": monthly_income}
    if visit is not None and all(getattr(visit, k) == v for k, v in values.items()):
        return visit, False
    visit = visit or BusinessVisit(business=business, visited_on=visited_on)
    for key, value in values.items():
        setattr(visit, key, value)
    if notes:
        visit.notes = notes
    visit.stamp(actor)
    visit.save()
    return visit, True


@service
def business_visit_record(*, actor, business: Business, visited_on, status: str, **figures) -> BusinessVisit:
    """A follow-up visit: status (running, growing, stalled, closed), monthly revenue and income."""
    return record_visit(actor, business=business, visited_on=visited_on, status=status, **figures)[0]


@service
def kube_group_create(*, actor, institution, name: str, business_type: str, region, formed_on) -> KubeGroup:
    require(permissions.can_work_at(actor, institution), _("Anda tidak berwenang di lembaga ini."))
    not_in_future(formed_on, _("Tanggal dibentuk"))
    group = KubeGroup(
        institution=institution,
        name=name.strip(),
        business_type=business_type.strip(),
        region=region,
        formed_on=formed_on,
    )
    group.stamp(actor)
    try:
        group.save()
    except IntegrityError as exc:
        raise DomainError(_("Nama kelompok sudah dipakai di lembaga ini.")) from exc
    return group


@service
def kube_member_add(*, actor, group: KubeGroup, resident, role: str = KubeMember.Role.MEMBER) -> KubeMember:
    """Add a member (PM, eks-PM, or a community member registered as PM without a
    placement) with a role; at most 20 members, one leader, secretary and treasurer."""
    group = KubeGroup.objects.select_for_update(of=("self",)).get(pk=group.pk)
    require(permissions.can_work_at(actor, group.institution_id), _("Anda tidak berwenang di lembaga ini."))
    if role not in KubeMember.Role.values:
        raise DomainError(_("Peran tidak dikenal."))
    if group.members.count() >= KubeGroup.MAX_MEMBERS:
        raise DomainError(
            _("KUBE paling banyak %(n)s anggota.") % {"n": KubeGroup.MAX_MEMBERS}, code="too_many"
        )
    if role != KubeMember.Role.MEMBER and group.members.filter(role=role).exists():
        raise DomainError(_("Peran ini sudah dipegang anggota lain."), code="office_taken")
    if group.members.filter(resident=resident).exists():
        raise DomainError(_("Orang ini sudah menjadi anggota."), code="already_member")
    member = KubeMember(group=group, resident=resident, role=role)
    member.stamp(actor)
    member.save()
    return member
