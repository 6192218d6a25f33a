"""The list of residents, its search and filters, and its export to CSV or XLSX."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from apps.core.pagination import CappedPaginator

from .. import exports, permissions, selectors, services
from ..filters import ResidentFilter
from ..models import VISIBILITY_INDEX_LIMIT
from ._base import may_register_somewhere

PAGE_SIZE = 25

# The search box takes names and NIKs: it is only ever sent in a POST body, never in a URL
# (URLs end up in access logs and browser history). Other filters may come in the query
# string, e.g. the home page's "residents in care at this institution" link.
SEARCH_FIELDS = ("q",)
NOT_FILTERS = ("csrfmiddlewaretoken", "page")


def is_wide_scope(scope) -> bool:
    """Whether the user's residents span more institutions than an index lookup serves well."""
    return not scope.is_admin and len(scope.visible_institution_ids) > VISIBILITY_INDEX_LIMIT


def _filter_data(request):
    if request.method == "POST":
        data = request.POST.copy()
    else:
        data = request.GET.copy()
        for key in SEARCH_FIELDS:
            data.pop(key, None)
    for key in NOT_FILTERS:
        data.pop(key, None)
    return data


def _filtered(request):
    queryset = selectors.resident_list(user=request.scope)
    data = _filter_data(request)
    filterset = ResidentFilter(data or None, queryset=queryset, user=request.scope)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    return filterset, exports.with_listing_columns(rows, user=request.scope)


@require_http_methods(["GET", "POST"])
def resident_list_view(request):
    filterset, rows = _filtered(request)
    params = request.POST if request.method == "POST" else request.GET
    # A supervisor's list is not counted: over hundreds of institutions even a capped count
    # scans much of the table for a rare search (bench_residents: 490 ms), the page 16 ms.
    page = CappedPaginator(rows, PAGE_SIZE, counted=not is_wide_scope(request.scope)).get_page(
        params.get("page")
    )
    context = {
        "filter": filterset,
        "page": page,
        "filter_items": [(k, v) for k, values in _filter_data(request).lists() for v in values if v],
        "rows": exports.decorate(page.object_list),
        "can_export": permissions.can_export(request.scope),
        "can_register_any": may_register_somewhere(request.scope),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "residents/partials/_rows.html", context)
    return render(request, "residents/list.html", context)


@require_http_methods(["GET", "POST"])
def resident_export_view(request, fmt):
    if not permissions.can_export(request.scope):
        raise PermissionDenied
    filterset, rows = _filtered(request)
    count = rows.count()
    services.access_log(
        user=request.user,
        action="export",
        detail={"count": count, "format": fmt, "filters": filterset.used_filter_names()},
    )
    disposition = f'attachment; filename="{exports.filename(fmt)}"'
    if fmt == "csv":
        response = StreamingHttpResponse(exports.csv_stream(rows), content_type=exports.CSV_CONTENT_TYPE)
    else:
        response = HttpResponse(exports.xlsx_bytes(rows), content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = "no-store"
    return response
