"""Stages of a case (PP 39/2012) with the moves between them, and the assigned worker."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import choices_check
from apps.core.models import TimeStampedModel
from apps.residents.models import Case, CaseStage

from ._common import HISTORY, LEVEL, case_visible_q

STAGE_ORDER = list(Case.Stage.values)


class StageChangeQuerySet(models.QuerySet):
    def visible_to(self, who):
        return self.filter(case_visible_q(who))


@pghistory.track(model_name="StageChangeHistory", obj_field=HISTORY, level=LEVEL)
class StageChange(TimeStampedModel):
    """One move of a case from a stage to another, on a day, by ``created_by``."""

    case = models.ForeignKey("residents.Case", on_delete=models.PROTECT, related_name="stage_changes")
    from_stage = models.CharField(_("dari tahap"), max_length=20, choices=Case.Stage.choices)
    to_stage = models.CharField(_("ke tahap"), max_length=20, choices=Case.Stage.choices)
    changed_on = models.DateField(_("tanggal"))
    reason = models.TextField(_("alasan"), blank=True)

    objects = StageChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("perubahan tahap")
        verbose_name_plural = _("perubahan tahap")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_stage=models.F("to_stage")), name="stagechange_moves"
            ),
            choices_check(name="stage_change_from_choices", field="from_stage", choices=CaseStage),
            choices_check(name="stage_change_to_choices", field="to_stage", choices=CaseStage),
        ]
        indexes = [models.Index(fields=["case", "changed_on"], name="stagechange_case_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_stage} → {self.to_stage}"

    @property
    def is_backward(self) -> bool:
        return STAGE_ORDER.index(self.to_stage) < STAGE_ORDER.index(self.from_stage)


class CaseWorkerQuerySet(models.QuerySet):
    def visible_to(self, who):
        return self.filter(case_visible_q(who))


@pghistory.track(model_name="CaseWorkerHistory", obj_field=HISTORY, level=LEVEL)
class CaseWorker(TimeStampedModel):
    """The social worker assigned to a case; reassignments are in the history."""

    case = models.OneToOneField("residents.Case", on_delete=models.PROTECT, related_name="worker")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pekerja sosial"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_on = models.DateField(_("sejak"))

    objects = CaseWorkerQuerySet.as_manager()

    class Meta:
        verbose_name = _("pekerja sosial kasus")
        verbose_name_plural = _("pekerja sosial kasus")
        indexes = [models.Index(fields=["worker", "case"], name="caseworker_worker_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.worker_id}"
