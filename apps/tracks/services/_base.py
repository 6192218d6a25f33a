"""What every tracks service shares: one transaction, the actor in the audit context."""

import functools
from datetime import date

import pghistory
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import DomainError


def service(func):
    """Run ``func`` atomically, with the actor in the audit-history context."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        actor = kwargs.get("actor")
        with transaction.atomic(), pghistory.context(user=actor.pk if actor is not None else None):
            return func(*args, **kwargs)

    return wrapper


def today() -> date:
    return timezone.localdate()


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise DomainError(message, code="forbidden")


def not_in_future(on: date, label: str) -> None:
    if on > today():
        raise DomainError(_("%(label)s tidak boleh di masa depan.") % {"label": label}, code="future")


def positive_rupiah(amount, label: str) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise DomainError(_("%(label)s harus bilangan bulat rupiah lebih dari 0.") % {"label": label})
    return amount
