"""Follow-up after discharge (bimbingan lanjut).

The schedule itself is not stored: it is derived from the closed ``residents.Case``
(see ``apps.rehabilitation.followup``), so it exists however the case was closed (the
discharge form, the import, the admin). A visit stores the interval it answers.
"""

import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel

from ._common import HISTORY, LEVEL, case_visible_q


class FollowUpVisitQuerySet(models.QuerySet):
    def visible_to(self, who):
        return self.filter(case_visible_q(who))


@pghistory.track(model_name="FollowUpVisitHistory", obj_field=HISTORY, level=LEVEL)
class FollowUpVisit(TimeStampedModel):
    """A visit to a former PM, answering the visit due ``months`` after closing."""

    class Outcome(models.TextChoices):
        DOING_WELL = "doing_well", _("Baik/berfungsi sosial")
        NEEDS_HELP = "needs_help", _("Membutuhkan bantuan")
        READMISSION = "readmission", _("Direkomendasikan masuk kembali")
        NOT_FOUND = "not_found", _("Tidak ditemukan")

    case = models.ForeignKey("residents.Case", on_delete=models.PROTECT, related_name="follow_up_visits")
    months = models.PositiveSmallIntegerField(_("bulan ke-"))
    visited_on = models.DateField(_("tanggal kunjungan"))
    outcome = models.CharField(_("hasil"), max_length=20, choices=Outcome.choices)
    notes = models.TextField(_("catatan"), blank=True)

    objects = FollowUpVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("kunjungan bimbingan lanjut")
        verbose_name_plural = _("kunjungan bimbingan lanjut")
        constraints = [
            models.UniqueConstraint(fields=["case", "months"], name="followup_one_visit_per_interval"),
            models.CheckConstraint(condition=models.Q(months__gte=1), name="followup_months_positive"),
            models.CheckConstraint(
                condition=models.Q(outcome__in=["doing_well", "needs_help", "readmission", "not_found"]),
                name="followup_outcome_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} +{self.months}m {self.visited_on}"
