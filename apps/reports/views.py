"""Pages of the reports app: the home dashboard."""

from django.core.paginator import Paginator
from django.shortcuts import render

from . import selectors

SUPERVISED_PAGE_SIZE = 50


def home_view(request):
    """The page after login: staff see their institution's occupancy and overdue leaves,
    supervisors every institution of their region with capacity and occupancy."""
    dashboard = selectors.home_dashboard(user=request.scope)
    supervised = dashboard.pop("supervised")
    if supervised is not None:
        supervised = Paginator(supervised, SUPERVISED_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/home.html", {**dashboard, "supervised": supervised})
