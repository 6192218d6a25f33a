"""Filters of the residents list (and of its export): search, institution, category, sex, age, status."""

from datetime import date

import django_filters
from django import forms
from django.contrib.postgres.fields.ranges import RangeEndsWith, RangeStartsWith
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from apps.core.choices import Sex
from apps.core.dates import add_years
from apps.core.dates import today as local_today
from apps.institutions.models import Institution, WelfareCategory
from apps.institutions.scope import UserScope
from apps.regions.models import is_region_code, region_subtree_q

from .models import Case, Placement
from .nik import is_sixteen_digits


class AgeBand:
    TODDLER = "0-5"
    CHILD = "6-17"
    ADULT = "18-59"
    ELDERLY = "60+"

    # (lowest age, highest age or None): inclusive, in whole years.
    BOUNDS = {TODDLER: (0, 5), CHILD: (6, 17), ADULT: (18, 59), ELDERLY: (60, None)}
    choices = [
        (TODDLER, _("0-5 tahun")),
        (CHILD, _("6-17 tahun")),
        (ADULT, _("18-59 tahun")),
        (ELDERLY, _("60 tahun ke atas")),
    ]


class Status:
    IN_CARE = "in_care"
    DISCHARGED = "discharged"
    COMMUNITY = "community"
    choices = [
        (IN_CARE, _("Dalam panti")),
        (DISCHARGED, _("Sudah keluar")),
        (COMMUNITY, _("Layanan luar panti (belum pernah ditempatkan)")),
    ]


def age_band_q(band: str, today: date) -> Q:
    """Birth-date range of an age band, so the filter runs in SQL on the birth_date index.

    A person is at least N years old on ``today`` when born on or before the same day N years earlier.
    """
    low, high = AgeBand.BOUNDS[band]
    q = Q(birth_date__lte=add_years(today, -low))
    if high is not None:
        q &= Q(birth_date__gt=add_years(today, -(high + 1)))
    return q


class Flow:
    """How a placement starts or ends in a month (the census definitions, docs/reports.md):
    a start is a transfer in when a placement of the same resident ends that day, else an
    admission; an end is a transfer out when one of the same resident starts that day,
    else a discharge."""

    ADMISSIONS = "admissions"
    TRANSFERS_IN = "transfers_in"
    TRANSFERS_OUT = "transfers_out"
    DISCHARGES = "discharges"
    choices = [
        (ADMISSIONS, _("Masuk")),
        (TRANSFERS_IN, _("Pindah masuk")),
        (TRANSFERS_OUT, _("Pindah keluar")),
        (DISCHARGES, _("Keluar")),
    ]


def validate_region_code(value: str) -> None:
    if value and not is_region_code(value):
        raise forms.ValidationError(_("Kode wilayah tidak valid (mis. 35 atau 35.09)."))


class MonthField(forms.DateField):
    """A month written ``YYYY-MM`` (as the reports write it), as its first day."""

    input_formats = ["%Y-%m"]

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "YYYY-MM"}))
        super().__init__(**kwargs)


class MonthFilter(django_filters.Filter):
    field_class = MonthField


def next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class InstitutionCodeField(forms.ModelChoiceField):
    """An institution chosen by its code (typed in any case when the list is too long for a menu)."""

    def to_python(self, value):
        return super().to_python(value.strip().upper() if isinstance(value, str) else value)


class InstitutionCodeFilter(django_filters.ModelChoiceFilter):
    field_class = InstitutionCodeField


# Above this many visible institutions the filter is a text box for the code, not a menu
# (an administrator's 6,000 options made the page 400 KB and 200 ms of rendering).
INSTITUTION_MENU_LIMIT = 50


class ResidentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Cari nama, panggilan, NIK atau nomor registrasi"))
    institution = InstitutionCodeFilter(
        queryset=Institution.objects.none(),
        to_field_name="code",
        method="at_institution",
        label=_("Lembaga"),
        empty_label=_("Semua lembaga"),
    )
    category = django_filters.ModelChoiceFilter(
        field_name="welfare_category",
        queryset=WelfareCategory.objects.all(),
        label=_("Kategori PPKS"),
        empty_label=_("Semua kategori"),
    )
    sex = django_filters.ChoiceFilter(
        choices=Sex.choices, label=_("Jenis kelamin"), empty_label=_("Semua jenis kelamin")
    )
    age = django_filters.ChoiceFilter(
        choices=AgeBand.choices, method="in_age_band", label=_("Usia"), empty_label=_("Semua usia")
    )
    status = django_filters.ChoiceFilter(
        choices=Status.choices, method="with_status", label=_("Status"), empty_label=_("Semua status")
    )
    admitted_from = django_filters.DateFilter(
        method="admitted_between", label=_("Masuk sejak"), widget=DateInput()
    )
    admitted_to = django_filters.DateFilter(
        method="admitted_between", label=_("Masuk sampai"), widget=DateInput()
    )

    region = django_filters.CharFilter(
        method="in_region",
        label=_("Wilayah (kode)"),
        max_length=20,
        validators=[validate_region_code],
        help_text=_("PM yang ditempatkan di lembaga dalam wilayah ini."),
    )
    present_on = django_filters.DateFilter(
        method="present_on_day", label=_("Dalam panti pada tanggal"), widget=DateInput()
    )
    flow = django_filters.ChoiceFilter(
        choices=Flow.choices, method="with_flow", label=_("Arus"), empty_label=_("Semua arus")
    )
    flow_month = MonthFilter(method="with_flow", label=_("Bulan arus (YYYY-MM)"))

    # The names an export records in the access log (never their values: a search may be a name).
    FILTER_NAMES = (
        "q",
        "institution",
        "category",
        "sex",
        "age",
        "status",
        "admitted_from",
        "admitted_to",
        "region",
        "present_on",
        "flow",
        "flow_month",
    )

    def __init__(self, *args, user, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or local_today()
        scope = UserScope.of(user)
        self.filters["institution"].queryset = Institution.objects.visible_to(scope).order_by("name", "id")
        self.institution_menu = len(scope.visible_institution_ids) <= INSTITUTION_MENU_LIMIT

    def used_filter_names(self) -> list[str]:
        """Names of the filters that narrowed the list (for the export's access log)."""
        if not self.is_bound or not self.is_valid():
            return []
        return [name for name in self.FILTER_NAMES if self.form.cleaned_data.get(name) not in (None, "")]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if is_sixteen_digits(value):
            # A whole NIK: exact match on the unique index.
            return queryset.filter(Q(nik=value) | Q(registration_no=value))
        # icontains compiles to UPPER(col) LIKE UPPER(...), which the gin_trgm_ops indexes serve.
        return queryset.filter(
            Q(full_name__icontains=value) | Q(nickname__icontains=value) | Q(registration_no__icontains=value)
        )

    def at_institution(self, queryset, name, value):
        # Residents of the institution: registered there or placed there (now or before),
        # which is what ``institution_ids`` records.
        return queryset.filter(institution_ids__contains=[value.pk])

    def in_age_band(self, queryset, name, value):
        # The age on the day asked for (the dashboard's breakdown of that day), else today.
        return queryset.filter(age_band_q(value, self.form.cleaned_data.get("present_on") or self.today))

    def _placements(self):
        """The resident's placements, at the institution and inside the region when chosen:
        "in care" together with an institution means in care there."""
        placements = Placement.objects.filter(resident_id=OuterRef("pk"))
        institution = self.form.cleaned_data.get("institution")
        if institution is not None:
            placements = placements.filter(institution=institution)
        region = self.form.cleaned_data.get("region")
        if region:
            placements = placements.filter(
                institution__in=Institution.objects.filter(region_subtree_q([region])).values("pk")
            )
        return placements

    def in_region(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(self._placements()))

    def present_on_day(self, queryset, name, value):
        """Present on that day: a placement with start <= day < end (as the census counts)."""
        return queryset.filter(Exists(self._placements().filter(period__contains=value)))

    def with_flow(self, queryset, name, value):
        """Residents with a placement starting (or ending) in the month as the census counts
        it: ``flow`` and ``flow_month`` together, applied once."""
        flow, first = self.form.cleaned_data.get("flow"), self.form.cleaned_data.get("flow_month")
        if name == "flow_month" and flow or not (flow and first):
            return queryset
        starts = flow in (Flow.ADMISSIONS, Flow.TRANSFERS_IN)
        edge = RangeStartsWith("period") if starts else RangeEndsWith("period")
        placements = (
            self._placements().annotate(edge=edge).filter(edge__gte=first, edge__lt=next_month(first))
        )
        continued = Placement.objects.filter(
            resident_id=OuterRef("resident_id"),
            **{"period__endswith" if starts else "period__startswith": OuterRef("edge")},
        )
        if flow in (Flow.ADMISSIONS, Flow.DISCHARGES):
            placements = placements.exclude(Exists(continued))
        else:
            placements = placements.filter(Exists(continued))
        return queryset.filter(Exists(placements))

    def with_status(self, queryset, name, value):
        placements = self._placements()
        current = placements.filter(period__contains=self.today)
        if value == Status.IN_CARE:
            return queryset.filter(Exists(current))
        if value == Status.DISCHARGED:
            return queryset.filter(Exists(placements)).exclude(Exists(current))
        if value == Status.COMMUNITY:
            return queryset.exclude(Exists(Placement.objects.filter(resident_id=OuterRef("pk"))))
        return queryset

    def admitted_between(self, queryset, name, value):
        # One case must fall inside both bounds: "from" applies both when it is given.
        if name == "admitted_to" and self.form.cleaned_data.get("admitted_from"):
            return queryset
        cases = Case.objects.filter(resident_id=OuterRef("pk"))
        start = self.form.cleaned_data.get("admitted_from")
        end = self.form.cleaned_data.get("admitted_to")
        if start:
            cases = cases.filter(opened_on__gte=start)
        if end:
            cases = cases.filter(opened_on__lte=end)
        return queryset.filter(Exists(cases))
