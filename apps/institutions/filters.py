import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.regions.models import Region

from .models import Institution, WelfareCategory


class InstitutionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Cari nama atau kode"))
    region = django_filters.ChoiceFilter(
        method="in_region", label=_("Wilayah"), empty_label=_("Semua wilayah")
    )
    kind = django_filters.ChoiceFilter(
        choices=Institution.Kind.choices, label=_("Jenis"), empty_label=_("Semua jenis")
    )
    category = django_filters.ModelChoiceFilter(
        field_name="categories",
        queryset=WelfareCategory.objects.all(),
        label=_("Kategori PPKS"),
        empty_label=_("Semua kategori"),
    )

    class Meta:
        model = Institution
        fields = ["q", "region", "kind", "category"]

    def __init__(self, *args, region_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["region"].extra["choices"] = region_choices

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))

    def in_region(self, queryset, name, value):
        return queryset.filter(Q(region_id=value) | Q(region__code__startswith=f"{value}."))


def region_choices_for(queryset) -> list[tuple[str, str]]:
    """Kab/kota (and their provinces) where the visible institutions lie: the region filter's options."""
    regency_codes = {code[:5] for code in queryset.order_by().values_list("region_id", flat=True).distinct()}
    codes = regency_codes | {code[:2] for code in regency_codes}
    regions = Region.objects.filter(code__in=codes).order_by("code").values_list("code", "name", "level")
    return [(code, name if level == 1 else f"— {name}") for code, name, level in regions]
