"""Occupancy for the pages of other apps (the institution list and page): those apps sit below
residents and reports in the layers, so they show the census module's figures through these tags."""

from django import template
from django.utils import timezone

from apps.institutions.models import Institution
from apps.reports import census

register = template.Library()


@register.simple_tag
def occupancy_of(institutions):
    """``{institution id: Occupancy}`` today for ``institutions`` (a page of them): one query."""
    ids = [institution.pk for institution in institutions]
    if not ids:
        return {}
    figures = census.occupancy_on(Institution.objects.filter(pk__in=ids), timezone.localdate())
    return {int(figure.key): figure for figure in figures}


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag
def occupancy_today(institution):
    """The ``Occupancy`` of one institution today (one query)."""
    return occupancy_of([institution]).get(institution.pk)
