"""Pages of case work: scope (404 across institutions), rights (403), query counts, flows."""

from datetime import date

import pytest
from django.urls import reverse

from apps.rehabilitation import services
from apps.rehabilitation.models import GroupActivity, NoteAccess, PlanVersion, ServiceType
from apps.residents.models import Case
from tests.rehabilitation.conftest import approved_plan, assess, closed_case
from tests.residents.conftest import ResidentFactory, admit

pytestmark = pytest.mark.django_db

TABS = ["case", "assessment", "plan", "services", "notes", "family", "followup"]


@pytest.fixture
def busy_case(staff_jember, head_jember, open_case):
    """A case with a bit of everything, so each tab shows several rows."""
    services.case_worker_assign(actor=head_jember, case=open_case, worker=staff_jember)
    assess(staff_jember, open_case, date(2025, 1, 20), (1, 2, 3, 4, 2))
    assess(staff_jember, open_case, date(2025, 7, 20), (2, 2, 4, 4, 3))
    services.case_stage_move(actor=staff_jember, case=open_case, to_stage="asesmen", on=date(2025, 1, 15))
    services.case_stage_move(
        actor=staff_jember, case=open_case, to_stage="rencana_intervensi", on=date(2025, 1, 21)
    )
    approved_plan(staff_jember, head_jember, open_case)
    approved_plan(staff_jember, head_jember, open_case, review_on=date(2026, 1, 1))
    bimbingan = ServiceType.objects.get(code="bimbingan_mental")
    for day in (3, 4, 5):
        services.individual_session_record(
            actor=staff_jember, case=open_case, held_on=date(2025, 2, day), service_type=bimbingan,
            component=bimbingan.component, facilitator=staff_jember, duration_minutes=45,
        )  # fmt: skip
    for level in ("institution", "team", "author", "author"):
        services.note_add(
            actor=staff_jember, case=open_case, text="isi", level=level, written_on=date(2025, 2, 1)
        )
    for kind in ("contact", "home_visit", "assessment"):
        services.family_step_record(
            actor=staff_jember, case=open_case, kind=kind, occurred_on=date(2025, 2, 2)
        )
    return open_case


def url(name, case):
    return reverse(f"rehabilitation:{name}", args=[case.resident_id])


@pytest.mark.parametrize("tab", TABS)
def test_every_tab_shows_for_staff_in_bounded_queries(
    client, staff_jember, busy_case, tab, django_assert_max_num_queries
):
    client.force_login(staff_jember)
    client.get(url(tab, busy_case))  # warm the session and caches
    with django_assert_max_num_queries(22):
        response = client.get(url(tab, busy_case))
    assert response.status_code == 200
    assert b'data-testid="rehab-tabs"' in response.content


@pytest.mark.parametrize("tab", TABS)
def test_tabs_of_another_institutions_resident_are_not_found(client, staff_tuban, busy_case, tab):
    client.force_login(staff_tuban)
    assert client.get(url(tab, busy_case)).status_code == 404
    assert client.post(url(tab, busy_case), {}).status_code == 404


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("assessment_new", ["inti"]),
        ("plan_new", []),
        ("plan_submit", [1]),
        ("plan_decide", [1]),
        ("note_open", [1]),
    ],
)
def test_action_urls_of_another_institution_are_not_found(client, staff_tuban, busy_case, name, args):
    client.force_login(staff_tuban)
    assert (
        client.post(reverse(f"rehabilitation:{name}", args=[busy_case.resident_id, *args])).status_code == 404
    )


@pytest.mark.parametrize("name", ["activities", "activity_new", "atensi", "followup_list"])
def test_institution_pages_of_another_institution_are_not_found(client, staff_tuban, jember, name):
    client.force_login(staff_tuban)
    assert client.get(reverse(f"rehabilitation:{name}", args=[jember.code])).status_code == 404
    assert client.get(reverse("rehabilitation:atensi_export", args=[jember.code, "xlsx"])).status_code == 404


def test_supervisor_reads_tabs_but_may_not_write(client, supervisor_jatim, busy_case):
    client.force_login(supervisor_jatim)
    assert client.get(url("notes", busy_case)).status_code == 200
    assert client.post(url("notes", busy_case), {"text": "x", "level": "institution"}).status_code == 403


