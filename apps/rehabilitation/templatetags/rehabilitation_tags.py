"""The case-work tabs, for pages outside this app (the resident file): links only, no query."""

from django import template

from ..views._common import TABS

register = template.Library()


@register.inclusion_tag("rehabilitation/partials/_tabs.html")
def case_work_tabs(resident, tab=""):
    return {"tabs": TABS, "tab": tab, "resident": resident}
