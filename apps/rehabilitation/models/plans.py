"""ATENSI master data and the versioned intervention plan (rencana intervensi)."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import choices_check
from apps.core.models import TimeStampedModel

from ._common import HISTORY, LEVEL, case_visible_q


class ServiceComponent(models.Model):
    """One of the seven ATENSI components (Permensos 7/2021)."""

    code = models.SlugField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("komponen ATENSI")
        verbose_name_plural = _("komponen ATENSI")

    def __str__(self) -> str:
        return self.name


class ServiceType(models.Model):
    """Bimbingan fisik, mental-spiritual, sosial, keterampilan, therapy... (master data)."""

    code = models.SlugField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    component = models.ForeignKey(
        ServiceComponent, verbose_name=_("komponen ATENSI utama"), on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("jenis layanan")
        verbose_name_plural = _("jenis layanan")

    def __str__(self) -> str:
        return self.name


OPEN_STATUSES = ("draft", "submitted")


class PlanVersionQuerySet(models.QuerySet):
    def visible_to(self, who):
        return self.filter(case_visible_q(who))


class PlanVersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    APPROVED = "approved", _("Disetujui")
    RETURNED = "returned", _("Dikembalikan")
    SUPERSEDED = "superseded", _("Digantikan")


@pghistory.track(model_name="PlanVersionHistory", obj_field=HISTORY, level=LEVEL)
class PlanVersion(TimeStampedModel):
    """One version of a case's intervention plan. At most one is open (draft or submitted)."""

    Status = PlanVersionStatus

    case = models.ForeignKey("residents.Case", on_delete=models.PROTECT, related_name="plan_versions")
    number = models.PositiveSmallIntegerField(_("versi"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(_("ringkasan"), blank=True)
    review_on = models.DateField(_("tanggal tinjau ulang"))

    objects = PlanVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("rencana intervensi")
        verbose_name_plural = _("rencana intervensi")
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="plan_version_number_unique"),
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(status__in=OPEN_STATUSES), name="plan_one_open_version"
            ),
            choices_check(name="plan_version_status_choices", field="status", choices=PlanVersionStatus),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} v{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class PlanGoal(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="goals")
    domain = models.ForeignKey(
        "rehabilitation.Domain",
        verbose_name=_("domain"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    text = models.CharField(_("tujuan"), max_length=300)
    target_on = models.DateField(_("target"))

    class Meta:
        verbose_name = _("tujuan")
        verbose_name_plural = _("tujuan")

    def __str__(self) -> str:
        return self.text


class PlannedService(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="services")
    component = models.ForeignKey(
        ServiceComponent, verbose_name=_("komponen ATENSI"), on_delete=models.PROTECT
    )
    service_type = models.ForeignKey(ServiceType, verbose_name=_("jenis layanan"), on_delete=models.PROTECT)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    frequency = models.CharField(_("frekuensi"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("layanan terencana")
        verbose_name_plural = _("layanan terencana")

    def __str__(self) -> str:
        return f"{self.service_type_id} ({self.component_id})"


class PlanDecisionDecision(models.TextChoices):
    APPROVED = "approved", _("Disetujui")
    RETURNED = "returned", _("Dikembalikan")


class PlanDecision(TimeStampedModel):
    """The head's approval or return of a submitted version, with a note: the plan's history."""

    Decision = PlanDecisionDecision

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="decisions")
    decision = models.CharField(_("keputusan"), max_length=10, choices=Decision.choices)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("keputusan rencana")
        verbose_name_plural = _("keputusan rencana")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision="approved") | ~models.Q(note=""), name="plan_return_has_note"
            ),
            choices_check(name="plan_decision_choices", field="decision", choices=PlanDecisionDecision),
        ]
