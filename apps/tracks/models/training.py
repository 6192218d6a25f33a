"""Independence inside the institution (kemandirian): vocational courses, enrolment of PM,
hours attended, completion, competency certificates. Starter kits are disbursements."""

import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel

from .scoping import InstitutionScopedQuerySet

_HISTORY = pghistory.ObjForeignKey(related_name="history")
_LEVEL = pghistory.Statement


class CourseType(models.Model):
    """Master data: a vocational skill (sewing, carpentry, ...); the admin adds more."""

    code = models.CharField(_("kode"), max_length=30, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("jenis keterampilan")
        verbose_name_plural = _("jenis keterampilan")

    def __str__(self) -> str:
        return self.name


class CourseQuerySet(InstitutionScopedQuerySet):
    pass


@pghistory.track(model_name="CourseHistory", obj_field=_HISTORY, level=_LEVEL)
class Course(TimeStampedModel):
    """A vocational course run by an institution: trainer, schedule, planned hours."""

    institution = models.ForeignKey(
        "institutions.Institution", verbose_name=_("lembaga"), on_delete=models.PROTECT, related_name="+"
    )
    course_type = models.ForeignKey(
        CourseType, verbose_name=_("jenis keterampilan"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("nama pelatihan"), max_length=200)
    trainer = models.CharField(_("pelatih/instruktur"), max_length=150)
    schedule = models.CharField(
        _("jadwal"), max_length=200, blank=True, help_text=_("mis. Senin dan Kamis 09.00-12.00")
    )
    starts_on = models.DateField(_("tanggal mulai"))
    ends_on = models.DateField(_("tanggal selesai"))
    planned_hours = models.PositiveSmallIntegerField(_("jumlah jam pelajaran"))

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("pelatihan keterampilan")
        verbose_name_plural = _("pelatihan keterampilan")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="course_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(planned_hours__gt=0), name="course_hours_positive"),
        ]
        indexes = [models.Index(fields=["institution", "starts_on"], name="course_institution_start")]

    def __str__(self) -> str:
        return self.title


class EnrollmentQuerySet(InstitutionScopedQuerySet):
    institution_field = "course__institution"


@pghistory.track(model_name="EnrollmentHistory", obj_field=_HISTORY, level=_LEVEL)
class Enrollment(TimeStampedModel):
    """A PM taking a course: hours attended, and the day they completed it."""

    course = models.ForeignKey(
        Course, verbose_name=_("pelatihan"), on_delete=models.PROTECT, related_name="enrollments"
    )
    resident = models.ForeignKey(
        "residents.Resident", verbose_name=_("penerima manfaat"), on_delete=models.PROTECT, related_name="+"
    )
    enrolled_on = models.DateField(_("tanggal daftar"))
    hours_attended = models.PositiveSmallIntegerField(_("jam hadir"), default=0)
    completed_on = models.DateField(_("tanggal lulus"), null=True, blank=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("peserta pelatihan")
        verbose_name_plural = _("peserta pelatihan")
        constraints = [
            models.UniqueConstraint(fields=["course", "resident"], name="enrollment_once_per_course"),
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True)
                | models.Q(completed_on__gte=models.F("enrolled_on")),
                name="enrollment_completed_after_enrolled",
            ),
        ]
        indexes = [models.Index(fields=["resident", "enrolled_on"], name="enrollment_resident_idx")]

    def __str__(self) -> str:
        return f"{self.resident_id} @ {self.course_id}"


@pghistory.track(model_name="CertificateHistory", obj_field=_HISTORY, level=_LEVEL)
class Certificate(TimeStampedModel):
    """A competency certificate earned on a completed course: issuer, number, date."""

    enrollment = models.OneToOneField(
        Enrollment, verbose_name=_("peserta pelatihan"), on_delete=models.PROTECT, related_name="certificate"
    )
    issuer = models.CharField(
        _("penerbit"), max_length=200, help_text=_("mis. LSP, BLK, atau lembaga sendiri")
    )
    number = models.CharField(_("nomor sertifikat"), max_length=100)
    issued_on = models.DateField(_("tanggal terbit"))

    class Meta:
        verbose_name = _("sertifikat kompetensi")
        verbose_name_plural = _("sertifikat kompetensi")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "number"], name="certificate_number_per_issuer")
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.number}"
