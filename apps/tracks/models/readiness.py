"""Readiness for discharge: weighted criteria an administrator defines, scored for a PM
before discharge; the proposed outcome stands once the head of the institution approves it."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import choices_check
from apps.core.models import TimeStampedModel

from .scoping import InstitutionScopedQuerySet

_HISTORY = pghistory.ObjForeignKey(related_name="history")
_LEVEL = pghistory.Statement

MAX_SCORE = 4  # each criterion is scored 0 (not at all) to 4 (fully)


class ReadinessCriterion(models.Model):
    """Master data: something a PM should manage before leaving, with its weight."""

    name = models.CharField(_("kriteria"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    weight = models.PositiveSmallIntegerField(_("bobot"), default=1)
    required = models.BooleanField(
        _("wajib"), default=False, help_text=_("Hasil 'siap' hanya bila kriteria wajib bernilai minimal 2.")
    )
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("kriteria kesiapan")
        verbose_name_plural = _("kriteria kesiapan")
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="readiness_weight_positive")
        ]

    def __str__(self) -> str:
        return self.name


class Outcome(models.TextChoices):
    READY = "ready", _("Siap terminasi (mandiri)")
    EXTEND = "extend", _("Perpanjang pembinaan")
    NOT_SUITABLE = "not_suitable", _("Tidak sesuai untuk jalur mandiri")


class ReadinessAssessmentQuerySet(InstitutionScopedQuerySet):
    def approved(self):
        return self.filter(approved_by__isnull=False)


@pghistory.track(model_name="ReadinessAssessmentHistory", obj_field=_HISTORY, level=_LEVEL)
class ReadinessAssessment(TimeStampedModel):
    """A scoring of a PM against the criteria; ``score_pct`` is the weighted score."""

    resident = models.ForeignKey(
        "residents.Resident", verbose_name=_("penerima manfaat"), on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "institutions.Institution", verbose_name=_("lembaga"), on_delete=models.PROTECT, related_name="+"
    )
    assessed_on = models.DateField(_("tanggal penilaian"))
    score_pct = models.DecimalField(_("nilai kesiapan (%)"), max_digits=4, decimal_places=1)
    outcome = models.CharField(_("hasil"), max_length=20, choices=Outcome.choices)
    note = models.TextField(_("catatan"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("disetujui oleh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_on = models.DateField(_("tanggal persetujuan"), null=True, blank=True)

    objects = ReadinessAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("penilaian kesiapan")
        verbose_name_plural = _("penilaian kesiapan")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score_pct__gte=0, score_pct__lte=100), name="readiness_score_0_to_100"
            ),
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True, approved_on__isnull=True)
                | models.Q(approved_by__isnull=False, approved_on__isnull=False),
                name="readiness_approval_complete",
            ),
            choices_check(name="readiness_outcome_choices", field="outcome", choices=Outcome),
        ]
        indexes = [models.Index(fields=["resident", "assessed_on"], name="readiness_resident_idx")]

    def __str__(self) -> str:
        return f"{self.resident_id} {self.assessed_on} {self.outcome}"

    @property
    def is_approved(self) -> bool:
        return self.approved_by_id is not None


class ReadinessScore(models.Model):
    assessment = models.ForeignKey(ReadinessAssessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(ReadinessCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("nilai"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="readiness_score_once"),
            models.CheckConstraint(condition=models.Q(score__lte=MAX_SCORE), name="readiness_score_0_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.score}"
