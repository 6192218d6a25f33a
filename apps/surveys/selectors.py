"""Reads for the survey and the index: aggregates are computed in SQL, one query each."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, CharField, Count, Sum, Value, When
from django.db.models.functions import TruncMonth, TruncQuarter, TruncYear
from django.shortcuts import get_object_or_404
from psycopg.types.range import DateRange

from apps.core.choices import Sex
from apps.institutions.models import Institution
from apps.institutions.scope import UserScope
from apps.regions.models import Region, region_subtree_q
from apps.residents.models import Placement

from . import ikm
from .ikm import ELEMENT_CODES, IkmResult, Period
from .models import Channel, Education, FollowUpPlan, Occupation, Service, SurveyResponse
from .permissions import can_view_region

_SUMS = {code: Sum(code) for code in ELEMENT_CODES}


def current_weight():
    """The element weight from the ``IKM_WEIGHT`` setting ("1/9", "0.111" or "0.11")."""
    return ikm.parse_weight(getattr(settings, "IKM_WEIGHT", ikm.DEFAULT_WEIGHT))


def _result(row: dict, weight) -> IkmResult | None:
    return ikm.compute({code: row[code] for code in ELEMENT_CODES}, row["respondents"], weight)


def aggregate(responses, *, weight=None) -> IkmResult | None:
    """The index over a queryset of responses: one query, ``None`` without respondents."""
    row = responses.aggregate(respondents=Count("id"), **_SUMS)
    return _result(row, weight or current_weight())


# --- Single objects ----------------------------------------------------------------------------------


def public_institution_get(*, code: str) -> Institution:
    """An active institution for the public form, by code (any case), or 404."""
    return get_object_or_404(Institution.objects.active().only("id", "code", "name"), code=code.upper())


def institution_get(*, user, code: str) -> Institution:
    """An institution ``user`` may see, with its region, or 404."""
    queryset = Institution.objects.visible_to(user).select_related("region")
    return get_object_or_404(queryset, code=code)


def region_get(*, user, code: str) -> Region:
    """A region whose index ``user`` may see (administrators, supervisors of it), or 404."""
    region = get_object_or_404(Region.objects.select_related("parent"), code=code)
    if not can_view_region(user, region.code):
        from django.http import Http404

        raise Http404
    return region


def plan_get(*, user, pk: int) -> FollowUpPlan:
    queryset = FollowUpPlan.objects.visible_to(user).select_related("institution", "institution__region")
    return get_object_or_404(queryset, pk=pk)


# --- Population served and sample size ---------------------------------------------------------------


@dataclass
class Sample:
    population: int
    source: str  # "residents", "capacity" or "mixed"
    minimum: int
    respondents: int

    @property
    def is_enough(self) -> bool:
        return self.respondents >= self.minimum

    @property
    def source_label(self) -> str:
        return {
            "residents": "jumlah penerima manfaat yang ditempatkan pada periode ini",
            "capacity": "kapasitas lembaga (belum ada data penempatan)",
            "mixed": "penerima manfaat yang ditempatkan, atau kapasitas bagi lembaga tanpa data penempatan",
        }[self.source]


def sample_for(institutions: list[Institution], period: Period, respondents: int) -> Sample:
    """Population served by ``institutions`` over ``period`` and the minimum sample for it.

    Per institution: distinct residents with a placement overlapping the period
    when the residents app has any for it, else the capacity. One query.
    """
    placed = dict(
        Placement.objects.filter(
            institution__in=[i.pk for i in institutions],
            period__overlap=DateRange(period.start, period.end, "[)"),
        )
        .values("institution_id")
        .annotate(n=Count("resident_id", distinct=True))
        .values_list("institution_id", "n")
    )
    population = sum(placed.get(i.pk) or i.capacity for i in institutions)
    sources = {"residents" if placed.get(i.pk) else "capacity" for i in institutions}
    source = sources.pop() if len(sources) == 1 else "mixed"
    return Sample(
        population=population, source=source, minimum=ikm.min_sample(population), respondents=respondents
    )


# --- Index pages ----------------------------------------------------------------------------------------


@dataclass
class Report:
    """Everything the index page, the XLSX and ``ikm_report`` show for one scope and period."""

    period: Period
    result: IkmResult | None
    sample: Sample
    profile: dict = field(default_factory=dict)
    trend: list = field(default_factory=list)

    @property
    def respondents(self) -> int:
        return self.result.respondents if self.result else 0


def _trunc_for(kind: str):
    return {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}[kind]


TREND_LENGTH = {"month": 12, "quarter": 8, "year": 5}


def trend(responses, period: Period, *, weight=None) -> list[tuple[Period, IkmResult | None]]:
    """The index for the periods up to ``period`` (12 months, 8 quarters or 5 years), in one query."""
    weight = weight or current_weight()
    periods = period.trend(TREND_LENGTH[period.kind])
    rows = (
        responses.filter(submitted_on__gte=periods[0].start, submitted_on__lt=period.end)
        .annotate(bucket=_trunc_for(period.kind)("submitted_on"))
        .values("bucket")
        .annotate(respondents=Count("id"), **_SUMS)
        .order_by("bucket")
    )
    by_start = {row["bucket"]: _result(row, weight) for row in rows}
    return [(p, by_start.get(p.start)) for p in periods]


AGE_GROUPS = (("< 20", 0, 20), ("20-29", 20, 30), ("30-39", 30, 40), ("40-49", 40, 50), ("50-59", 50, 60))


def profile_summary(responses) -> dict[str, list[tuple[str, int]]]:
    """Respondents by sex, age group, education, occupation, service and channel: one query."""
    age_group = Case(
        *[When(age__gte=low, age__lt=high, then=Value(label)) for label, low, high in AGE_GROUPS],
        When(age__gte=60, then=Value(">= 60")),
        default=Value(""),
        output_field=CharField(),
    )
    rows = list(
        responses.annotate(age_group=age_group)
        .values("sex", "age_group", "education", "occupation", "service", "channel")
        .annotate(n=Count("id"))
        .order_by()
    )
    unknown = "Tidak diisi"

    def tally(key, choices):
        counts: dict[str, int] = {}
        for row in rows:
            counts[row[key]] = counts.get(row[key], 0) + row["n"]
        ordered = [(str(label), counts.pop(value, 0)) for value, label in choices]
        if counts.get(""):
            ordered.append((unknown, counts.pop("")))
        return ordered

    age_choices = [(label, label) for label, _low, _high in AGE_GROUPS] + [(">= 60", ">= 60")]
    return {
        "Jenis kelamin": tally("sex", Sex.choices),
        "Umur": tally("age_group", age_choices),
        "Pendidikan": tally("education", Education.choices),
        "Pekerjaan": tally("occupation", Occupation.choices),
        "Layanan yang diterima": tally("service", Service.choices),
        "Cara pengisian": tally("channel", Channel.choices),
    }


def institution_report(*, institution: Institution, period: Period, detail: bool = True) -> Report:
    """The index of one institution for a period (with trend and profile when ``detail``)."""
    weight = current_weight()
    responses = SurveyResponse.objects.filter(institution=institution)
    result = aggregate(responses.in_period(period), weight=weight)
    respondents = result.respondents if result else 0
    report = Report(period=period, result=result, sample=sample_for([institution], period, respondents))
    if detail:
        report.trend = trend(responses, period, weight=weight)
        report.profile = profile_summary(responses.in_period(period)) if result else {}
    return report


def region_institutions(region_code: str) -> list[Institution]:
    return list(
        Institution.objects.filter(region_subtree_q([region_code]))
        .only("id", "code", "name", "capacity", "region_id")
        .order_by("name", "id")
    )


def per_institution(responses, *, weight=None) -> dict[int, IkmResult]:
    """The index of each institution over ``responses``: one grouped query."""
    weight = weight or current_weight()
    rows = responses.values("institution_id").annotate(respondents=Count("id"), **_SUMS).order_by()
    return {row["institution_id"]: _result(row, weight) for row in rows}


@dataclass
class RegionReport(Report):
    region: Region | None = None
    institutions: list = field(default_factory=list)  # [(institution, IkmResult | None)]
    mean_of_institutions: object = None  # Decimal | None


def region_report(*, region: Region, period: Period, detail: bool = True) -> RegionReport:
    """A region's index pools every response of its institutions (NRR over all responses);
    the plain mean of the institutions' IKM is given beside it."""
    weight = current_weight()
    institutions = region_institutions(region.code)
    responses = SurveyResponse.objects.filter(institution__in=[i.pk for i in institutions])
    in_period = responses.in_period(period)
    result = aggregate(in_period, weight=weight)
    respondents = result.respondents if result else 0
    each = per_institution(in_period, weight=weight) if result else {}
    report = RegionReport(
        period=period,
        result=result,
        sample=sample_for(institutions, period, respondents),
        region=region,
        institutions=[(i, each.get(i.pk)) for i in institutions],
        mean_of_institutions=ikm.mean_of([r.ikm for r in each.values()]),
    )
    if detail:
        report.trend = trend(responses, period, weight=weight)
        report.profile = profile_summary(in_period) if result else {}
    return report


