"""Hostile values in every form field and URL parameter: never a server error, nothing stored.

Every named URL of the project's apps must be listed in ``URLS`` below (a test checks it),
so a new page cannot escape. Each page is read with odd query parameters, then each form
on it is posted with every field set to the same odd value.
"""

import re
from datetime import date

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.core.models import Job
from apps.residents import services
from apps.residents.models import OverCapacityRequest
from apps.surveys.models import FollowUpPlan
from tests.factories import InstitutionFactory, category

pytestmark = pytest.mark.django_db

ODD_VALUES = [
    "",
    "x" * 10_000,
    "a\x00b",
    "<script>alert(1)</script>",
    "-1",
    "99999999999999999999",
    "0001-01-01",
    "9999-12-31",
    "1e309",
]
QUERY_KEYS = [
    "page",
    "q",
    "s",
    "period",
    "on",
    "date",
    "institution",
    "category",
    "sex",
    "age",
    "status",
    "region",
]
# Pages whose POST is not a form about data: they log out or switch the language.
NOT_POSTED = {"accounts:logout", "set_language"}
# Apps whose rows an odd request must never create or change (logs of who opened what aside).
WATCHED_APPS = ["residents", "rehabilitation", "tracks", "institutions", "surveys", "reports", "core"]
LOGS = {"AccessLog", "NoteAccess", "SiteFlag"}
# Free text with nothing else to it: any string is a valid note (shown escaped), so an odd
# value may be saved there; the pages must still answer without a server error.
FREE_TEXT = {"MonthlyReport"}
FIELD_NAME = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', re.I)


@pytest.fixture
def world(jember, staff_jember):
    resident = services.resident_register(
        actor=staff_jember,
        institution=jember,
        data={"full_name": "Sri Wahyuni", "sex": "P", "birth_date": date(1950, 3, 12),
              "welfare_category": category("LUT")},
    )  # fmt: skip
    services.case_admit(
        actor=staff_jember,
        resident=resident,
        institution=jember,
        on=date(2025, 1, 10),
        referral_source="keluarga",
    )
    event = services.event_record(
        actor=staff_jember, resident=resident, kind="hospital", on=date(2025, 2, 1), notes=""
    )
    document = services.document_add(
        actor=staff_jember, resident=resident, kind="ktp", file=_pdf(), description=""
    )
    referral = services.referral_propose(
        actor=staff_jember, resident=resident, to_institution=InstitutionFactory(code="UPT-FUZZ"),
        on=date(2025, 3, 1), reason="x", letter_no="1",
    )  # fmt: skip
    capacity_request = OverCapacityRequest.objects.create(
        kind="admission", resident=resident, institution=jember, on=date(2025, 3, 1), reason="x"
    )
    plan = FollowUpPlan.objects.create(institution=jember, period="2026-10", element="u3", action="x")
    job = Job.objects.create(kind="institutions_import", created_by=staff_jember, status="failed", error="x")
    return {"resident": resident, "event": event, "document": document, "plan": plan, "job": job,
            "referral": referral, "capacity_request": capacity_request}  # fmt: skip


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("a.pdf", b"%PDF-1.4 fuzz", content_type="application/pdf")


def urls(world, jember) -> dict[str, str]:
    r, code = world["resident"].pk, jember.code
    return {
        "home": reverse("home"),
        "reports_occupancy": reverse("reports_occupancy"),
        "reports_occupancy_breakdowns": reverse("reports_occupancy_breakdowns"),
        "reports_flows": reverse("reports_flows"),
        "reports_quality": reverse("reports_quality"),
        "reports_monthly_region": reverse("reports_monthly_region", args=["2026-10"]),
        "reports_monthly": reverse("reports_monthly", args=[code, "2026-10"]),
        "reports_monthly_export": reverse("reports_monthly_export", args=[code, "2026-10"]),
        "open_data_census": reverse("open_data_census", args=["2026-10", "json"]),
        "core:job": reverse("core:job", args=[world["job"].pk]),
        "accounts:login": reverse("accounts:login"),
        "accounts:logout": reverse("accounts:logout"),
        "set_language": reverse("set_language"),
        "regions:children": reverse("regions:children", args=["35.09"]),
        "institutions:list": reverse("institutions:list"),
        "institutions:detail": reverse("institutions:detail", args=[code]),
        "institutions:import": reverse("institutions:import"),
        "institutions:import_template": reverse("institutions:import_template"),
        "residents:list": reverse("residents:list"),
        "residents:count": reverse("residents:count"),
        "residents:export": reverse("residents:export", args=["csv"]),
        "residents:register": reverse("residents:register"),
        "residents:import": reverse("residents:import"),
        "residents:import_template": reverse("residents:import_template"),
        "residents:import_job": reverse("residents:import_job", args=[world["job"].pk]),
        "residents:import_confirm": reverse("residents:import_confirm", args=[world["job"].pk]),
        "residents:export_download": reverse("residents:export_download", args=[world["job"].pk]),
        "residents:detail": reverse("residents:detail", args=[r]),
        "residents:edit": reverse("residents:edit", args=[r]),
        "residents:history": reverse("residents:history", args=[r]),
        "residents:admit": reverse("residents:admit", args=[r]),
        "residents:transfer": reverse("residents:transfer", args=[r]),
        "residents:discharge": reverse("residents:discharge", args=[r]),
        "residents:stage": reverse("residents:stage", args=[r]),
        "residents:event_add": reverse("residents:event_add", args=[r]),
        "residents:event_close": reverse("residents:event_close", args=[r, world["event"].pk]),
        "residents:family_add": reverse("residents:family_add", args=[r]),
        "residents:document_add": reverse("residents:document_add", args=[r]),
        "residents:document": reverse("residents:document", args=[r, world["document"].pk]),
        "residents:consent_add": reverse("residents:consent_add", args=[r]),
        **{
            f"residents:{name}": reverse(f"residents:{name}", args=[r, world["referral"].pk])
            for name in ("referral", "referral_accept", "referral_decline", "referral_cancel")
        },
        "residents:capacity_request": reverse(
            "residents:capacity_request", args=[world["capacity_request"].pk]
        ),
        "surveys:respond": reverse("surveys:respond", args=[code]),
        "surveys:thanks": reverse("surveys:thanks", args=[code]),
        "surveys:short": reverse("surveys:short", args=[code]),
        "surveys:poster": reverse("surveys:poster", args=[code]),
        "surveys:assisted": reverse("surveys:assisted", args=[code]),
        "surveys:overview": reverse("surveys:overview"),
        "surveys:region": reverse("surveys:region", args=["35"]),
        "surveys:region_export": reverse("surveys:region_export", args=["35"]),
        "surveys:plan_review": reverse("surveys:plan_review", args=[world["plan"].pk]),
        "surveys:institution": reverse("surveys:institution", args=[code]),
        "surveys:import": reverse("surveys:import", args=[code]),
        "surveys:import_template": reverse("surveys:import_template", args=[code]),
        "surveys:institution_export": reverse("surveys:institution_export", args=[code]),
        "surveys:plan_edit": reverse("surveys:plan_edit", args=[code, "2026-10", "u3"]),
        **rehabilitation_urls(r, code),
        **tracks_urls(r, code),
    }


