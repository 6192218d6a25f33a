from django import template
from django.utils.http import urlencode

from apps.core import formatting

register = template.Library()


@register.filter
def rupiah(value):
    return formatting.rupiah(value)


@register.simple_tag(takes_context=True)
def query_with(context, **kwargs):
    """The current query string with some keys replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True)


@register.filter
def tanggal(value):
    """``17 Agustus 2026``: a day as the house writes it on pages (``formatting.tanggal``)."""
    return formatting.tanggal(value)