def overview(*, user, period: Period) -> list[tuple[Institution, IkmResult | None]]:
    """The institutions ``user`` may see with their index for ``period``: two queries."""
    institutions = list(
        Institution.objects.visible_to(user).active().select_related("region").order_by("name", "id")
    )
    each = per_institution(
        SurveyResponse.objects.filter(institution__in=[i.pk for i in institutions]).in_period(period)
    )
    return [(i, each.get(i.pk)) for i in institutions]


def supervised_regions(*, user) -> list[Region]:
    """The regions whose index ``user`` (a user or its ``UserScope``) reads."""
    scope = UserScope.of(user)
    if scope.is_admin:
        return list(Region.objects.filter(level=1, code__in=_provinces_with_institutions()).order_by("code"))
    return list(Region.objects.filter(code__in=scope.region_codes).order_by("code"))


def _provinces_with_institutions():
    return {code[:2] for code in Institution.objects.values_list("region_id", flat=True).distinct()}


def plans_for(*, institution: Institution, period: Period) -> dict[str, FollowUpPlan]:
    plans = FollowUpPlan.objects.filter(institution=institution, period=period.key).select_related(
        "reviewed_by", "updated_by"
    )
    return {p.element: p for p in plans}


def region_plans(*, region: Region, period: Period):
    """Follow-up plans of a region's institutions for a period, for the supervisor's review."""
    return (
        FollowUpPlan.objects.filter(region_subtree_q([region.code], field="institution__region"))
        .filter(period=period.key)
        .select_related("institution", "reviewed_by")
        .order_by("institution__name", "element", "id")
    )


def responses_count(*, institution: Institution) -> int:
    return SurveyResponse.objects.filter(institution=institution).count()
