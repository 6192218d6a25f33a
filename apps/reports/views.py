"""Pages of the reports app: the home dashboard, occupancy and flows."""

import re
from datetime import date

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from apps.core.dates import EARLIEST
from apps.institutions.models import Institution
from apps.residents.models import CaseTerminationReason
from apps.residents.referral_selectors import home_queues

from . import selectors
from .census import Month
from .charts import bar_chart
from .dashboard import dashboard_breakdowns, occupancy_dashboard, region_for, scoped_institutions
from .dashboard import flows as dashboard_flows
from .quality import MONTHS, ON_TIME_DAY, quality_by_institution

SUPERVISED_PAGE_SIZE = 50


def home_view(request):
    """The page after login: staff see their institution's occupancy and overdue leaves,
    supervisors every institution of their region with capacity and occupancy; staff and
    heads also the referrals and over-capacity requests waiting for them."""
    dashboard = selectors.home_dashboard(user=request.scope)
    supervised = dashboard.pop("supervised")
    if supervised is not None:
        supervised = Paginator(supervised, SUPERVISED_PAGE_SIZE).get_page(request.GET.get("page"))
        supervised.object_list = selectors.with_occupancy(supervised.object_list, dashboard["on"])
    context = {**dashboard, "supervised": supervised, "queues": home_queues(user=request.scope)}
    return render(request, "reports/home.html", context)


LATEST = date(9000, 1, 1)


def day_param(request, name: str = "date") -> date:
    """The day asked for in the query string, today when absent or not a date."""
    try:
        day = date.fromisoformat(request.GET.get(name, "")[:10])
    except ValueError:
        return timezone.localdate()
    # Months around the day are computed: keep clear of the calendar's ends.
    return day if EARLIEST <= day <= LATEST else timezone.localdate()


def occupancy_view(request):
    """Occupancy on a day, one level of the region tree at a time, with totals, flags and
    who the residents are; every count links to the residents list behind it."""
    on = day_param(request)
    dashboard = occupancy_dashboard(
        user=request.scope,
        on=on,
        region_code=request.GET.get("region") or None,
        sort=request.GET.get("sort", "name"),
    )
    single = dashboard.single_institution
    return render(
        request,
        "reports/occupancy.html",
        {
            "dashboard": dashboard,
            "today": timezone.localdate(),
            **_residents_links(request, dashboard.region, on, single.code if single else ""),
        },
    )


def _residents_links(request, region, on: date, single: str = "") -> dict:
    """Counts link to the residents list of the same people: those present on ``on`` (its
    ``present_on`` filter, any day), at the one institution or inside the region shown."""
    if single:
        where = f"institution={single}&"
    elif region is not None:
        where = f"region={region.code}&"
    else:
        where = ""
    return {
        "link_residents": True,
        "residents_filter": f"{where}present_on={on.isoformat()}",
        "single": single,
    }


def occupancy_breakdowns_view(request):
    """The dashboard's "who the residents are" panel, loaded after the page (htmx) or alone."""
    on = day_param(request)
    region_code = request.GET.get("region") or None
    breakdowns = dashboard_breakdowns(user=request.scope, on=on, region_code=region_code)
    region = region_for(request.scope, region_code)
    # Only for the links: the residents list scopes what it shows itself.
    single = request.GET.get("single", "")
    single = single if re.fullmatch(r"[A-Z0-9-]{1,30}", single) else ""
    context = {"breakdowns": breakdowns, **_residents_links(request, region, on, single)}
    return render(request, "reports/partials/_breakdowns.html", context)


def month_param(request) -> Month:
    try:
        return Month.parse(request.GET.get("month", ""))
    except ValueError:
        return Month.of(timezone.localdate())


def flows_view(request):
    """Average census, resident-days, admissions, transfers and discharges by reason, and the
    median length of stay, for each of the last 12 months: SVG charts beside their table."""
    report = dashboard_flows(
        user=request.scope,
        until=month_param(request),
        region_code=request.GET.get("region") or None,
        institution_code=(request.GET.get("institution") or "").strip().upper() or None,
    )
    labels = [m.first.strftime("%m/%y") for m in report.months]
    capacity = report.rows[-1].capacity if report.rows else 0
    census_chart = bar_chart(labels, [[r.average_census for r in report.rows]], reference=capacity)
    flow_chart = bar_chart(
        labels,
        [
            [r.admissions + r.transfers_in for r in report.rows],
            [r.discharges + r.transfers_out for r in report.rows],
        ],
    )
    return render(
        request,
        "reports/flows.html",
        {
            "report": report,
            "census_chart": census_chart,
            "flow_chart": flow_chart,
            "reasons": CaseTerminationReason.choices,
            "residents_filter": _flows_filter(request.scope, report),
        },
    )


def _flows_filter(scope, report) -> str:
    """The residents list's filter for the people behind the flows' figures: the one
    institution or region shown, or a staff member's only institution (so residents who
    moved on elsewhere are not listed)."""
    institution = report.institution
    if institution is None and report.region is None and not scope.is_wide:
        ids = scope.visible_institution_ids
        institution = Institution.objects.filter(pk=ids[0]).first() if len(ids) == 1 else None
    if institution is not None:
        return f"institution={institution.code}&"
    return f"region={report.region.code}&" if report.region else ""


def quality_view(request):
    """Data quality per institution of the user's region, worst first."""
    scope = request.scope
    region = region_for(scope, request.GET.get("region") or None)
    rows = quality_by_institution(scoped_institutions(scope, region), timezone.localdate())
    return render(
        request,
        "reports/quality.html",
        {"rows": rows, "region": region, "months": MONTHS, "day": ON_TIME_DAY},
    )