def tracks_urls(r: int, code: str) -> dict[str, str]:
    def at(name, *args):
        return {f"tracks:{name}": reverse(f"tracks:{name}", args=args)}

    return {
        **at("overview"),
        **{f"tracks:{name}": reverse(f"tracks:{name}", args=[code]) for name in
           ("institution", "institution_export", "course_create", "kube_create")},
        **at("region", "35"),
        **at("region_export", "35"),
        **at("import", "grants"),
        **at("import_template", "grants"),
        **{f"tracks:{name}": reverse(f"tracks:{name}", args=[1]) for name in
           ("course", "enrollment_complete", "certificate", "kit", "readiness_approve", "visit", "kube")},
        **at("resident", r),
        **at("grant", r),
        **at("readiness", r),
    }  # fmt: skip


def rehabilitation_urls(r: int, code: str) -> dict[str, str]:
    from apps.rehabilitation.models import Instrument

    def at(name, *args):
        return {f"rehabilitation:{name}": reverse(f"rehabilitation:{name}", args=args)}

    instrument = Instrument.objects.order_by("pk").first()
    return {
        **at("my_cases"),
        **at("caseload"),
        **{f"rehabilitation:{tab}": reverse(f"rehabilitation:{tab}", args=[r]) for tab in
           ("case", "assessment", "plan", "plan_new", "services", "notes", "family", "followup")},
        **at("assessment_new", r, instrument.code),
        **at("plan_submit", r, 1),
        **at("plan_decide", r, 1),
        **at("note_open", r, 1),
        **{f"rehabilitation:{name}": reverse(f"rehabilitation:{name}", args=[code]) for name in
           ("activities", "activity_new", "atensi", "followup_list")},
        **at("atensi_export", code, "xlsx"),
    }  # fmt: skip


def _named_urls(resolver=None, namespace="") -> set[str]:
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= _named_urls(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for app in WATCHED_APPS
        for model in apps.get_app_config(app).get_models()
        if model.__name__ not in LOGS | FREE_TEXT
    }


def _field_names(body: str) -> set[str]:
    return set(FIELD_NAME.findall(body)) - {"csrfmiddlewaretoken"}


def test_every_page_of_the_project_is_fuzzed(world, jember):
    assert _named_urls() == set(urls(world, jember))


@pytest.mark.parametrize("value", ODD_VALUES, ids=range(len(ODD_VALUES)))
def test_odd_values_never_cause_a_server_error_nor_store_anything(client, world, jember, staff_jember, value):
    client.raise_request_exception = False
    client.force_login(staff_jember)
    before = _counts()
    for name, url in urls(world, jember).items():
        page = client.get(url, dict.fromkeys(QUERY_KEYS, value))
        assert page.status_code < 500, (name, "GET", page.status_code)
        if name in NOT_POSTED:
            continue
        html = page.status_code == 200 and page.get("Content-Type", "").startswith("text/html")
        body = page.content.decode(errors="replace") if html else ""
        fields = _field_names(body) or {"q", "on", "note"}
        response = client.post(url, dict.fromkeys(fields, value))
        assert response.status_code < 500, (name, "POST", response.status_code)
    assert _counts() == before


@pytest.mark.parametrize("odd", ["99999999999999999999", "0", "-1", "1.5", "%00"])
def test_odd_ids_in_paths_are_not_found(client, staff_jember, odd):
    client.raise_request_exception = False
    client.force_login(staff_jember)
    for path in [f"/residents/{odd}/", f"/residents/1/events/{odd}/close/", f"/jobs/{odd}/"]:
        assert client.get(path).status_code == 404, path
    assert client.post(f"/ikm/plan/{odd}/review/").status_code == 404
