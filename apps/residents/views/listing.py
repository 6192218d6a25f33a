"""The list of residents, its search and filters, and its export to CSV or XLSX."""

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from apps.core import search_state
from apps.core.models import Job
from apps.core.pagination import CappedPaginator, count_within

from .. import exports, permissions, services
from ..models import VISIBILITY_INDEX_LIMIT
from ._base import may_register_somewhere

PAGE_SIZE = 25
# The count of a supervisor's list is loaded after the page; past this it gives up.
COUNT_TIMEOUT_MS = 3000

# The search box takes names and NIKs: it is only ever sent in a POST body, never in a URL
# (URLs end up in access logs and browser history). A POSTed list is kept in the session
# under an opaque token (apps.core.search_state) and shown at ``?s=<token>&page=N``, so
# the back button and a reload find it again. Other filters may also come in the query
# string, e.g. the home page's "residents in care at this institution" link.
SEARCH_FIELDS = ("q",)
NOT_FILTERS = ("csrfmiddlewaretoken", "page", "s")
SEARCH_STATE_KEY = "residents:list"


def is_wide_scope(scope) -> bool:
    """Whether the user's residents span more institutions than an index lookup serves well."""
    return not scope.is_admin and len(scope.visible_institution_ids) > VISIBILITY_INDEX_LIMIT


def _filter_data(request) -> QueryDict:
    """The list's filters: the POSTed form, those saved under the ``s`` token of this
    session (an unknown token: none), or the query string without the search box."""
    if request.method == "POST":
        data = request.POST.copy()
    elif "s" in request.GET:
        data = search_state.recall(request, SEARCH_STATE_KEY, request.GET["s"]) or QueryDict(mutable=True)
    else:
        data = request.GET.copy()
        for key in SEARCH_FIELDS:
            data.pop(key, None)
    for key in NOT_FILTERS:
        data.pop(key, None)
    return data


def _list_query(request, data: QueryDict) -> str:
    """The query string (without the page) that shows this list again: a token for what
    came from the form, else the query string's own filters (which hold no search text)."""
    if not any(value for _name, values in data.lists() for value in values):
        return ""
    if request.method == "POST":
        return urlencode({"s": search_state.remember(request, SEARCH_STATE_KEY, data)})
    if "s" in request.GET:
        return urlencode({"s": request.GET["s"]})
    return data.urlencode()


def _with_page(url: str, query: str, page) -> str:
    params = "&".join(p for p in (query, f"page={page}" if str(page) not in ("", "1") else "") if p)
    return f"{url}?{params}" if params else url


def _filtered(request):
    return exports.listing_rows(request.scope, _filter_data(request))


@require_http_methods(["GET", "POST"])
def resident_list_view(request):
    data = _filter_data(request)
    query = _list_query(request, data)
    params = request.POST if request.method == "POST" else request.GET
    page_number = params.get("page") or 1
    list_url = reverse("residents:list")
    if request.method == "POST" and not request.htmx:
        # Post/Redirect/Get: going back to the list or reloading it resubmits nothing.
        page_number = page_number if str(page_number).isdigit() and len(str(page_number)) <= 5 else 1
        return redirect(_with_page(list_url, query, page_number))
    filterset, rows = exports.listing_rows(request.scope, data)
    # A supervisor's list is not counted as the page renders: over hundreds of institutions
    # even a capped count scans much of the table for a rare search (bench_residents: 490 ms),
    # the page 16 ms. Its count follows from resident_count_view, loaded by htmx.
    page = CappedPaginator(rows, PAGE_SIZE, counted=not is_wide_scope(request.scope)).get_page(page_number)
    context = {
        "filter": filterset,
        "page": page,
        "filter_items": [(k, v) for k, values in data.lists() for v in values if v],
        "rows": exports.decorate(page.object_list),
        "can_export": permissions.can_export(request.scope),
        "can_register_any": may_register_somewhere(request.scope),
        "page_url": f"{list_url}?{query}&page=" if query else f"{list_url}?page=",
        "count_url": _with_page(reverse("residents:count"), query, ""),
    }
    if request.htmx and not request.htmx.boosted and not request.htmx.history_restore_request:
        response = render(request, "residents/partials/_rows.html", context)
        if request.method == "POST":
            # The address bar follows the search as it is typed, without a history entry per key.
            response["HX-Replace-Url"] = _with_page(list_url, query, page.number)
        return response
    return render(request, "residents/list.html", context)


@require_GET
def resident_count_view(request):
    """How many residents the list holds, with the filters of the list (its token or query
    string): loaded by htmx after a supervisor's list has rendered without a count."""
    _filterset, rows = _filtered(request)
    total = count_within(rows, timeout_ms=COUNT_TIMEOUT_MS)
    return render(request, "residents/partials/_count.html", {"total": total})


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
