"""Entrepreneurship after discharge (kewirausahaan, UEP) and KUBE groups.

A business belongs to one PM (or one KUBE group) and is identified by its owner and
start date; follow-up visits record its status and monthly figures. Survival is computed
from the visits (``apps.tracks.survival``), never typed.
"""

import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.choices import choices_check
from apps.core.models import TimeStampedModel

from .scoping import InstitutionScopedQuerySet

_HISTORY = pghistory.ObjForeignKey(related_name="history")
_LEVEL = pghistory.Statement


class BusinessStatus(models.TextChoices):
    RUNNING = "running", _("Berjalan")
    GROWING = "growing", _("Berkembang")
    STALLED = "stalled", _("Macet")
    CLOSED = "closed", _("Tutup")


# A business "survives" a visit that finds it in one of these.
SURVIVING = (BusinessStatus.RUNNING, BusinessStatus.GROWING)


class ScopedQuerySet(InstitutionScopedQuerySet):
    pass


@pghistory.track(model_name="BusinessPlanHistory", obj_field=_HISTORY, level=_LEVEL)
class BusinessPlan(TimeStampedModel):
    """What a PM means to start: type, place, capital needed, mentor."""

    resident = models.ForeignKey(
        "residents.Resident", verbose_name=_("penerima manfaat"), on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "institutions.Institution", verbose_name=_("lembaga"), on_delete=models.PROTECT, related_name="+"
    )
    business_type = models.CharField(_("jenis usaha"), max_length=150)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("lokasi usaha"), on_delete=models.PROTECT, related_name="+"
    )
    capital_needed = models.BigIntegerField(_("kebutuhan modal (Rp)"))
    mentor = models.CharField(_("pendamping"), max_length=150, blank=True)
    made_on = models.DateField(_("tanggal rencana"))
    note = models.TextField(_("catatan"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rencana usaha")
        verbose_name_plural = _("rencana usaha")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capital_needed__gte=0), name="business_plan_capital_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.business_type


@pghistory.track(model_name="KubeGroupHistory", obj_field=_HISTORY, level=_LEVEL)
class KubeGroup(TimeStampedModel):
    """A joint business group (Kelompok Usaha Bersama) of 5 to 20 members."""

    MIN_MEMBERS, MAX_MEMBERS = 5, 20

    name = models.CharField(_("nama kelompok"), max_length=150)
    business_type = models.CharField(_("jenis usaha"), max_length=150)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("lembaga pendamping"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    formed_on = models.DateField(_("tanggal dibentuk"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kelompok KUBE")
        verbose_name_plural = _("kelompok KUBE")
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="kube_name_per_institution")
        ]

    def __str__(self) -> str:
        return self.name


class KubeMemberRole(models.TextChoices):
    LEADER = "leader", _("Ketua")
    SECRETARY = "secretary", _("Sekretaris")
    TREASURER = "treasurer", _("Bendahara")
    MEMBER = "member", _("Anggota")


@pghistory.track(model_name="KubeMemberHistory", obj_field=_HISTORY, level=_LEVEL)
class KubeMember(TimeStampedModel):
    """A member of a KUBE: a PM, an eks-PM, or a community member registered as PM
    without a placement."""

    Role = KubeMemberRole

    group = models.ForeignKey(
        KubeGroup, verbose_name=_("kelompok"), on_delete=models.PROTECT, related_name="members"
    )
    resident = models.ForeignKey(
        "residents.Resident", verbose_name=_("penerima manfaat"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("peran"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("anggota KUBE")
        verbose_name_plural = _("anggota KUBE")
        constraints = [
            models.UniqueConstraint(fields=["group", "resident"], name="kube_member_once"),
            # One leader, one secretary, one treasurer per group.
            models.UniqueConstraint(
                fields=["group", "role"], condition=~models.Q(role="member"), name="kube_one_per_office"
            ),
            choices_check(name="kube_member_role_choices", field="role", choices=KubeMemberRole),
        ]

    def __str__(self) -> str:
        return f"{self.resident_id} ({self.role})"


@pghistory.track(model_name="BusinessHistory", obj_field=_HISTORY, level=_LEVEL)
class Business(TimeStampedModel):
    """A business of one PM (or of one KUBE group), from its start date; the baseline
    income is the owner's monthly income recorded at the grant."""

    resident = models.ForeignKey(
        "residents.Resident",
        verbose_name=_("penerima manfaat"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    group = models.ForeignKey(
        KubeGroup,
        verbose_name=_("kelompok KUBE"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="businesses",
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("lembaga pendamping"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    plan = models.ForeignKey(
        BusinessPlan,
        verbose_name=_("rencana usaha"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    business_type = models.CharField(_("jenis usaha"), max_length=150)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("lokasi usaha"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    started_on = models.DateField(_("tanggal mulai usaha"))
    baseline_income = models.BigIntegerField(_("pendapatan awal per bulan (Rp)"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("usaha")
        verbose_name_plural = _("usaha")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resident__isnull=False, group__isnull=True)
                | models.Q(resident__isnull=True, group__isnull=False),
                name="business_one_owner",
            ),
            models.UniqueConstraint(
                fields=["resident", "started_on"],
                condition=models.Q(resident__isnull=False),
                name="business_pm_start",
            ),
            models.UniqueConstraint(
                fields=["group", "started_on"],
                condition=models.Q(group__isnull=False),
                name="business_group_start",
            ),
            models.CheckConstraint(
                condition=models.Q(baseline_income__gte=0), name="business_baseline_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["institution", "started_on"], name="business_institution_start")]

    def __str__(self) -> str:
        return f"{self.business_type} ({self.started_on})"


@pghistory.track(model_name="BusinessVisitHistory", obj_field=_HISTORY, level=_LEVEL)
class BusinessVisit(TimeStampedModel):
    """A follow-up visit: the business's status and monthly figures that day."""

    business = models.ForeignKey(
        Business, verbose_name=_("usaha"), on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField(_("tanggal kunjungan"))
    status = models.CharField(_("status usaha"), max_length=10, choices=BusinessStatus.choices)
    monthly_revenue = models.BigIntegerField(_("omzet per bulan (Rp)"), null=True, blank=True)
    monthly_income = models.BigIntegerField(_("pendapatan per bulan (Rp)"), null=True, blank=True)
    notes = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("kunjungan usaha")
        verbose_name_plural = _("kunjungan usaha")
        constraints = [
            models.UniqueConstraint(fields=["business", "visited_on"], name="business_visit_once_a_day"),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in BusinessStatus]), name="business_visit_status"
            ),
            models.CheckConstraint(
                condition=models.Q(monthly_revenue__isnull=True) | models.Q(monthly_revenue__gte=0),
                name="business_visit_revenue_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.business_id} {self.visited_on} {self.status}"
