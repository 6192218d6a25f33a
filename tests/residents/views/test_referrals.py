"""The referral pages, the over-capacity request page, the home page queues and the badge."""

from datetime import timedelta

import pytest
from django.urls import reverse

from apps.institutions.models import Institution
from apps.residents import services
from apps.residents.models import AccessLog, OverCapacityRequest, Placement, Referral
from tests.factories import InstitutionFactory, category, staff_of
from tests.residents.conftest import ResidentFactory, admit
from tests.residents.views.conftest import make_resident, same_queries_as_rows_grow, today

pytestmark = pytest.mark.django_db


def fill(institution, n):
    for _ in range(n):
        admit(ResidentFactory(registered_at=institution), institution, on=today() - timedelta(days=40))


def propose(actor, resident, to, **kwargs):
    values = {"on": today() - timedelta(days=1), "reason": "Dekat keluarga", "letter_no": "460/1", **kwargs}
    return services.referral_propose(actor=actor, resident=resident, to_institution=to, **values)


@pytest.fixture
def head_tuban(tuban):
    return staff_of(tuban, role="head", username="kepala_tuban")


@pytest.fixture
def at_jember(jember, staff_jember):
    return make_resident(jember, staff_jember, name="Mbah Sastro", admit_days_ago=30)


@pytest.fixture
def referral(staff_jember, tuban, at_jember):
    return propose(staff_jember, at_jember, tuban)


# --- proposing ----------------------------------------------------------------------------------------


def test_the_proposal_groups_institutions_serving_the_category_by_region(client, staff_jember, at_jember):
    lut = category("LUT")
    serving = InstitutionFactory(code="UPT-PSTW-BWI", name="PSTW Banyuwangi", region_id="35.10")
    serving.categories.add(lut)
    other = InstitutionFactory(code="UPT-PSAA-SDA", name="PSAA Sidoarjo", region_id="35.15")
    client.force_login(staff_jember)
    url = reverse("residents:transfer", args=[at_jember.pk])
    page = client.get(url).content.decode()
    assert '<optgroup label="Jawa Timur — Kabupaten Banyuwangi">' in page
    assert serving.name in page and other.name not in page
    assert 'data-testid="show-all-institutions"' in page
    everything = client.get(url, {"semua": "1"}).content.decode()
    assert other.name in everything
    assert "tidak melayani kategori PM ini" in everything
    assert everything.index(serving.name) < everything.index(other.name)  # serving ones first


def test_proposing_keeps_the_resident_and_opens_the_referral_page(
    client, staff_jember, jember, tuban, at_jember
):
    client.force_login(staff_jember)
    data = {
        "to_institution": tuban.pk,
        "on": today().isoformat(),
        "letter_no": "460/7/2026",
        "reason": "Perlu layanan bina grahita",
        "semua": "1",
    }
    response = client.post(reverse("residents:transfer", args=[at_jember.pk]), data)
    referral = Referral.objects.get()
    assert response["Location"] == reverse("residents:referral", args=[at_jember.pk, referral.pk])
    assert Placement.objects.get(resident=at_jember).institution == jember
    detail = client.get(reverse("residents:detail", args=[at_jember.pk])).content.decode()
    assert 'data-testid="open-referral"' in detail
    assert 'data-testid="refer-link"' not in detail  # one open referral at a time


# --- the referral page and its answers -----------------------------------------------------------------


def test_referral_page_query_count_is_constant(client, staff_tuban, head_jember, tuban, semarang, at_jember,
                                               django_assert_num_queries):  # fmt: skip
    first = propose(head_jember, at_jember, semarang)
    services.referral_cancel(actor=head_jember, referral=first, reason="Salah tujuan")
    referral = propose(head_jember, at_jember, tuban)
    client.force_login(staff_tuban)
    url = reverse("residents:referral", args=[at_jember.pk, referral.pk])

    def grow():
        fill(tuban, 5)
        services.capacity_request_submit(actor=staff_tuban, resident=at_jember, referral=referral, reason="x")

    # session, user, supervised regions, visible institution ids, resident (scope, then open
    # referrals), referral, access log, referrals and requests (steps), roles, demo flag, session
    # refresh (3)
    response = same_queries_as_rows_grow(django_assert_num_queries, client, url, 15, grow=grow)
    assert AccessLog.objects.filter(user=staff_tuban, resident=at_jember, action="view").exists()
    body = response.content.decode()
    assert 'data-testid="referral-accept-link"' in body and 'data-testid="referral-pending-request"' in body