def test_stage_form_refuses_a_gate_and_shows_why(client, staff_jember, open_case):
    client.force_login(staff_jember)
    client.post(url("case", open_case), {"stage-to_stage": "asesmen", "stage-on": "2025-01-15"})
    response = client.post(url("case", open_case), {"stage-to_stage": "intervensi", "stage-on": "2025-01-16"})
    assert response.status_code == 200
    assert "asesmen yang selesai" in response.content.decode()
    open_case.refresh_from_db()
    assert open_case.stage == "asesmen"


def test_assessment_form_records_scores(client, staff_jember, open_case):
    from apps.rehabilitation.models import Instrument

    client.force_login(staff_jember)
    instrument = Instrument.objects.get(code="inti")
    data = {"assessed_on": "2025-01-20", "summary": "Awal"}
    for domain in instrument.domains.all():
        data[f"domain_{domain.pk}"] = "3"
    response = client.post(
        reverse("rehabilitation:assessment_new", args=[open_case.resident_id, "inti"]), data
    )
    assert response.status_code == 302
    assert open_case.assessments.get().scores.count() == 5


def test_plan_flow_through_pages(client, staff_jember, head_jember, open_case):
    client.force_login(staff_jember)
    data = {
        "review_on": "2025-07-01", "goal_text_0": "Mandiri", "goal_target_0": "2025-06-01",
        "svc_type_0": ServiceType.objects.get(code="bimbingan_sosial").pk,
        "svc_responsible_0": staff_jember.pk,
    }  # fmt: skip
    assert (
        client.post(reverse("rehabilitation:plan_new", args=[open_case.resident_id]), data).status_code == 302
    )
    version = PlanVersion.objects.get(case=open_case)
    assert version.services.get().component.code == "perawatan"
    client.post(reverse("rehabilitation:plan_submit", args=[open_case.resident_id, version.pk]))
    assert (
        client.post(
            reverse("rehabilitation:plan_decide", args=[open_case.resident_id, version.pk]),
            {"decision": "approve"},
        ).status_code
        == 403
    )
    client.force_login(head_jember)
    client.post(
        reverse("rehabilitation:plan_decide", args=[open_case.resident_id, version.pk]),
        {"decision": "approve"},
    )
    version.refresh_from_db()
    assert version.status == "approved"


def test_restricted_note_opens_only_with_a_reason_and_the_author_sees_it(
    client, staff_jember, head_jember, busy_case
):
    note = busy_case.progress_notes.filter(level="author").first()
    client.force_login(head_jember)
    page = client.get(url("notes", busy_case)).content.decode()
    assert page.count('data-testid="restricted-note"') == 2
    assert page.count('data-testid="note"') == 2  # institution and team
    response = client.post(
        reverse("rehabilitation:note_open", args=[busy_case.resident_id, note.pk]), {"reason": "Aduan"}
    )
    assert b'data-testid="opened-note"' in response.content
    assert NoteAccess.objects.filter(note=note, user=head_jember).exists()
    client.force_login(staff_jember)
    assert "Aduan" in client.get(url("notes", busy_case)).content.decode()


def test_group_activity_page_records_attendance_of_five(client, staff_jember, jember):
    residents = [
        admit(ResidentFactory(registered_at=jember), jember, on=date(2025, 1, 2)).resident for _ in range(6)
    ]
    client.force_login(staff_jember)
    page = reverse("rehabilitation:activity_new", args=[jember.code])
    partial = client.get(page, {"held_on": "2025-03-03"}, headers={"HX-Request": "true"})
    assert partial.content.decode().count('name="present"') == 6
    bimbingan = ServiceType.objects.get(code="bimbingan_fisik")
    data = {
        "title": "Senam", "held_on": "2025-03-03", "service_type": bimbingan.pk,
        "facilitator": staff_jember.pk,
        "duration_minutes": 60, "present": [r.pk for r in residents[:5]],
    }  # fmt: skip
    assert client.post(page, data).status_code == 302
    activity = GroupActivity.objects.get()
    assert activity.attendance.filter(present=True).count() == 5
    assert activity.attendance.count() == 6


