"""Family tracing and reunification: each step with its date and actor."""

import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import choices_check
from apps.core.models import TimeStampedModel

from ._common import HISTORY, LEVEL, case_visible_q


class FamilyTracingQuerySet(models.QuerySet):
    def visible_to(self, who):
        return self.filter(case_visible_q(who))


class FamilyTracingStepKind(models.TextChoices):
    CONTACT = "contact", _("Upaya kontak")
    HOME_VISIT = "home_visit", _("Kunjungan rumah")
    ASSESSMENT = "assessment", _("Asesmen keluarga")
    OUTCOME = "outcome", _("Hasil")


class FamilyTracingStepOutcome(models.TextChoices):
    REUNIFIED = "reunified", _("Dipersatukan kembali")
    NOT_SUITABLE = "not_suitable", _("Keluarga tidak layak")
    NOT_FOUND = "not_found", _("Keluarga tidak ditemukan")


@pghistory.track(model_name="FamilyTracingStepHistory", obj_field=HISTORY, level=LEVEL)
class FamilyTracingStep(TimeStampedModel):
    Kind = FamilyTracingStepKind

    Outcome = FamilyTracingStepOutcome

    case = models.ForeignKey("residents.Case", on_delete=models.PROTECT, related_name="family_tracing")
    kind = models.CharField(_("langkah"), max_length=12, choices=Kind.choices)
    occurred_on = models.DateField(_("tanggal"))
    outcome = models.CharField(_("hasil"), max_length=12, choices=Outcome.choices, blank=True)
    notes = models.TextField(_("catatan"), blank=True)

    objects = FamilyTracingQuerySet.as_manager()

    class Meta:
        verbose_name = _("penelusuran keluarga")
        verbose_name_plural = _("penelusuran keluarga")
        constraints = [
            # An outcome step names its outcome; other steps have none.
            models.CheckConstraint(
                condition=(models.Q(kind="outcome") & ~models.Q(outcome=""))
                | (~models.Q(kind="outcome") & models.Q(outcome="")),
                name="tracing_outcome_only_on_outcome_step",
            ),
            choices_check(name="family_step_kind_choices", field="kind", choices=FamilyTracingStepKind),
            choices_check(
                name="family_step_outcome_choices",
                field="outcome",
                choices=FamilyTracingStepOutcome,
                blank=True,
            ),
        ]
