from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Base for records people write: when, and by whom, a row was made and changed."""

    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diubah oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

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
