"""The audit history of a resident: who changed what and when, for heads and supervisors."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from .. import audit, permissions, selectors

HISTORY_PAGE_SIZE = 50


def resident_history_view(request, pk):
    resident = selectors.resident_get(user=request.scope, pk=pk)
    if not permissions.can_view_history(request.scope, resident):
        raise PermissionDenied
    events = audit.resident_audit_events(resident)
    page = Paginator(events, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    show_nik = permissions.can_view_nik(request.scope, permissions.resident_institution_ids(resident))
    entries = audit.history_entries(page.object_list, show_nik=show_nik)
    return render(request, "residents/history.html", {"resident": resident, "page": page, "entries": entries})
