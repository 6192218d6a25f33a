"""The occupancy dashboard's reads: a level of the region tree, scoped to the user.

Administrators start with the provinces, a supervisor with their region (or the provinces
holding their regions, when they supervise several), staff with their own institutions.
A province shows its kab/kota, a kab/kota (or finer) its institutions. A region the user
does not supervise is a 404, as is an unknown one.
"""

from dataclasses import dataclass, field
from datetime import date

from django.http import Http404

from apps.institutions.models import Institution
from apps.institutions.scope import UserScope
from apps.regions.models import Region, is_region_code, region_subtree_q

from . import census
from .breakdowns import breakdown_on

SORTS = {
    "name": lambda row: (row.label.lower(), row.key),
    "capacity": lambda row: (row.occupancy.capacity, row.key),
    "residents": lambda row: (row.occupancy.residents, row.key),
    "occupancy": lambda row: (row.occupancy.occupancy_pct or 0, row.key),
    "free": lambda row: (row.occupancy.free, row.key),
}


@dataclass
class Row:
    key: str
    label: str
    occupancy: census.Occupancy
    region: str = ""  # the region code to drill into; empty for an institution
    institution: Institution | None = None


@dataclass
class Dashboard:
    on: date
    level: str  # "province", "regency" or "institution": what the rows are
    region: Region | None
    rows: list[Row]
    total: census.Occupancy
    sort: str
    trail: list[Region] = field(default_factory=list)

    @property
    def single_institution(self) -> Institution | None:
        return self.rows[0].institution if self.level == "institution" and len(self.rows) == 1 else None


def region_for(scope: UserScope, code: str | None) -> Region | None:
    """The region asked for (or the supervisor's only region), checked against the scope."""
    if not code and scope.is_supervisor and not scope.is_admin and len(scope.region_codes) == 1:
        code = scope.region_codes[0]
    if not code:
        return None
    if not is_region_code(code):
        raise Http404
    region = Region.objects.select_related("parent", "parent__parent").filter(code=code).first()
    if region is None or not (scope.is_admin or scope.supervises_region(region.code)):
        raise Http404
    return region


def scoped_institutions(scope: UserScope, region: Region | None):
    """Active institutions the user may see, inside ``region`` when given."""
    institutions = Institution.objects.visible_to(scope).active()
    if region is not None:
        institutions = institutions.filter(region_subtree_q([region.code]))
    return institutions


def _level(scope: UserScope, region: Region | None) -> str:
    if region is None:
        return "province" if scope.is_wide else "institution"
    return "regency" if region.level == Region.Level.PROVINCE else "institution"


def _trail(region: Region | None) -> list[Region]:
    trail = []
    while region is not None:
        trail.insert(0, region)
        region = region.parent
    return trail


def occupancy_dashboard(*, user, on: date, region_code: str | None = None, sort: str = "name") -> Dashboard:
    """Rows of one level with their occupancy on ``on``, the level's total, and who the
    residents are: a fixed number of queries whatever the number of institutions."""
    scope = UserScope.of(user)
    region = region_for(scope, region_code)
    institutions = scoped_institutions(scope, region)
    level = _level(scope, region)
    figures = census.occupancy_on(institutions, on, group_by=level)
    if level == "institution":
        by_id = {
            str(i.pk): i
            for i in Institution.objects.filter(pk__in=[int(f.key) for f in figures]).select_related("region")
        }
        rows = [Row(f.key, by_id[f.key].name, f, institution=by_id[f.key]) for f in figures]
    else:
        names = dict(Region.objects.filter(code__in=[f.key for f in figures]).values_list("code", "name"))
        rows = [Row(f.key, names.get(f.key, f.key), f, region=f.key) for f in figures]
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        key, descending = "name", False
    rows.sort(key=SORTS[key], reverse=descending)
    return Dashboard(
        on=on,
        level=level,
        region=region,
        rows=rows,
        total=census.total(figures),
        sort=("-" if descending else "") + key,
        trail=_trail(region),
    )


def dashboard_breakdowns(*, user, on: date, region_code: str | None = None) -> dict:
    """Who the residents present on ``on`` are, at the dashboard's level (its own request:
    at national level it reads every resident in care, so the figures above come first)."""
    scope = UserScope.of(user)
    return breakdown_on(scoped_institutions(scope, region_for(scope, region_code)), on)


@dataclass
class Flows:
    months: list
    rows: list  # census.Census, oldest first
    region: Region | None
    institution: Institution | None
    trail: list[Region] = field(default_factory=list)


def flows(
    *, user, until: "census.Month", region_code: str | None = None, institution_code: str | None = None
) -> Flows:
    """The census of the 12 months up to ``until``, of the user's institutions, a region's or
    one institution's, summed per month (one query for the figures)."""
    scope = UserScope.of(user)
    institution = None
    if institution_code:
        institution = (
            Institution.objects.visible_to(scope)
            .select_related("region")
            .filter(code=institution_code)
            .first()
        )
        if institution is None:
            raise Http404
        region = None
        institutions = Institution.objects.filter(pk=institution.pk)
    else:
        region = region_for(scope, region_code)
        institutions = scoped_institutions(scope, region)
    months = census.last_months(until, 12)
    return Flows(months, census.census_totals(institutions, months), region, institution, _trail(region))
