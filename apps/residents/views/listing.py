"""The list of residents, its search and filters, and its export to CSV or XLSX."""

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from apps.core.models import Job
from apps.core.pagination import CappedPaginator

from .. import exports, permissions, services
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
    return exports.listing_rows(request.scope, _filter_data(request))


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
    if fmt == "xlsx" and count > exports.export_inline_limit():
        # A long list is written in the background; its page offers the file when ready.
        job = exports.export_start(actor=request.user, data=_filter_data(request), count=count)
        return redirect("core:job", pk=job.pk)
    disposition = f'attachment; filename="{exports.filename(fmt)}"'
    if fmt == "csv":
        response = StreamingHttpResponse(exports.csv_stream(rows), content_type=exports.CSV_CONTENT_TYPE)
    else:
        response = HttpResponse(exports.xlsx_bytes(rows), content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = disposition
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def export_download_view(request, pk):
    """The file a background export wrote: for the user who started it (404 for anyone else)."""
    job = get_object_or_404(
        Job.objects.filter(created_by_id=request.user.pk, kind=exports.EXPORT_KIND, status=Job.Status.DONE),
        pk=pk,
    )
    if not permissions.can_export(request.scope):
        raise PermissionDenied
    name = job.result.get("file", "")
    if not name or not default_storage.exists(name):
        raise Http404
    response = FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=job.result.get("filename") or exports.filename("xlsx"),
        content_type=exports.XLSX_CONTENT_TYPE,
    )
    response["Cache-Control"] = "no-store"
    return response
