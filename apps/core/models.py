from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def user_link(verbose_name) -> models.ForeignKey:
    """An optional link to the user who did something (kept, never cascaded away)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )


class TimeStampedModel(models.Model):
    """Base for records people write: when, and by whom, a row was made and changed."""

    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    created_by = user_link(_("dibuat oleh"))
    updated_by = user_link(_("diubah oleh"))

    class Meta:
        abstract = True

    def stamp(self, actor) -> None:
        """Record ``actor`` as the author of this change (and of the row, if new)."""
        if self._state.adding and self.created_by_id is None:
            self.created_by = actor
        self.updated_by = actor


class SiteFlag(models.Model):
    """Small switches about the installation itself, such as "demo data loaded"."""

    DEMO_DATA = "demo_data"

    key = models.CharField(max_length=50, unique=True)
    value = models.CharField(max_length=200, blank=True)
    set_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.key


class Job(TimeStampedModel):
    """Long work done off the request (an import, a large export), and how far it got.

    The procrastinate queue runs it; this row is what the person who started it sees:
    progress, then the result (counts, every refused row) or why it failed. Progress
    is written through the ``progress`` database alias, outside the job's own
    transaction, so it shows while an all-or-nothing import is still uncommitted.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Menunggu")
        RUNNING = "running", _("Berjalan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    kind = models.CharField(_("jenis"), max_length=50)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("selesai diproses"), default=0)
    total = models.PositiveIntegerField(_("jumlah"), default=0)
    stage = models.CharField(_("tahap"), max_length=200, blank=True)
    # What the job needs (file name in storage, options): never personal data.
    params = models.JSONField(_("parameter"), default=dict, blank=True)
    result = models.JSONField(_("hasil"), default=dict, blank=True)
    error = models.TextField(_("kesalahan"), blank=True)

    class Meta:
        verbose_name = _("pekerjaan latar belakang")
        verbose_name_plural = _("pekerjaan latar belakang")
        indexes = [models.Index(fields=["created_by", "created_at"], name="job_owner_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "done", "failed"]),
                name="job_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="failed") | ~models.Q(error=""), name="job_failure_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} {self.status}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
