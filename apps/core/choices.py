"""Choices shared by several apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    """Jenis kelamin as on the KTP: L or P (the letters the NIK and every form use)."""

    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")
