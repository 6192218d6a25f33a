"""Programme pages: allocation, realisation, beneficiaries, unit cost and outcomes of an
institution or a region for a fiscal year, with charts and an XLSX export."""

from django.shortcuts import render
from django.urls import reverse

from apps.core.views import import_page, import_template_response
from apps.institutions.models import Institution
from apps.regions.models import Region

from .. import exports, imports
from ..permissions import can_manage_budget, can_work_at
from ..selectors import pages
from ..selectors.reports import Scope
from ._common import require, xlsx_response, year_of


def overview_view(request):
    """The institutions and regions whose programme pages the user reads."""
    scope = request.scope
    institutions = Institution.objects.visible_to(scope).select_related("region").order_by("name", "id")
    if scope.is_admin:
        provinces = {code[:2] for code in Institution.objects.values_list("region_id", flat=True).distinct()}
        regions = Region.objects.filter(level=Region.Level.PROVINCE, code__in=provinces).order_by("code")
    else:
        regions = Region.objects.filter(code__in=scope.region_codes).order_by("code")
    context = {
        "institutions": institutions,
        "regions": regions,
        "year": year_of(request),
        "can_import": can_manage_budget(request.user),
    }
    return render(request, "tracks/overview.html", context)


def _context(request, *, title, code, scope, export_url, **extra):
    year = year_of(request)
    return {
        "title": title,
        "code": code,
        "year": year,
        "years": [year - 1, year, year + 1],
        "export_url": export_url,
        **pages.programme_page(scope=scope, year=year),
        **extra,
    }


def institution_view(request, code):
    institution = pages.institution_get(user=request.scope, code=code)
    context = _context(
        request,
        title=institution.name,
        code=institution.code,
        scope=Scope(institution=institution),
        export_url=reverse("tracks:institution_export", args=[institution.code]),
        institution=institution,
        province_paid=pages.province_lines_paid_by(institution=institution, year=year_of(request)),
        courses=pages.courses_of(institution=institution),
        groups=pages.kube_groups_of(institution=institution),
        can_work=can_work_at(request.scope, institution),
    )
    return render(request, "tracks/programme.html", context)


def region_view(request, code):
    region = pages.region_get(user=request.scope, code=code)
    context = _context(
        request,
        title=region.name,
        code=region.code,
        scope=Scope(region=region),
        export_url=reverse("tracks:region_export", args=[region.code]),
        region=region,
    )
    return render(request, "tracks/programme.html", context)


def institution_export_view(request, code):
    institution = pages.institution_get(user=request.scope, code=code)
    year = year_of(request)
    data = pages.programme_page(scope=Scope(institution=institution), year=year)
    content = exports.programme_workbook(title=institution.name, code=institution.code, year=year, data=data)
    return xlsx_response(content, f"program-{institution.code}-{year}.xlsx")


def region_export_view(request, code):
    region = pages.region_get(user=request.scope, code=code)
    year = year_of(request)
    data = pages.programme_page(scope=Scope(region=region), year=year)
    content = exports.programme_workbook(title=region.name, code=region.code, year=year, data=data)
    return xlsx_response(content, f"program-{region.code}-{year}.xlsx")


_IMPORTS = {"budget-lines": imports.BUDGET_LINES, "grants": imports.GRANTS, "visits": imports.VISITS}


def _import_kind(request, which):
    kind = _IMPORTS.get(which)
    if kind is None:
        from django.http import Http404

        raise Http404
    # Budget lines are the administrators'; grants and visits, rows are checked per institution.
    require(can_manage_budget(request.user) if kind == imports.BUDGET_LINES else bool(request.scope.roles))
    return kind


def import_view(request, which):
    kind = _import_kind(request, which)
    return import_page(
        request,
        kind=kind,
        template_url=reverse("tracks:import_template", args=[which]),
        back_url=reverse("tracks:overview"),
    )


def import_template_view(request, which):
    return import_template_response(_import_kind(request, which))
