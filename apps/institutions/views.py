from django.core.paginator import Paginator
from django.shortcuts import render

from .filters import InstitutionFilter, region_choices_for
from .selectors import institution_get, institution_list

PAGE_SIZE = 25


def institution_list_view(request):
    queryset = institution_list(user=request.user)
    filterset = InstitutionFilter(
        request.GET or None, queryset=queryset, region_choices=region_choices_for(queryset)
    )
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filter": filterset, "page": page}
    if request.htmx and not request.htmx.boosted:
        return render(request, "institutions/partials/_rows.html", context)
    return render(request, "institutions/list.html", context)


def institution_detail_view(request, code):
    institution = institution_get(user=request.user, code=code)
    return render(request, "institutions/detail.html", {"institution": institution})
