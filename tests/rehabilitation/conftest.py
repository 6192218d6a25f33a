"""Fixtures of the rehabilitation tests. Institutions and users come from tests/conftest.py
(``jember``, ``tuban``, ``staff_jember``, ``head_jember``, ``staff_tuban``,
``supervisor_jatim``, ``admin_user``); residents from tests/residents/conftest.py."""

from datetime import date

import pytest

from apps.residents.models import Case
from tests.residents.conftest import ResidentFactory, admit


def closed_case(institution, registration_no, *, opened_on, closed_on, reason, created_on=None) -> Case:
    """A case written already closed, as the admin or a data fix would (no service)."""
    resident = ResidentFactory(registration_no=registration_no, registered_at=institution)
    placement = admit(resident, institution, on=opened_on, end=closed_on)
    case = placement.case
    Case.objects.filter(pk=case.pk).update(
        closed_on=closed_on, termination_reason=reason, stage=Case.Stage.TERMINATION
    )
    if created_on is not None:
        from datetime import datetime, time

        from django.utils import timezone

        at = timezone.make_aware(datetime.combine(created_on, time(9)))
        Case.objects.filter(pk=case.pk).update(created_at=at)
    case.refresh_from_db()
    return case


@pytest.fixture
def open_case(jember):
    """Sri Wahyuni's open case at Jember since 10 January 2025."""
    person = ResidentFactory(
        registration_no="UPT-JBR-2025-00002", registered_at=jember, full_name="Sri Wahyuni"
    )
    return admit(person, jember, on=date(2025, 1, 10)).case


def core_instrument():
    from apps.rehabilitation.models import Instrument

    return Instrument.objects.get(code="inti")


def assess(actor, case, on, scores=(3, 3, 3, 3, 3)):
    """A completed core assessment with ``scores`` for its five domains, in order."""
    from apps.rehabilitation import services

    instrument = core_instrument()
    domains = list(instrument.domains.order_by("order"))
    return services.assessment_record(
        actor=actor,
        case=case,
        instrument=instrument,
        assessed_on=on,
        scores={d.pk: s for d, s in zip(domains, scores, strict=True)},
    )


def approved_plan(actor, head, case, *, review_on=date(2025, 8, 1)):
    from apps.rehabilitation import services
    from apps.rehabilitation.models import ServiceType

    bimbingan = ServiceType.objects.get(code="bimbingan_fisik")
    domain = core_instrument().domains.get(code="fisik")
    version = services.plan_version_create(
        actor=actor,
        case=case,
        review_on=review_on,
        goals=[{"domain": domain, "text": "Mandiri mandi dan makan", "target_on": date(2025, 7, 1)}],
        services=[{"component": bimbingan.component, "service_type": bimbingan, "responsible": actor}],
    )
    services.plan_submit(actor=actor, version=version)
    services.plan_decide(actor=head, version=version, approve=True)
    version.refresh_from_db()
    return version
