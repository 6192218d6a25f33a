"""A PM's track page (what the resident file includes) and readiness for discharge."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.errors import DomainError
from apps.residents.models import Resident

from .. import services
from ..forms import ReadinessForm
from ..models import ReadinessAssessment, ReadinessCriterion
from ..permissions import can_approve_readiness, can_work_at
from ..selectors.grants import home_institution, home_institution_id
from ..selectors.track import resident_track
from ._common import require


def _resident(request, pk) -> Resident:
    """A resident the user may see, or 404 (another institution's PM is "not found")."""
    return get_object_or_404(
        Resident.objects.visible_to(request.scope).select_related("registered_at"), pk=pk
    )


def resident_track_view(request, pk):
    resident = _resident(request, pk)
    context = {
        "resident": resident,
        "track": resident_track(resident),
        "can_work_track": can_work_at(request.scope, home_institution_id(resident)),
    }
    return render(request, "tracks/resident.html", context)


def readiness_view(request, pk):
    resident = _resident(request, pk)
    institution = home_institution(resident)
    require(can_work_at(request.scope, institution))
    criteria = ReadinessCriterion.objects.filter(is_active=True).order_by("sort_order", "id")
    form = ReadinessForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            services.readiness_assess(
                actor=request.user,
                resident=resident,
                institution=institution,
                assessed_on=form.cleaned_data["assessed_on"],
                scores=form.scores,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Penilaian kesiapan tersimpan; menunggu persetujuan kepala."))
            return redirect("tracks:resident", pk=resident.pk)
    title = _("Penilaian kesiapan terminasi: %(name)s") % {"name": resident.full_name}
    return render(request, "tracks/form.html", {"form": form, "title": title, "institution": institution})


@require_POST
def readiness_approve_view(request, pk):
    assessment = get_object_or_404(ReadinessAssessment.objects.visible_to(request.scope), pk=pk)
    require(can_approve_readiness(request.scope, assessment.institution_id))
    try:
        services.readiness_approve(actor=request.user, assessment=assessment)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Hasil penilaian kesiapan disetujui."))
    return redirect("tracks:resident", pk=assessment.resident_id)
