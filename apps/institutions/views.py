from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from apps.core.views import import_page, import_template_response

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


def _administrators_only(request) -> None:
    # Institutions are master data: administrators keep them (the admin, this import).
    if not request.scope.is_admin:
        raise PermissionDenied


def institution_import_view(request):
    _administrators_only(request)
    return import_page(
        request,
        kind="institutions_import",
        template_url=reverse("institutions:import_template"),
        back_url=reverse("institutions:list"),
    )


def institution_import_template_view(request):
    _administrators_only(request)
    return import_template_response("institutions_import")
