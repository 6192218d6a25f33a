"""The address picker's endpoint: a level's options as ``<option>`` elements."""

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET

from apps.core.middleware import public_data

from . import selectors
from .forms import placeholder_for

MAX_SEARCH = 100
# Region names change only when the regions are reloaded (a new regulation): a day is fine.
CACHE_SECONDS = 24 * 60 * 60


@require_GET
@public_data(max_age=CACHE_SECONDS)
def region_children_view(request, parent=None):
    """The provinces, or the regions below ``parent``, narrowed by ``q`` (a region's name is
    not personal data, so it may travel in the URL and the answer may be cached)."""
    q = request.GET.get("q", "").strip()
    if len(q) > MAX_SEARCH:
        return HttpResponseBadRequest()
    options = selectors.region_children(parent, q)
    level = selectors.level_of(parent) + 1 if parent else 1
    return render(
        request,
        "regions/partials/_options.html",
        {"options": options, "placeholder": placeholder_for(level, empty=bool(q) and not options)},
    )
