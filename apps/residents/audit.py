"""The audit history of a resident, as a person reads it.

pghistory writes a row for every insert and update of a resident and of every record that
points at the resident (cases, placements, events, family, documents, consents), with the
acting user in its context. This module reads those rows back for the history page: who,
when, which record, and each changed field with its label and its old and new value.
"""

from datetime import date

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.postgres.fields import DateRangeField
from django.db.models import DateField
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from pghistory.models import Events

from apps.regions.formatting import address_labels

from .permissions import mask_nik

# Columns of the audit rows not worth showing: bookkeeping, the resident itself, storage paths.
HISTORY_HIDDEN_COLUMNS = {
    "id",
    "created_at",
    "updated_at",
    "created_by_id",
    "updated_by_id",
    "resident_id",
    "file",
}
NIK_COLUMNS = {"nik"}

# Foreign keys shown by name in the history (one query per model on the page): a column,
# or a function from ids to names (a region as its address, "Desa X, Kec. Y, Kab. Z").
_NAMED_MODELS = {
    "institutions.Institution": "name",
    "institutions.WelfareCategory": "code",
    "regions.Region": address_labels,
}


def resident_audit_events(resident):
    """Every audit row about ``resident``, newest first: the rows of each audit table with a
    foreign key to the resident, and the resident's own rows (``pgh_obj``)."""
    return Events.objects.references(resident).order_by("-pgh_created_at", "-pgh_id")


def _format_date(value: str) -> str:
    try:
        return date_format(date.fromisoformat(value), "j M Y")
    except ValueError:
        return value


def _format_range(value: str) -> str:
    # A daterange as PostgreSQL writes it, "[2026-01-05,2026-02-01)": shown as "5-1-2026 s.d. 1-2-2026".
    lower, _sep, upper = value.strip("[]()").partition(",")
    return f"{_format_date(lower) or '…'} s.d. {_format_date(upper) or '…'}"


def _history_value(field, value, names: dict) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if field is not None and field.is_relation:
        return names.get((field.related_model, value), f"#{value}")
    if field is not None and field.choices:
        labels = dict(field.flatchoices)
        if isinstance(value, list):
            return ", ".join(str(labels.get(v, v)) for v in value)
        return str(labels.get(value, value))
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(field, DateField):
        return _format_date(str(value))
    if isinstance(field, DateRangeField):
        return _format_range(str(value))
    return str(value)


def _shown_changes(event):
    """``(model, is_insert, {column: (old, new)}, fields to show)`` of one audit row.

    An insert shows the values it was created with (empty ones left out), an update what it changed.
    """
    model = django_apps.get_model(event.pgh_obj_model)
    is_insert = event.pgh_label == "insert"
    if is_insert:
        pairs = {k: (None, v) for k, v in (event.pgh_data or {}).items()}
    else:
        pairs = {k: tuple(v) for k, v in (event.pgh_diff or {}).items()}
    fields = [f for f in model._meta.concrete_fields if f.column in pairs]
    fields = [f for f in fields if f.column not in HISTORY_HIDDEN_COLUMNS]
    if is_insert:
        fields = [f for f in fields if pairs[f.column][1] not in (None, "", [], False)]
    return model, is_insert, pairs, fields


def _names_of(wanted: dict, user_model) -> dict:
    """``{(model, id): name}`` for the users and named records the rows refer to: one query a model."""
    names: dict = {}
    for related, ids in wanted.items():
        if related is user_model:
            names.update({(related, u.pk): str(u) for u in related.objects.filter(pk__in=ids)})
        else:
            attribute = _NAMED_MODELS[related._meta.label]
            if callable(attribute):
                found = attribute(ids).items()
            else:
                found = related.objects.filter(pk__in=ids).values_list("pk", attribute)
            names.update({(related, pk): name for pk, name in found})
    return names


def history_entries(events, *, show_nik: bool) -> list[dict]:
    """Audit events (pghistory ``Events``) as rows a person can read: who, when, which record,
    and each changed field with its label and its old and new value (NIK masked unless allowed)."""
    user_model = get_user_model()
    rows = []
    wanted: dict = {}  # related model -> ids to name
    for event in events:
        model, is_insert, pairs, fields = _shown_changes(event)
        user_id = (event.pgh_context or {}).get("user")
        if user_id:
            wanted.setdefault(user_model, set()).add(user_id)
        for field in fields:
            if field.is_relation and (
                field.related_model is user_model or field.related_model._meta.label in _NAMED_MODELS
            ):
                wanted.setdefault(field.related_model, set()).update(v for v in pairs[field.column] if v)
        rows.append((event, model, is_insert, pairs, fields, user_id))

    names = _names_of(wanted, user_model)
    entries = []
    for event, model, is_insert, pairs, fields, user_id in rows:
        changes = []
        for field in fields:
            old, new = pairs[field.column]
            if field.column in NIK_COLUMNS and not show_nik:
                old, new = mask_nik(old), mask_nik(new)
            changes.append(
                {
                    "label": str(field.verbose_name),
                    "old": _history_value(field, old, names),
                    "new": _history_value(field, new, names),
                }
            )
        entries.append(
            {
                "at": event.pgh_created_at,
                "user": names.get((user_model, user_id)),
                "model_name": str(model._meta.verbose_name).capitalize(),
                "object_id": event.pgh_obj_id,
                "action": _("dibuat") if is_insert else _("diubah"),
                "is_insert": is_insert,
                "changes": changes,
            }
        )
    return entries
