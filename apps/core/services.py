"""Writes shared by every app's services."""

import functools
from collections.abc import Callable, Iterable

import pghistory
from django.db import transaction
from django.db.models import Model

from .errors import DomainError


def service(func):
    """Run ``func`` atomically, with the actor in the audit-history context, so the history
    records who made the change also outside a request (commands, imports, jobs)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        actor = kwargs.get("actor")
        with transaction.atomic(), pghistory.context(user=actor.pk if actor is not None else None):
            return func(*args, **kwargs)

    return wrapper


def require(allowed: bool, message: str) -> None:
    """Refuse with ``message`` (code ``forbidden``) unless ``allowed``."""
    if not allowed:
        raise DomainError(message, code="forbidden")


def assign_changes(instance: Model, *, fields: Iterable[str], data: dict) -> list[str]:
    """Set on ``instance`` each of ``fields`` whose value in ``data`` differs; return their names.

    Keys of ``data`` outside ``fields`` are ignored. A foreign key may be given by its name
    or its attname, as an object or as a raw id; it is compared by id, so no related row is
    read. The names returned are field names, as ``save(update_fields=...)`` takes them.
    """
    changed = []
    for key in fields:
        if key not in data:
            continue
        field = instance._meta.get_field(key)
        value = data[key]
        if field.many_to_one:
            new_id = value.pk if isinstance(value, Model) else value
            if getattr(instance, field.attname) == new_id:
                continue
            if isinstance(value, Model):
                setattr(instance, field.name, value)
            else:
                setattr(instance, field.attname, value)
        else:
            if getattr(instance, field.attname) == value:
                continue
            setattr(instance, field.name, value)
        changed.append(field.name)
    return changed


def model_update(
    *,
    instance: Model,
    fields: Iterable[str],
    data: dict,
    actor,
    check: Callable[[Model, list[str]], None] | None = None,
) -> tuple[Model, list[str]]:
    """Change ``instance`` to ``data``, writing only the fields that really change.

    Only ``fields`` are considered (see ``assign_changes``). ``check(instance, changed)``
    runs after the values are set and before anything is written: it may raise to refuse
    the change. When something changed, ``actor`` is stamped on the row and only the changed
    columns (and the stamp) are saved, so the audit history records exactly what changed
    and who changed it. Returns ``(instance, changed field names)``.
    """
    changed = assign_changes(instance, fields=fields, data=data)
    if check is not None:
        check(instance, changed)
    if changed:
        update_fields = list(changed)
        if hasattr(instance, "stamp"):
            instance.stamp(actor)
            update_fields += ["updated_at", "updated_by"]
        instance.save(update_fields=update_fields)
    return instance, changed
