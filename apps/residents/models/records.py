"""Bookkeeping beside the records: registration counters and the access log."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import choices_check
from apps.core.models import user_link

from .people import Resident


class RegistrationCounter(models.Model):
    """Last serial used for registration numbers per institution and year (row-locked)."""

    institution = models.ForeignKey("institutions.Institution", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["institution", "year"], name="registration_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.institution_id}/{self.year}: {self.last_serial}"


class AccessLogAction(models.TextChoices):
    VIEW = "view", _("Membuka berkas")
    EXPORT = "export", _("Ekspor")
    IMPORT = "import", _("Impor")
    DOCUMENT = "document", _("Mengunduh dokumen")


class AccessLog(models.Model):
    """Who opened which resident file, exported or imported what (UU PDP). Append-only."""

    Action = AccessLogAction

    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    # Empty only for work done from the command line without ``--user`` (an operator with shell access).
    user = user_link(_("pengguna"))
    action = models.CharField(_("tindakan"), max_length=20, choices=Action.choices)
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("penerima manfaat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    detail = models.JSONField(_("rincian"), default=dict, blank=True)

    class Meta:
        verbose_name = _("log akses")
        verbose_name_plural = _("log akses")
        indexes = [models.Index(fields=["resident", "at"], name="accesslog_resident_idx")]
        constraints = [
            choices_check(name="accesslog_action_choices", field="action", choices=AccessLogAction)
        ]

    def __str__(self) -> str:
        return f"{self.at} {self.user_id} {self.action}"
