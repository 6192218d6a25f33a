"""Row locks taken in one order, so two transactions that need the same rows cannot deadlock.

Two opposite operations (a transfer A to B and one B to A) that each locked "their" row
first would wait for each other for ever; PostgreSQL then kills one of them. Locking
every row a decision needs in one statement, in id order, makes the second wait for
the first instead. (Saleor's ``lock_objects.py`` does the same.)
"""

from django.db.models import Model, QuerySet


def lock_rows(queryset: QuerySet) -> dict[int, Model]:
    """Lock the rows of ``queryset`` until the transaction ends, in id order: ``{pk: row}``.

    ``FOR UPDATE OF`` the queryset's own table only: rows it joins are not locked.
    Must run inside a transaction.
    """
    return {row.pk: row for row in queryset.select_for_update(of=("self",)).order_by("pk")}
