import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from apps.core.locks import lock_rows
from apps.institutions.models import Institution
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


def test_rows_are_locked_in_id_order_on_their_own_table_only():
    first, second = InstitutionFactory(), InstitutionFactory()
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        locked = lock_rows(Institution.objects.filter(pk__in=[second.pk, first.pk]).select_related("region"))
    assert list(locked) == [first.pk, second.pk]
    [sql] = [q["sql"] for q in queries.captured_queries]
    assert 'ORDER BY "institutions_institution"."id" ASC' in sql
    assert sql.endswith('FOR UPDATE OF "institutions_institution"')