def test_the_receiver_accepts_from_its_queue(client, staff_tuban, tuban, referral, at_jember):
    client.force_login(staff_tuban)
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="incoming-referrals"' in home and "Mbah Sastro" in home
    url = reverse("residents:referral_accept", args=[at_jember.pk, referral.pk])
    response = client.post(url, {"on": referral.proposed_on.isoformat(), "room": "Wisma 1"})
    assert response.status_code == 302
    assert Placement.objects.get(resident=at_jember, period__upper_inf=True).institution == tuban
    referral.refresh_from_db()
    assert referral.status == "accepted"


def test_a_full_receiver_is_offered_a_request_to_its_head(client, staff_tuban, head_tuban, tuban, referral,
                                                         at_jember):  # fmt: skip
    fill(tuban, 5)
    client.force_login(staff_tuban)
    url = reverse("residents:referral_accept", args=[at_jember.pk, referral.pk])
    data = {"on": referral.proposed_on.isoformat(), "room": "B2"}
    page = client.post(url, data).content.decode()
    assert "sudah penuh" in page and 'data-testid="capacity-request"' in page
    page = client.post(url, {**data, "capacity_request": "1"}).content.decode()
    assert "Tuliskan alasan permintaan" in page  # the reason is required
    response = client.post(
        url, {**data, "capacity_request": "1", "capacity_request_reason": "Keluarga di Tuban"}
    )
    assert response.status_code == 302
    request = OverCapacityRequest.objects.get()
    assert (request.kind, request.room, request.created_by) == ("referral", "B2", staff_tuban)
    referral.refresh_from_db()
    assert referral.is_open

    client.force_login(head_tuban)
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="capacity-requests-badge"' in home
    assert 'data-testid="capacity-requests-to-decide"' in home
    page_url = reverse("residents:capacity_request", args=[request.pk])
    assert client.post(page_url, {"action": "approve"}).status_code == 302
    request.refresh_from_db()
    assert request.status == "approved"
    assert request.placement.over_capacity_approved_by == head_tuban

    client.force_login(staff_tuban)
    mine = client.get(reverse("home")).content.decode()
    assert 'data-testid="my-capacity-requests"' in mine and "Disetujui" in mine


