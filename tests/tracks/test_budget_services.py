from datetime import date

import pytest

from apps.core.errors import DomainError
from apps.tracks import services
from apps.tracks.models import Business, Disbursement

from .conftest import make_line, programme

pytestmark = pytest.mark.django_db


def _grant(actor, line, pm, amount, paid_on=date(2025, 3, 1), started_on=date(2025, 3, 1)):
    return services.grant_give(
        actor=actor,
        line=line,
        resident=pm,
        institution=line.institution,
        amount=amount,
        paid_on=paid_on,
        business_type="Warung kelontong",
        started_on=started_on,
        baseline_income=300_000,
    )


def test_a_grant_is_charged_to_its_line_and_starts_the_business(staff_jember, line, pm):
    grant = _grant(staff_jember, line, pm, 2_500_000)
    line.refresh_from_db()
    assert line.disbursed == 2_500_000
    business = Business.objects.get(resident=pm)
    assert grant.business == business
    assert (business.started_on, business.baseline_income) == (date(2025, 3, 1), 300_000)
    # Audited with the actor.
    [event] = grant.history.all()
    assert event.pgh_context.metadata["user"] == staff_jember.pk


def test_a_grant_above_what_remains_is_refused_and_nothing_is_written(staff_jember, line, pm):
    _grant(staff_jember, line, pm, 8_000_000)
    with pytest.raises(DomainError) as exc:
        _grant(staff_jember, line, pm, 2_000_001, paid_on=date(2025, 4, 1), started_on=date(2025, 4, 1))
    assert exc.value.code == "over_allocation"
    assert "Rp 2.000.000" in exc.value.message
    assert Disbursement.objects.count() == 1
    assert Business.objects.count() == 1  # the second business was rolled back with the payment


def test_exactly_the_remaining_amount_can_be_paid(staff_jember, line, pm):
    _grant(staff_jember, line, pm, 10_000_000)
    line.refresh_from_db()
    assert line.remaining == 0


def test_a_payment_outside_the_fiscal_year_is_refused(staff_jember, line, pm):
    with pytest.raises(DomainError) as exc:
        _grant(staff_jember, line, pm, 1_000_000, paid_on=date(2024, 12, 31))
    assert exc.value.code == "outside_fiscal_year"


def test_staff_of_another_institution_cannot_pay(staff_tuban, line, pm):
    with pytest.raises(DomainError) as exc:
        _grant(staff_tuban, line, pm, 1_000_000)
    assert exc.value.code == "forbidden"


def test_a_line_of_another_institution_cannot_be_charged(staff_jember, tuban, jember, pm):
    tuban_line = make_line(code="TBN.1", institution=tuban)
    with pytest.raises(DomainError) as exc:
        services.disbursement_pay(
            actor=staff_jember,
            line=tuban_line,
            institution=jember,
            kind="aid",
            amount=1_000,
            paid_on=date(2025, 3, 1),
            resident=pm,
        )
    assert exc.value.code == "other_line"


def test_a_province_wide_line_pays_for_any_institution(staff_jember, jember, pm):
    province = make_line(code="PROV.1", institution=None)
    services.disbursement_pay(
        actor=staff_jember,
        line=province,
        institution=jember,
        kind="aid",
        amount=5_000,
        paid_on=date(2025, 3, 1),
        resident=pm,
    )
    province.refresh_from_db()
    assert province.disbursed == 5_000


def test_in_kind_grants_list_their_items(staff_jember, line, pm):
    with pytest.raises(DomainError):
        services.grant_give(
            actor=staff_jember, line=line, resident=pm, institution=line.institution, amount=1_000,
            paid_on=date(2025, 3, 1), business_type="Jahit", started_on=date(2025, 3, 1), form="in_kind",
        )  # fmt: skip


def test_the_allocation_never_goes_below_what_is_disbursed(admin_user, staff_jember, line, pm):
    _grant(staff_jember, line, pm, 6_000_000)
    with pytest.raises(DomainError) as exc:
        services.budget_line_save(
            actor=admin_user, fiscal_year=2025, code=line.code, programme=programme("kewirausahaan"),
            institution=line.institution, name=line.name, allocation=5_000_000,
        )  # fmt: skip
    assert exc.value.code == "below_disbursed"
    services.budget_line_save(
        actor=admin_user, fiscal_year=2025, code=line.code, programme=programme("kewirausahaan"),
        institution=line.institution, name=line.name, allocation=6_000_000,
    )  # fmt: skip
    line.refresh_from_db()
    assert line.allocation == 6_000_000


def test_only_administrators_keep_budget_lines(staff_jember):
    with pytest.raises(DomainError) as exc:
        services.budget_line_save(
            actor=staff_jember, fiscal_year=2025, code="A", programme=programme("ke"), name="x", allocation=1
        )
    assert exc.value.code == "forbidden"


def test_a_grant_is_for_a_pm_of_the_institution_that_follows_the_business(staff_jember, line, tuban):
    from .conftest import ResidentFactory

    stranger = ResidentFactory(registered_at=tuban)
    with pytest.raises(DomainError) as exc:
        _grant(staff_jember, line, stranger, 1_000)
    assert exc.value.code == "not_here"


def test_a_kube_grant_needs_five_to_twenty_members(staff_jember, jember, line):
    from apps.tracks.models import KubeGroup, KubeMember

    from .conftest import ResidentFactory

    group = KubeGroup.objects.create(
        name="KUBE Mawar",
        business_type="Jahit",
        region_id="35.09",
        institution=jember,
        formed_on=date(2025, 1, 5),
    )
    for _ in range(4):
        KubeMember.objects.create(group=group, resident=ResidentFactory(registered_at=jember))

    def grant():
        return services.grant_give(
            actor=staff_jember, line=line, group=group, institution=jember, amount=8_000_000,
            paid_on=date(2025, 3, 1), business_type="Jahit", started_on=date(2025, 3, 1),
        )  # fmt: skip

    with pytest.raises(DomainError) as exc:
        grant()
    assert exc.value.code == "kube_size"
    KubeMember.objects.create(group=group, resident=ResidentFactory(registered_at=jember))
    assert grant().group == group
