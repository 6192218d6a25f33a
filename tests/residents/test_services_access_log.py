"""The access log: services.access_log."""

import pytest

from apps.residents import services
from apps.residents.models import AccessLog

pytestmark = pytest.mark.django_db


def test_access_log_keeps_counts_but_refuses_personal_data(staff_jember, resident):
    entry = services.access_log(
        user=staff_jember, action="export", detail={"count": 12, "filters": ["institution", "q"]}
    )
    assert AccessLog.objects.get(pk=entry.pk).detail == {"count": 12, "filters": ["institution", "q"]}
    with pytest.raises(ValueError):
        services.access_log(user=staff_jember, action="export", detail={"q": "Budi"})
    with pytest.raises(ValueError):
        services.access_log(user=staff_jember, action="view", resident=resident, detail={"nik": resident.nik})
