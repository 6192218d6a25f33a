"""What every tracks service shares: one transaction, the actor in the audit context."""

from django.utils.translation import gettext as _

from apps.core.dates import refuse_future as not_in_future
from apps.core.dates import today
from apps.core.errors import DomainError
from apps.core.services import require, service

__all__ = ["not_in_future", "positive_rupiah", "require", "service", "today"]


def positive_rupiah(amount, label: str) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise DomainError(_("%(label)s harus bilangan bulat rupiah lebih dari 0.") % {"label": label})
    return amount
