"""Services delivered: individual sessions and group activities with attendance."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel

from ._common import HISTORY, LEVEL, case_visible_q

COMPLIANT_PERCENT = 80
PARTIAL_PERCENT = 50


class GroupActivityQuerySet(models.QuerySet):
    def visible_to(self, who):
        from apps.institutions.scope import UserScope

        scope = UserScope.of(who)
        if scope.is_admin:
            return self
        return self.filter(institution_id__in=scope.visible_institution_ids)


@pghistory.track(model_name="GroupActivityHistory", obj_field=HISTORY, level=LEVEL)
class GroupActivity(TimeStampedModel):
    institution = models.ForeignKey("institutions.Institution", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("kegiatan"), max_length=150)
    series = models.CharField(
        _("seri kegiatan"),
        max_length=100,
        blank=True,
        help_text=_("Mis. 'Senam pagi': untuk tingkat kehadiran."),
    )
    held_on = models.DateField(_("tanggal"))
    service_type = models.ForeignKey(
        "rehabilitation.ServiceType", verbose_name=_("jenis layanan"), on_delete=models.PROTECT
    )
    component = models.ForeignKey(
        "rehabilitation.ServiceComponent", verbose_name=_("komponen ATENSI"), on_delete=models.PROTECT
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("fasilitator"), on_delete=models.PROTECT, related_name="+"
    )
    duration_minutes = models.PositiveSmallIntegerField(_("durasi (menit)"))

    objects = GroupActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("kegiatan kelompok")
        verbose_name_plural = _("kegiatan kelompok")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gt=0), name="activity_duration_positive"
            )
        ]
        indexes = [models.Index(fields=["institution", "held_on"], name="activity_institution_idx")]

    def __str__(self) -> str:
        return f"{self.title} {self.held_on}"


@pghistory.track(model_name="AttendanceHistory", obj_field=HISTORY, level=LEVEL)
class Attendance(models.Model):
    """A resident on an activity's list: present or not (the rate counts both)."""

    activity = models.ForeignKey(GroupActivity, on_delete=models.CASCADE, related_name="attendance")
    resident = models.ForeignKey("residents.Resident", on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("hadir"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "resident"], name="attendance_once_per_activity")
        ]
        indexes = [models.Index(fields=["resident", "activity"], name="attendance_resident_idx")]

    def __str__(self) -> str:
        return f"{self.activity_id}: {self.resident_id}"


class IndividualSessionQuerySet(models.QuerySet):
    def visible_to(self, who):
        return self.filter(case_visible_q(who))


@pghistory.track(model_name="IndividualSessionHistory", obj_field=HISTORY, level=LEVEL)
class IndividualSession(TimeStampedModel):
    case = models.ForeignKey("residents.Case", on_delete=models.PROTECT, related_name="sessions")
    held_on = models.DateField(_("tanggal"))
    service_type = models.ForeignKey(
        "rehabilitation.ServiceType", verbose_name=_("jenis layanan"), on_delete=models.PROTECT
    )
    component = models.ForeignKey(
        "rehabilitation.ServiceComponent", verbose_name=_("komponen ATENSI"), on_delete=models.PROTECT
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("petugas"), on_delete=models.PROTECT, related_name="+"
    )
    duration_minutes = models.PositiveSmallIntegerField(_("durasi (menit)"))
    notes = models.TextField(_("catatan"), blank=True)

    objects = IndividualSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("sesi individu")
        verbose_name_plural = _("sesi individu")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gt=0), name="session_duration_positive"
            )
        ]
