"""Tabs: stage and worker, assessment, intervention plan."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core.errors import DomainError

from .. import permissions, selectors, services
from ..forms import AssessmentForm, AssignForm, DecideForm, PlanForm, StageForm
from ..models import Domain, Instrument, PlanVersion
from ._common import attempt, load, render_tab, require_case, require_work


def case_tab_view(request, pk):
    resident, case = load(request, pk)
    stage_form = assign_form = None
    if case is not None:
        stage_form = StageForm(prefix="stage")
        assign_form = AssignForm(prefix="assign", institution_id=case.institution_id)
        if request.method == "POST":
            require_work(request, case)
            if "stage-to_stage" in request.POST:
                stage_form = StageForm(request.POST, prefix="stage")
                done = attempt(
                    stage_form,
                    lambda d: services.case_stage_move(
                        actor=request.user, case=case, to_stage=d["to_stage"], on=d["on"], reason=d["reason"]
                    ),
                )
            else:
                assign_form = AssignForm(request.POST, prefix="assign", institution_id=case.institution_id)
                done = attempt(
                    assign_form,
                    lambda d: services.case_worker_assign(actor=request.user, case=case, worker=d["worker"]),
                )
            if done:
                messages.success(request, _("Tersimpan."))
                return redirect("rehabilitation:case", pk=resident.pk)
    context = {
        "stage_form": stage_form,
        "assign_form": assign_form,
        "changes": selectors.stage_changes(case) if case else [],
    }
    return render_tab(request, "case", resident, case, context)


def assessment_tab_view(request, pk):
    resident, case = load(request, pk)
    instruments = [
        i
        for i in Instrument.objects.filter(is_active=True)
        .prefetch_related("welfare_categories")
        .order_by("name", "id")
        if services.instrument_applies(i, resident)
    ]
    context = {"trend": selectors.assessment_trend(case) if case else None, "instruments": instruments}
    return render_tab(request, "assessment", resident, case, context)


def assessment_new_view(request, pk, code):
    resident, case = load(request, pk)
    require_work(request, case)
    instrument = get_object_or_404(
        Instrument.objects.filter(is_active=True).prefetch_related("domains__questions"), code=code
    )
    form = AssessmentForm(request.POST or None, instrument=instrument)
    if request.method == "POST" and attempt(
        form,
        lambda d: services.assessment_record(
            actor=request.user,
            case=case,
            instrument=instrument,
            assessed_on=d["assessed_on"],
            scores=form.scores(),
            answers=form.answers(),
            summary=d["summary"],
        ),
    ):
        messages.success(request, _("Asesmen tersimpan."))
        return redirect("rehabilitation:assessment", pk=resident.pk)
    return render_tab(
        request,
        "assessment",
        resident,
        case,
        {"form": form, "instrument": instrument},
        template="rehabilitation/assessment_form.html",
    )


def plan_tab_view(request, pk):
    resident, case = load(request, pk)
    versions = selectors.plan_versions(case) if case else []
    return render_tab(request, "plan", resident, case, {"versions": versions, "decide_form": DecideForm()})


def plan_new_view(request, pk):
    resident, case = load(request, pk)
    require_work(request, case)
    domains = (
        Domain.objects.filter(instrument__is_active=True)
        .select_related("instrument")
        .order_by("instrument__name", "order", "id")
    )
    form = PlanForm(request.POST or None, domains=domains, institution_id=case.institution_id)
    if request.method == "POST" and attempt(
        form,
        lambda d: services.plan_version_create(
            actor=request.user,
            case=case,
            review_on=d["review_on"],
            summary=d["summary"],
            goals=d["goals"],
            services=d["services"],
        ),
    ):
        messages.success(request, _("Draf rencana tersimpan."))
        return redirect("rehabilitation:plan", pk=resident.pk)
    context = {
        "form": form,
        "goal_fields": form.rows(form.goal_rows),
        "service_fields": form.rows(form.service_rows),
    }
    return render_tab(request, "plan", resident, case, context, template="rehabilitation/plan_form.html")


def _version(request, pk, version_id):
    resident, case = load(request, pk)
    require_case(case)
    version = PlanVersion.objects.filter(case=case, pk=version_id).first()
    if version is None:
        raise Http404("no version")
    return resident, case, version


@require_POST
def plan_submit_view(request, pk, version_id):
    resident, case, version = _version(request, pk, version_id)
    require_work(request, case)
    try:
        services.plan_submit(actor=request.user, version=version)
        messages.success(request, _("Rencana diajukan ke kepala."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("rehabilitation:plan", pk=resident.pk)


@require_POST
def plan_decide_view(request, pk, version_id):
    resident, case, version = _version(request, pk, version_id)
    if not permissions.is_head_for(request.scope, case):
        raise PermissionDenied
    form = DecideForm(request.POST)
    if attempt(
        form,
        lambda d: services.plan_decide(
            actor=request.user, version=version, approve=d["decision"] == "approve", note=d["note"]
        ),
    ):
        messages.success(request, _("Keputusan rencana tersimpan."))
    else:
        for error in form.non_field_errors():
            messages.error(request, error)
    return redirect("rehabilitation:plan", pk=resident.pk)
