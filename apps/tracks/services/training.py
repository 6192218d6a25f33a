"""Vocational courses: enrolment, hours, completion, certificates and starter kits."""

from django.utils.translation import gettext as _

from apps.core.errors import DomainError

from .. import permissions
from ..models import Certificate, Course, Disbursement, Enrollment
from ._base import not_in_future, require, service
from .budgets import pay


@service
def course_create(
    *,
    actor,
    institution,
    course_type,
    title: str,
    trainer: str,
    starts_on,
    ends_on,
    planned_hours: int,
    schedule="",
) -> Course:
    """A course run by ``institution`` with its trainer, schedule and hours."""
    require(permissions.can_work_at(actor, institution), _("Anda tidak berwenang di lembaga ini."))
    if ends_on < starts_on:
        raise DomainError(_("Tanggal selesai sebelum tanggal mulai."))
    if planned_hours <= 0:
        raise DomainError(_("Jumlah jam pelajaran harus lebih dari 0."))
    course = Course(
        institution=institution,
        course_type=course_type,
        title=title.strip(),
        trainer=trainer.strip(),
        schedule=schedule.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        planned_hours=planned_hours,
    )
    course.stamp(actor)
    course.save()
    return course


@service
def enrollment_add(*, actor, course: Course, resident, enrolled_on) -> Enrollment:
    """Enrol a PM visible to the institution running the course (once per course)."""
    from apps.residents.models import Resident

    require(permissions.can_work_at(actor, course.institution_id), _("Anda tidak berwenang di lembaga ini."))
    not_in_future(enrolled_on, _("Tanggal daftar"))
    if not Resident.objects.filter(
        pk=resident.pk, institution_ids__contains=[course.institution_id]
    ).exists():
        raise DomainError(
            _("PM ini tidak terdaftar atau ditempatkan di lembaga penyelenggara."), code="not_here"
        )
    if Enrollment.objects.filter(course=course, resident=resident).exists():
        raise DomainError(_("PM ini sudah terdaftar di pelatihan ini."), code="already_enrolled")
    enrollment = Enrollment(course=course, resident=resident, enrolled_on=enrolled_on)
    enrollment.stamp(actor)
    enrollment.save()
    return enrollment


def _locked(enrollment) -> Enrollment:
    return Enrollment.objects.select_for_update(of=("self",)).select_related("course").get(pk=enrollment.pk)


@service
def enrollment_hours_add(*, actor, enrollment: Enrollment, hours: int) -> Enrollment:
    """Add attended hours (a session's attendance)."""
    enrollment = _locked(enrollment)
    require(permissions.can_work_at(actor, enrollment.course.institution_id), _("Anda tidak berwenang."))
    if hours <= 0:
        raise DomainError(_("Jam hadir harus lebih dari 0."))
    enrollment.hours_attended += hours
    enrollment.stamp(actor)
    enrollment.save(update_fields=["hours_attended", "updated_at", "updated_by"])
    return enrollment


@service
def enrollment_complete(
    *, actor, enrollment: Enrollment, completed_on, hours_attended: int | None = None
) -> Enrollment:
    """Mark a course completed on ``completed_on`` (with the final hours, if given)."""
    enrollment = _locked(enrollment)
    require(permissions.can_work_at(actor, enrollment.course.institution_id), _("Anda tidak berwenang."))
    not_in_future(completed_on, _("Tanggal lulus"))
    if completed_on < enrollment.enrolled_on:
        raise DomainError(_("Tanggal lulus sebelum tanggal daftar."))
    if hours_attended is not None:
        enrollment.hours_attended = hours_attended
    enrollment.completed_on = completed_on
    enrollment.stamp(actor)
    enrollment.save()
    return enrollment


@service
def certificate_issue(*, actor, enrollment: Enrollment, issuer: str, number: str, issued_on) -> Certificate:
    """A competency certificate for a completed course (one per enrolment)."""
    enrollment = _locked(enrollment)
    require(permissions.can_work_at(actor, enrollment.course.institution_id), _("Anda tidak berwenang."))
    if enrollment.completed_on is None:
        raise DomainError(_("Sertifikat hanya untuk peserta yang sudah lulus."), code="not_completed")
    if Certificate.objects.filter(enrollment=enrollment).exists():
        raise DomainError(_("Peserta ini sudah memiliki sertifikat."), code="already_certified")
    if Certificate.objects.filter(issuer=issuer.strip(), number=number.strip()).exists():
        raise DomainError(_("Nomor sertifikat ini sudah dipakai penerbit yang sama."), code="number_taken")
    not_in_future(issued_on, _("Tanggal terbit"))
    certificate = Certificate(
        enrollment=enrollment, issuer=issuer.strip(), number=number.strip(), issued_on=issued_on
    )
    certificate.stamp(actor)
    certificate.save()
    return certificate


@service
def starter_kit_issue(*, actor, enrollment: Enrollment, line, items: str, amount: int, paid_on, proof=None):
    """A starter kit (items and their value) for a course participant, charged to ``line``."""
    enrollment = _locked(enrollment)
    return pay(
        actor,
        line=line,
        institution=enrollment.course.institution_id,
        kind=Disbursement.Kind.KIT,
        form=Disbursement.Form.IN_KIND,
        items=items,
        amount=amount,
        paid_on=paid_on,
        resident=enrollment.resident,
        enrollment=enrollment,
        proof=proof,
    )
