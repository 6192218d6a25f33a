"""Grants, follow-up visits and KUBE groups."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import DomainError
from apps.residents.models import Resident

from .. import services
from ..forms import GrantForm, KubeForm, KubeMemberForm, VisitForm
from ..permissions import can_work_at
from ..selectors import pages
from ..selectors.grants import home_institution
from ._common import require


def _resident(request, pk):
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Resident.objects.visible_to(request.scope), pk=pk)


def grant_view(request, pk):
    """A start-up grant for a PM's business, charged to a line of the institution that follows them up."""
    resident = _resident(request, pk)
    institution = home_institution(resident)
    require(can_work_at(request.scope, institution))
    lines = pages.chargeable_lines(institution=institution, year=timezone.localdate().year)
    form = GrantForm(request.POST or None, request.FILES or None, lines=lines)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.grant_give(
                actor=request.user,
                resident=resident,
                institution=institution,
                region=data.pop("region_code"),
                **data,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Bantuan modal usaha tercatat."))
            return redirect("tracks:resident", pk=resident.pk)
    title = _("Bantuan modal usaha untuk %(name)s") % {"name": resident.full_name}
    return render(
        request,
        "tracks/form.html",
        {"form": form, "title": title, "institution": institution, "multipart": True},
    )


def visit_view(request, pk):
    business = pages.business_get(user=request.scope, pk=pk)
    require(can_work_at(request.scope, business.institution_id))
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.business_visit_record(actor=request.user, business=business, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Kunjungan tercatat."))
            if business.group_id:
                return redirect("tracks:kube", pk=business.group_id)
            return redirect("tracks:resident", pk=business.resident_id)
    title = _("Kunjungan usaha: %(type)s") % {"type": business.business_type}
    return render(
        request, "tracks/form.html", {"form": form, "title": title, "institution": business.institution}
    )


def kube_create_view(request, code):
    institution = pages.institution_get(user=request.scope, code=code)
    require(can_work_at(request.scope, institution))
    form = KubeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            group = services.kube_group_create(
                actor=request.user, institution=institution, region=data.pop("region_code"), **data
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("tracks:kube", pk=group.pk)
    return render(
        request, "tracks/form.html", {"form": form, "title": _("KUBE baru"), "institution": institution}
    )


def kube_view(request, pk):
    group = pages.kube_get(user=request.scope, pk=pk)
    can_work = can_work_at(request.scope, group.institution_id)
    form = KubeMemberForm(request.POST or None)
    if request.method == "POST":
        require(can_work)
        if form.is_valid():
            resident = (
                Resident.objects.visible_to(request.scope)
                .filter(registration_no__iexact=form.cleaned_data["registration_no"].strip())
                .first()
            )
            try:
                if resident is None:
                    raise DomainError(_("PM dengan nomor registrasi ini tidak ada."))
                services.kube_member_add(
                    actor=request.user, group=group, resident=resident, role=form.cleaned_data["role"]
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect("tracks:kube", pk=group.pk)
    context = {"group": group, "form": form, "can_work": can_work}
    return render(request, "tracks/kube.html", context)