def test_decline_and_cancel_need_a_reason(
    client, staff_tuban, head_jember, tuban, semarang, referral, at_jember
):
    client.force_login(staff_tuban)
    decline = reverse("residents:referral_decline", args=[at_jember.pk, referral.pk])
    assert client.post(decline, {"reason": ""}).status_code == 200
    assert client.post(decline, {"reason": "Penuh sampai Desember"}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == "declined"
    assert client.get(reverse("residents:referral", args=[at_jember.pk, referral.pk])).status_code == 404

    second = propose(head_jember, at_jember, semarang)
    client.force_login(head_jember)
    cancel = reverse("residents:referral_cancel", args=[at_jember.pk, second.pk])
    assert client.post(cancel, {"reason": "Keluarga menjemput"}).status_code == 302
    second.refresh_from_db()
    assert second.status == "cancelled"


def test_staff_of_the_sender_may_not_cancel_nor_answer(client, staff_jember, referral, at_jember):
    client.force_login(staff_jember)
    for name in ("referral_cancel", "referral_accept", "referral_decline"):
        assert client.get(reverse(f"residents:{name}", args=[at_jember.pk, referral.pk])).status_code == 403


@pytest.mark.parametrize("name", ["referral", "referral_accept", "referral_decline", "referral_cancel"])
def test_a_third_institution_gets_404_on_the_referral_pages(client, semarang, referral, at_jember, name):
    client.force_login(staff_of(semarang, username="staf_smg"))
    url = reverse(f"residents:{name}", args=[at_jember.pk, referral.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "x", "on": today().isoformat()}).status_code == 404
    referral.refresh_from_db()
    assert referral.is_open


def test_the_receiver_reads_the_file_while_the_referral_is_open(client, staff_tuban, referral, at_jember):
    client.force_login(staff_tuban)
    url = reverse("residents:detail", args=[at_jember.pk])
    assert client.get(url).status_code == 200
    services.referral_decline(actor=staff_tuban, referral=referral, reason="Penuh")
    assert client.get(url).status_code == 404


# --- admission over capacity ----------------------------------------------------------------------------


def test_staff_admitting_into_a_full_institution_send_the_head_a_request(client, staff_jember, head_jember,
                                                                        jember):  # fmt: skip
    fill(jember, 3)
    newcomer = make_resident(jember, staff_jember, name="Pendatang", admit_days_ago=None)
    client.force_login(staff_jember)
    url = reverse("residents:admit", args=[newcomer.pk])
    data = {
        "institution": jember.pk,
        "on": today().isoformat(),
        "referral_source": "razia",
        "room": "Isolasi",
    }
    assert 'data-testid="capacity-request"' in client.post(url, data).content.decode()
    response = client.post(url, {**data, "capacity_request": "1", "capacity_request_reason": "Razia malam"})
    assert response.status_code == 302
    request = OverCapacityRequest.objects.get()
    assert (request.kind, request.referral_source, request.room) == ("admission", "razia", "Isolasi")

    client.force_login(head_jember)
    page_url = reverse("residents:capacity_request", args=[request.pk])
    assert client.post(page_url, {"action": "refuse", "reason": ""}).status_code == 200
    assert client.post(page_url, {"action": "refuse", "reason": "Rujuk ke Bondowoso"}).status_code == 302
    request.refresh_from_db()
    assert request.status == "refused"
    assert not Placement.objects.filter(resident=newcomer).exists()


def test_a_failed_approval_is_shown_and_nothing_is_written(client, staff_jember, head_jember, jember, tuban):
    fill(jember, 3)
    newcomer = make_resident(jember, staff_jember, name="Pendatang", admit_days_ago=None)
    request = services.capacity_request_submit(
        actor=staff_jember,
        resident=newcomer,
        institution=jember,
        on=today(),
        reason="x",
        referral_source="razia",
    )
    admit(newcomer, tuban, on=today() - timedelta(days=3))
    client.force_login(head_jember)
    response = client.post(reverse("residents:capacity_request", args=[request.pk]), {"action": "approve"})
    assert response.status_code == 200
    assert "tidak dapat dilaksanakan lagi" in response.content.decode()
    request.refresh_from_db()
    assert request.status == "pending"


def test_capacity_request_page_query_count_and_scope(client, staff_jember, head_jember, staff_tuban, jember,
                                                     django_assert_num_queries):  # fmt: skip
    fill(jember, 3)
    newcomer = make_resident(jember, staff_jember, name="Pendatang", admit_days_ago=None)
    request = services.capacity_request_submit(
        actor=staff_jember,
        resident=newcomer,
        institution=jember,
        on=today(),
        reason="x",
        referral_source="razia",
    )
    url = reverse("residents:capacity_request", args=[request.pk])
    client.force_login(head_jember)
    # session, user, roles, visible institution ids, supervised regions (the PM's file must be
    # theirs to read), the request with its resident and people, pending requests (navigation
    # badge), demo flag, session refresh (3)
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200
    client.force_login(staff_jember)
    assert client.get(url).status_code == 200  # the requester reads the outcome
    assert client.post(url, {"action": "approve"}).status_code == 403
    client.force_login(staff_tuban)
    assert client.get(url).status_code == 404


def test_home_queues_do_not_grow_with_rows(client, staff_tuban, staff_jember, head_jember, tuban, big_jember,
                                           django_assert_num_queries):  # fmt: skip
    client.force_login(staff_tuban)
    url = reverse("home")

    def grow():
        for n in range(3):
            resident = make_resident(big_jember, staff_jember, name=f"PM {n}", admit_days_ago=30)
            propose(staff_jember, resident, tuban)

    grow()
    with django_assert_num_queries(14) as captured:
        client.get(url)
    grow()
    with django_assert_num_queries(len(captured)):
        response = client.get(url)
    assert len(response.context["queues"]["incoming"]) == 6


def test_the_badge_is_only_for_heads_with_pending_requests(client, staff_jember, head_jember, jember):
    client.force_login(head_jember)
    assert 'data-testid="capacity-requests-badge"' not in client.get(reverse("home")).content.decode()
    fill(jember, 3)
    newcomer = make_resident(jember, staff_jember, name="Pendatang", admit_days_ago=None)
    services.capacity_request_submit(
        actor=staff_jember,
        resident=newcomer,
        institution=jember,
        on=today(),
        reason="x",
        referral_source="razia",
    )
    assert 'data-testid="capacity-requests-badge"' in client.get(reverse("home")).content.decode()
    client.force_login(staff_jember)
    assert 'data-testid="capacity-requests-badge"' not in client.get(reverse("home")).content.decode()
    assert Institution.objects.count() >= 1
