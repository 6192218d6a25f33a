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