def test_lists_in_bounded_queries(
    client, staff_jember, head_jember, busy_case, jember, django_assert_max_num_queries
):
    for i in range(3):
        closed_case(jember, f"UPT-JBR-2026-0010{i}", opened_on=date(2025, 6, 1), closed_on=date(2026, 1, 31),
                    reason=Case.TerminationReason.RETURNED_TO_FAMILY)  # fmt: skip
    pages = [
        (staff_jember, reverse("rehabilitation:my_cases")),
        (head_jember, reverse("rehabilitation:caseload")),
        (staff_jember, reverse("rehabilitation:activities", args=[jember.code])),
        (staff_jember, reverse("rehabilitation:atensi", args=[jember.code]) + "?month=2025-02"),
        (staff_jember, reverse("rehabilitation:followup_list", args=[jember.code])),
        (staff_jember, reverse("rehabilitation:activity_new", args=[jember.code])),
    ]
    for user, page in pages:
        client.force_login(user)
        client.get(page)
        with django_assert_max_num_queries(14):
            assert client.get(page).status_code == 200, page


def test_atensi_report_counts_residents_sessions_and_hours(client, staff_jember, busy_case, jember):
    client.force_login(staff_jember)
    page = client.get(reverse("rehabilitation:atensi", args=[jember.code]) + "?month=2025-02")
    row = next(r for r in page.context["rows"] if r["component"].code == "terapi")
    assert (row["residents"], row["sessions"], row["hours"]) == (1, 3, 2.2)
    export = client.get(
        reverse("rehabilitation:atensi_export", args=[jember.code, "xlsx"]) + "?month=2025-02"
    )
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_caseload_is_for_heads(client, staff_jember, head_jember, busy_case):
    client.force_login(staff_jember)
    assert client.get(reverse("rehabilitation:caseload")).status_code == 403
    client.force_login(head_jember)
    response = client.get(reverse("rehabilitation:caseload"))
    row = next(r for r in response.context["loads"][0][1]["rows"] if r.worker == staff_jember)
    assert (row.open_cases, row.band) == (1, "0-9")


def test_follow_up_pages_show_the_schedule_and_flag_a_readmission(
    client, staff_jember, jember, tuban, django_assert_max_num_queries
):
    cases = [
        closed_case(jember, f"UPT-JBR-2026-0020{i}", opened_on=date(2025, 6, 1), closed_on=date(2026, 1, 31),
                    reason=Case.TerminationReason.RETURNED_TO_FAMILY)
        for i in range(3)
    ]  # fmt: skip
    admit(cases[0].resident, tuban, on=date(2026, 3, 1))
    services.followup_visit_record(
        actor=staff_jember, case=cases[1], months=1, visited_on=date(2026, 3, 2), outcome="doing_well"
    )
    client.force_login(staff_jember)
    page = reverse("rehabilitation:followup_list", args=[jember.code])
    client.get(page)
    with django_assert_max_num_queries(12):
        content = client.get(page).content.decode()
    assert content.count('data-testid="readmitted"') == 4  # each of the readmitted case's four visits
    tab = reverse("rehabilitation:followup", args=[cases[1].resident_id])
    with django_assert_max_num_queries(16):
        content = client.get(tab).content.decode()
    assert "28 Februari 2026" in content and "Selesai" in content


def test_reassessments_are_kept_and_compared_per_domain(client, staff_jember, busy_case):
    client.force_login(staff_jember)
    trend = client.get(url("assessment", busy_case)).context["trend"]
    assert len(trend["assessments"]) == 2
    assert [
        (row["domain"].code, [c.score for c in row["cells"]], row["change"]) for row in trend["rows"]
    ] == [
        ("fisik", [1, 2], 1),
        ("mental", [2, 2], 0),
        ("sosial", [3, 4], 1),
        ("pendidikan", [4, 4], 0),
        ("ekonomi", [2, 3], 1),
    ]
    assert [c.colour for c in trend["rows"][0]["cells"]] == ["danger", "warning"]
