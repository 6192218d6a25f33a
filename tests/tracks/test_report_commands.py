"""The report commands' contract: headers, order, rounding, scope, CSV and JSON."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.tracks.models import Disbursement, KubeGroup, KubeMember

from .conftest import ResidentFactory, make_business, make_line, visit
from .test_figures import BUSINESSES, VISITS

pytestmark = pytest.mark.django_db

PROGRAMME_HEADER = "budget_code,programme,institution_code,allocation,disbursed,realisation_pct,beneficiaries"


def run(command, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def pay(line, institution, amount, on, resident=None, group=None):
    return Disbursement.objects.create(
        line=line,
        institution=institution,
        kind="grant",
        amount=amount,
        paid_on=on,
        resident=resident,
        group=group,
    )


@pytest.fixture
def budget(jember, tuban, semarang):
    first, second = (ResidentFactory(registered_at=jember) for _ in range(2))
    own = make_line(code="5.1.01", programme_code="kemandirian", institution=jember, allocation=12_000_000)
    pay(own, jember, 3_000_000, date(2025, 2, 1), resident=first)
    pay(own, jember, 1_000_000, date(2025, 3, 1), resident=first)  # the same PM twice: one beneficiary
    pay(own, jember, 1_000_000, date(2025, 3, 1), resident=second)
    province = make_line(code="5.1.02", programme_code="kube", allocation=20_000_000)
    group = KubeGroup.objects.create(
        name="KUBE Mawar",
        business_type="Jahit",
        region_id="35.09",
        institution=jember,
        formed_on=date(2025, 1, 5),
    )
    for _ in range(5):
        KubeMember.objects.create(group=group, resident=ResidentFactory(registered_at=jember))
    pay(province, jember, 10_000_000, date(2025, 4, 1), group=group)
    make_line(code="5.1.03", programme_code="wrse", institution=tuban, allocation=0)
    make_line(code="5.1.04", programme_code="lks", institution=semarang, allocation=1_000_000)
    make_line(code="5.1.01", programme_code="kemandirian", institution=jember, allocation=5, year=2026)


def test_programme_report_has_one_row_per_line_of_the_year_in_code_order(budget):
    assert run("programme_report", "--year", "2025") == (
        f"{PROGRAMME_HEADER}\n"
        "5.1.01,kemandirian,UPT-JBR,12000000,5000000,41.7,2\n"
        "5.1.02,kube,,20000000,10000000,50.0,5\n"
        "5.1.03,wrse,UPT-TBN,0,0,,0\n"
        "5.1.04,lks,JTG-SMG,1000000,0,0.0,0\n"
    )


def test_programme_report_for_an_institution_in_any_case(budget):
    assert run("programme_report", "--year", "2025", "--institution", "upt-jbr") == (
        f"{PROGRAMME_HEADER}\n5.1.01,kemandirian,UPT-JBR,12000000,5000000,41.7,2\n"
    )


def test_programme_report_for_a_regency_leaves_out_province_wide_lines(budget):
    assert run("programme_report", "--year", "2025", "--region", "35.09") == (
        f"{PROGRAMME_HEADER}\n5.1.01,kemandirian,UPT-JBR,12000000,5000000,41.7,2\n"
    )


def test_programme_report_for_a_province_includes_province_wide_lines(budget):
    codes = [
        line.split(",")[0]
        for line in run("programme_report", "--year", "2025", "--region", "35").splitlines()
    ]
    assert codes == ["budget_code", "5.1.01", "5.1.02", "5.1.03"]


def test_programme_report_as_json(budget):
    data = json.loads(run("programme_report", "--year", "2025", "--format", "json"))
    assert data[1] == {
        "budget_code": "5.1.02",
        "programme": "kube",
        "institution_code": None,
        "allocation": 20_000_000,
        "disbursed": 10_000_000,
        "realisation_pct": "50.0",
        "beneficiaries": 5,
    }
    assert data[2]["realisation_pct"] is None
    assert list(data[0]) == PROGRAMME_HEADER.split(",")


def test_an_unknown_code_exits_with_a_message(budget):
    with pytest.raises(CommandError, match="Lembaga tidak ditemukan"):
        run("programme_report", "--year", "2025", "--institution", "NOPE")
    with pytest.raises(CommandError, match="Wilayah tidak ditemukan"):
        run("business_report", "--region", "99.99")


def test_institution_and_region_cannot_be_given_together(budget):
    with pytest.raises(CommandError):
        run("programme_report", "--year", "2025", "--institution", "UPT-JBR", "--region", "35")


@pytest.fixture
def businesses(jember, tuban):
    for _key, started_on in BUSINESSES:
        business = make_business(ResidentFactory(registered_at=jember), jember, started_on)
        for day, status in VISITS[_key]:
            visit(business, day, status)
    # In Tuban: started long ago, still running.
    other = make_business(ResidentFactory(registered_at=tuban), tuban, date(2024, 1, 1))
    visit(other, date(2025, 12, 1), "growing")


def test_business_report_by_hand(businesses):
    assert run("business_report", "--date", "2025-12-31", "--institution", "UPT-JBR") == (
        "months,started,known,survived,survival_pct\n3,6,5,3,60.0\n6,6,5,2,40.0\n12,3,2,1,50.0\n"
    )


def test_business_report_for_a_region_holds_every_institution_inside(businesses):
    assert run("business_report", "--date", "2025-12-31", "--region", "35") == (
        "months,started,known,survived,survival_pct\n3,7,6,4,66.7\n6,7,6,3,50.0\n12,4,3,2,66.7\n"
    )
    out = run("business_report", "--date", "2025-12-31", "--region", "35.23", "--format", "json")
    assert json.loads(out)[0] == {
        "months": 3,
        "started": 1,
        "known": 1,
        "survived": 1,
        "survival_pct": "100.0",
    }


def test_business_report_is_empty_where_nothing_is_known(db, jember):
    assert run("business_report", "--date", "2025-12-31") == (
        "months,started,known,survived,survival_pct\n3,0,0,0,\n6,0,0,0,\n12,0,0,0,\n"
    )


def test_business_report_defaults_to_today_in_jakarta(businesses, monkeypatch):
    from apps.tracks.management.commands import business_report

    monkeypatch.setattr(business_report.timezone, "localdate", lambda: date(2025, 12, 31))
    assert run("business_report", "--institution", "UPT-JBR").splitlines()[1] == "3,6,5,3,60.0"


def test_a_bad_report_date_exits_with_a_message(db):
    with pytest.raises(CommandError, match="Tanggal tidak valid"):
        run("business_report", "--date", "31-12-2025")
