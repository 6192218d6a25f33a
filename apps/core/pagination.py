"""Pagination for lists that may hold a million rows."""

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property

# No one pages this far; beyond it an offset only risks "bigint out of range".
MAX_PAGE = 10_000


class CappedPaginator(Paginator):
    """Counts at most ``cap`` rows; beyond it the list says "1.000+" and pages go on.

    ``COUNT(*)`` over a supervisor's or administrator's residents costs more than the
    page itself (measured with ``bench_residents``); nobody reads page 4,000 of a list,
    they search. A page fetches one row more than it shows to know whether a next exists.
    """

    def __init__(self, object_list, per_page, *, cap: int = 1000, counted: bool = True, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        # Without a count the list pages on with "next" alone: for scopes where even a
        # capped count means scanning much of the table (a rare search in a large region).
        self.counted = counted

    @cached_property
    def count(self) -> int:
        if not self.counted:
            return self.cap + 1
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap

    def validate_number(self, number):
        try:
            # A page number of more than a few digits is garbage; int() of a huge string
            # is itself slow, so look at its length first.
            if len(str(number)) > 12:
                raise ValueError
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger("Nomor halaman bukan bilangan bulat.") from exc
        if number > MAX_PAGE:
            raise EmptyPage("Nomor halaman terlalu besar.")
        if number < 1:
            raise EmptyPage("Nomor halaman kurang dari 1.")
        if not self.is_capped and number > self.num_pages:
            raise EmptyPage("Halaman tidak berisi data.")
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("Halaman tidak berisi data.")
        return CappedPage(rows[: self.per_page], number, self, has_more=len(rows) > self.per_page)

    def get_page(self, number):
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(1 if self.is_capped else self.num_pages)


class CappedPage(Page):
    def __init__(self, object_list, number, paginator, *, has_more: bool):
        super().__init__(object_list, number, paginator)
        self.has_more = has_more

    def has_next(self) -> bool:
        return self.has_more

    def start_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + 1 if self.object_list else 0

    def end_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)


def count_within(queryset, *, timeout_ms: int) -> int | None:
    """``queryset.count()``, or None when it takes longer than ``timeout_ms``: for a count
    shown after its page, which must never hold a worker for long."""
    from django.db import OperationalError, connection, transaction

    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                # Ends with the transaction (requests run outside one: ATOMIC_REQUESTS is off).
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{int(timeout_ms)}ms"])
            return queryset.order_by().count()
    except OperationalError:
        return None
