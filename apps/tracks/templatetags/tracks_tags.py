"""The PM's readiness for discharge, for the resident file (one query)."""

from django import template

from ..readiness import latest_approved_assessment

register = template.Library()


@register.inclusion_tag("tracks/partials/_readiness_badge.html")
def readiness_badge(resident):
    return {"resident": resident, "assessment": latest_approved_assessment(resident)}
