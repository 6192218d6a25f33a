"""The records the reports app writes: submitted monthly reports and their snapshots."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel

from .census import COUNT_FIELDS

# The census figures a snapshot keeps (apps.reports.census.Census attributes).
SNAPSHOT_FIELDS = ("capacity", *COUNT_FIELDS)


class MonthlyReport(TimeStampedModel):
    """The laporan bulanan of one institution for one month, as its head submitted it.

    ``snapshot`` keeps the census figures at submission; when a later, back-dated change
    to the placements alters them, the page shows the difference as a revision.
    """

    institution = models.ForeignKey(
        "institutions.Institution", verbose_name=_("lembaga"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("bulan"), help_text=_("Hari pertama bulan laporan."))
    notes = models.TextField(_("catatan"), blank=True)
    snapshot = models.JSONField(_("angka saat dikirim"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("dikirim pada"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dikirim oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submissions = models.PositiveSmallIntegerField(_("jumlah pengiriman"), default=0)

    class Meta:
        verbose_name = _("laporan bulanan")
        verbose_name_plural = _("laporan bulanan")
        constraints = [
            models.UniqueConstraint(fields=["institution", "month"], name="monthly_report_one_per_month"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="monthly_report_month_first_day"),
            models.CheckConstraint(
                condition=models.Q(submitted_at__isnull=True, submitted_by__isnull=True)
                | models.Q(submitted_at__isnull=False, submitted_by__isnull=False),
                name="monthly_report_submitted_by_whom",
            ),
        ]
        indexes = [models.Index(fields=["month", "institution"], name="monthly_report_month_idx")]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.month:%Y-%m}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None
