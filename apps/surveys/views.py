from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from apps.core.errors import DomainError
from apps.core.views import import_page, import_template_response

from . import exports, selectors, services
from .elements import ELEMENT_BY_CODE, ELEMENTS
from .forms import AssistedSurveyForm, FollowUpPlanForm, PeriodForm, ReviewForm, SurveyForm
from .ikm import ELEMENT_CODES, Period
from .models import Channel
from .permissions import can_enter_responses, can_review_plan, can_write_plan

# --- Public survey -----------------------------------------------------------------------------------------


def _over_survey_limit(request, institution) -> bool:
    """Count this post against SURVEY_RATE_LIMIT, per client address and institution.

    django-ratelimit's ``ip`` key finds the address (honouring RATELIMIT_IP_META_KEY behind
    a reverse proxy, IPv6 grouped by /64); a group per institution makes the limit per form.
    """
    return is_ratelimited(
        request,
        group=f"surveys.respond:{institution.code}",
        key="ip",
        rate=settings.SURVEY_RATE_LIMIT,
        method="POST",
        increment=True,
    )


@login_not_required
@ensure_csrf_cookie
def survey_respond_view(request, code):
    """The public questionnaire of one institution: no login, no personal data shown."""
    institution = selectors.public_institution_get(code=code)
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if _over_survey_limit(request, institution):
            # The answers stay on the page: the respondent may send them later or hand
            # them to staff, instead of filling the form again.
            context = {"institution": institution, "form": form, "rate_limited": True}
            return render(request, "surveys/respond.html", context, status=429)
        if form.is_bot:
            # Pretend success: a bot learns nothing, nothing is stored.
            return redirect("surveys:thanks", code=institution.code)
        if form.is_valid():
            try:
                services.response_submit(
                    actor=None,
                    institution=institution,
                    answers=form.answers,
                    profile=form.profile,
                    channel=Channel.ONLINE,
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return redirect("surveys:thanks", code=institution.code)
    else:
        form = SurveyForm()
    return render(request, "surveys/respond.html", {"institution": institution, "form": form})


@login_not_required
def survey_thanks_view(request, code):
    institution = selectors.public_institution_get(code=code)
    return render(request, "surveys/thanks.html", {"institution": institution})


@login_not_required
def survey_short_link_view(request, code):
    """The short link printed under the QR code."""
    institution = selectors.public_institution_get(code=code)
    return redirect("surveys:respond", code=institution.code)


def survey_poster_view(request, code):
    """A printable poster with the QR code and the short link of the institution's survey."""
    import segno

    institution = selectors.institution_get(user=request.scope, code=code)
    short_url = request.build_absolute_uri(reverse("surveys:short", args=[institution.code]))
    qr_svg = segno.make(short_url, error="m").svg_inline(scale=8, border=2, title=short_url)
    return render(
        request,
        "surveys/poster.html",
        {"institution": institution, "short_url": short_url, "qr_svg": qr_svg},
    )


def survey_assisted_view(request, code):
    """Staff enter the answers of a respondent they met (outside the panti or on paper)."""
    institution = _institution_for_entry(request, code)
    if request.method == "POST":
        form = AssistedSurveyForm(request.POST)
        if form.is_valid():
            try:
                services.response_submit(
                    actor=request.user,
                    institution=institution,
                    answers=form.answers,
                    profile=form.profile,
                    channel=Channel.ASSISTED,
                    submitted_on=form.cleaned_data["submitted_on"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Jawaban responden tersimpan. Silakan isi responden berikutnya."))
                return redirect("surveys:assisted", code=institution.code)
    else:
        form = AssistedSurveyForm()
    return render(request, "surveys/assisted.html", {"institution": institution, "form": form})


# --- Index pages --------------------------------------------------------------------------------------------


def _period(request) -> Period:
    default = Period.containing(timezone.localdate(), "month")
    return PeriodForm(request.GET).period_or(default)


def _period_links(period: Period) -> list[tuple[str, Period]]:
    today = timezone.localdate()
    links = [
        (_("Sebelumnya"), period.previous()),
        (_("Berikutnya"), period.next()),
        (_("Bulan ini"), Period.containing(today, "month")),
        (_("Triwulan ini"), Period.containing(today, "quarter")),
        (_("Tahun ini"), Period.containing(today, "year")),
    ]
    return links


def _element_rows(result, weak: list[str]):
    if result is None:
        return []
    nrr, weighted = result.nrr, result.nrr_weighted
    return [
        {
            "element": element,
            "total": result.totals[element.code],
            "nrr": nrr[element.code],
            "weighted": weighted[element.code],
            "weak": element.code in weak,
        }
        for element in ELEMENTS
    ]


def ikm_overview_view(request):
    """The index of every institution the user may see, for one period."""
    period = _period(request)
    rows = selectors.overview(user=request.scope, period=period)
    regions = selectors.supervised_regions(user=request.scope)
    return render(
        request,
        "surveys/overview.html",
        {"period": period, "rows": rows, "regions": regions, "period_links": _period_links(period)},
    )


def ikm_institution_view(request, code):
    """One institution's index for a period: elements, weakest highlighted, trend and follow-up."""
    institution = selectors.institution_get(user=request.scope, code=code)
    period = _period(request)
    report = selectors.institution_report(institution=institution, period=period)
    weak = report.result.weakest() if report.result else []
    plans = selectors.plans_for(institution=institution, period=period)
    context = {
        "institution": institution,
        "period": period,
        "report": report,
        "element_rows": _element_rows(report.result, weak),
        "weak": [(ELEMENT_BY_CODE[code], plans.get(code)) for code in weak],
        "other_plans": [p for code, p in plans.items() if code not in weak],
        "can_write": can_write_plan(request.scope, institution),
        "can_review": can_review_plan(request.scope, institution),
        "can_enter": can_enter_responses(request.scope, institution),
        "period_links": _period_links(period),
    }
    return render(request, "surveys/institution.html", context)


def ikm_institution_export_view(request, code):
    institution = selectors.institution_get(user=request.scope, code=code)
    period = _period(request)
    report = selectors.institution_report(institution=institution, period=period)
    content = exports.ikm_workbook(title=institution.name, code=institution.code, report=report)
    return _xlsx(content, f"IKM-{institution.code}-{period.key}.xlsx")


def ikm_region_view(request, code):
    """A region's pooled index and the plain mean of its institutions' index."""
    region = selectors.region_get(user=request.scope, code=code)
    period = _period(request)
    report = selectors.region_report(region=region, period=period)
    weak = report.result.weakest() if report.result else []
    context = {
        "region": region,
        "period": period,
        "report": report,
        "element_rows": _element_rows(report.result, weak),
        "plans": list(selectors.region_plans(region=region, period=period)),
        "period_links": _period_links(period),
        "element_names": {e.code: e.name for e in ELEMENTS},
    }
    return render(request, "surveys/region.html", context)


def ikm_region_export_view(request, code):
    region = selectors.region_get(user=request.scope, code=code)
    period = _period(request)
    report = selectors.region_report(region=region, period=period)
    content = exports.ikm_workbook(title=region.name, code=region.code, report=report)
    return _xlsx(content, f"IKM-{region.code}-{period.key}.xlsx")


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Follow-up plans ----------------------------------------------------------------------------------------


def plan_edit_view(request, code, period, element):
    institution = selectors.institution_get(user=request.scope, code=code)
    try:
        period = Period.parse(period)
    except ValueError:
        raise Http404 from None
    if element not in ELEMENT_CODES:
        raise Http404
    if not can_write_plan(request.scope, institution):
        raise PermissionDenied
    plan = selectors.plans_for(institution=institution, period=period).get(element)
    form = FollowUpPlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_plan_save(
                actor=request.user,
                institution=institution,
                period=period,
                element=element,
                **form.cleaned_data,
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Rencana tindak lanjut tersimpan."))
            return redirect(f"{reverse('surveys:institution', args=[institution.code])}?period={period.key}")
    context = {
        "institution": institution,
        "period": period,
        "element": ELEMENT_BY_CODE[element],
        "plan": plan,
        "form": form,
    }
    return render(request, "surveys/plan_form.html", context)


@require_POST
def plan_review_view(request, pk):
    plan = selectors.plan_get(user=request.scope, pk=pk)
    if not can_review_plan(request.scope, plan.institution):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if not form.is_valid():
        # Nothing is marked: a review stands only with the note the supervisor wrote.
        problems = " ".join(message for errors in form.errors.values() for message in errors)
        messages.error(request, _("Rencana belum ditandai ditinjau: %(problems)s") % {"problems": problems})
        return redirect(
            f"{reverse('surveys:institution', args=[plan.institution.code])}?period={plan.period}"
        )
    try:
        services.followup_plan_review(actor=request.user, plan=plan, note=form.cleaned_data["note"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Rencana tindak lanjut ditandai sudah ditinjau."))
    return redirect(f"{reverse('surveys:institution', args=[plan.institution.code])}?period={plan.period}")


def _institution_for_entry(request, code):
    institution = selectors.institution_get(user=request.scope, code=code)
    if not can_enter_responses(request.scope, institution):
        raise PermissionDenied
    return institution


def responses_import_view(request, code):
    """Paper questionnaires of one institution, from a spreadsheet, as a background job."""
    institution = _institution_for_entry(request, code)
    return import_page(
        request,
        kind="survey_responses_import",
        template_url=reverse("surveys:import_template", args=[institution.code]),
        back_url=reverse("surveys:institution", args=[institution.code]),
        params={"institution": institution.code},
    )


def responses_import_template_view(request, code):
    _institution_for_entry(request, code)
    return import_template_response("survey_responses_import")
