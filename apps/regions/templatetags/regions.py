from django import template

from apps.regions import formatting

register = template.Library()


@register.filter
def address_label(region) -> str:
    """``{{ resident.origin_village|address_label }}``: "Desa Padomasan, Kec. Jombang, Kab. Jember"."""
    return formatting.address_label(region)
