import functools

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


def today():
    return timezone.localdate()


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise DomainError(message, code="forbidden")


def not_in_future(on, label: str) -> None:
    if on > today():
        raise DomainError(_("%(label)s tidak boleh di masa depan.") % {"label": label})
