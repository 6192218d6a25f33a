"""Choices shared by several apps, and the database check that keeps a field to its choices."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    """Jenis kelamin as on the KTP: L or P (the letters the NIK and every form use)."""

    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")


def choices_check(*, name: str, field: str, choices: type[models.Choices], blank: bool = False):
    """A check that ``field`` holds one of ``choices`` (or is empty when ``blank``).

    Rows written past the forms (imports, COPY loads, the shell) keep to the same values.
    Adding a choice changes the check, so it comes with a migration.
    """
    condition = models.Q(**{f"{field}__in": choices.values})
    if blank:
        condition = models.Q(**{field: ""}) | condition
    return models.CheckConstraint(condition=condition, name=name)
