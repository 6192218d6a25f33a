"""Courses: create, enrol PM, complete, certify, issue starter kits."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.errors import DomainError
from apps.residents.models import Resident

from .. import services
from ..forms import CertificateForm, CompleteForm, CourseForm, EnrollForm, KitForm
from ..permissions import can_work_at
from ..selectors import pages
from ._common import require


def course_create_view(request, code):
    institution = pages.institution_get(user=request.scope, code=code)
    require(can_work_at(request.scope, institution))
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(actor=request.user, institution=institution, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Pelatihan tersimpan."))
            return redirect("tracks:course", pk=course.pk)
    context = {"form": form, "title": _("Pelatihan baru"), "institution": institution}
    return render(request, "tracks/form.html", context)


def course_view(request, pk):
    course = pages.course_get(user=request.scope, pk=pk)
    can_work = can_work_at(request.scope, course.institution_id)
    enroll_form = EnrollForm(request.POST or None, prefix="enroll")
    if request.method == "POST":
        require(can_work)
        if enroll_form.is_valid():
            data = enroll_form.cleaned_data
            resident = Resident.objects.filter(
                registration_no__iexact=data["registration_no"].strip()
            ).first()
            try:
                if resident is None:
                    raise DomainError(_("PM dengan nomor registrasi ini tidak ada."))
                services.enrollment_add(
                    actor=request.user, course=course, resident=resident, enrolled_on=data["enrolled_on"]
                )
            except DomainError as exc:
                enroll_form.add_error(None, exc.message)
            else:
                messages.success(request, _("PM terdaftar di pelatihan."))
                return redirect("tracks:course", pk=course.pk)
    context = {
        "course": course,
        "enrollments": pages.course_enrollments(course),
        "enroll_form": enroll_form,
        "complete_form": CompleteForm(prefix="complete"),
        "certificate_form": CertificateForm(prefix="certificate"),
        "can_work": can_work,
    }
    return render(request, "tracks/course.html", context)


def _enrollment_action(request, pk, form_class, prefix, action, success):
    enrollment = pages.enrollment_get(user=request.scope, pk=pk)
    require(can_work_at(request.scope, enrollment.course.institution_id))
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            action(enrollment, form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, success)
    else:
        problems = " ".join(m for errors in form.errors.values() for m in errors)
        messages.error(request, problems)
    return redirect("tracks:course", pk=enrollment.course_id)


@require_POST
def enrollment_complete_view(request, pk):
    return _enrollment_action(
        request, pk, CompleteForm, "complete",
        lambda e, data: services.enrollment_complete(actor=request.user, enrollment=e, **data),
        _("Pelatihan ditandai lulus."),
    )  # fmt: skip


@require_POST
def certificate_view(request, pk):
    return _enrollment_action(
        request, pk, CertificateForm, "certificate",
        lambda e, data: services.certificate_issue(actor=request.user, enrollment=e, **data),
        _("Sertifikat tersimpan."),
    )  # fmt: skip


def kit_view(request, pk):
    enrollment = pages.enrollment_get(user=request.scope, pk=pk)
    institution = enrollment.course.institution
    require(can_work_at(request.scope, institution))
    lines = pages.chargeable_lines(institution=institution, year=timezone.localdate().year)
    form = KitForm(request.POST or None, lines=lines)
    if request.method == "POST" and form.is_valid():
        try:
            services.starter_kit_issue(actor=request.user, enrollment=enrollment, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Paket peralatan kerja tercatat."))
            return redirect("tracks:course", pk=enrollment.course_id)
    title = _("Paket peralatan kerja untuk %(name)s") % {"name": enrollment.resident.full_name}
    return render(request, "tracks/form.html", {"form": form, "title": title, "institution": institution})
