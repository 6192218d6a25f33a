"""The resident's file prints on A4: its print stylesheet is linked and hides what is for the screen."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from apps.residents import services
from tests.residents.views.conftest import home_leave

pytestmark = pytest.mark.django_db

PRINT_CSS = Path(settings.BASE_DIR) / "static" / "css" / "print.css"


def hidden_in_print() -> set[str]:
    """The selectors the print stylesheet sets to ``display: none``."""
    css = PRINT_CSS.read_text()
    assert "@media print" in css and "size: A4" in css
    hidden = set()
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if "display: none" in body:
            hidden.update(s.strip() for s in selectors.split(","))
    return hidden


def test_the_file_links_the_print_stylesheet_for_print_only(client, staff_jember, jember_resident):
    client.force_login(staff_jember)
    body = client.get(reverse("residents:detail", args=[jember_resident.pk])).content.decode()
    assert re.search(r'<link rel="stylesheet" href="[^"]*css/print[^"]*\.css" media="print"', body)
    assert 'data-print data-testid="print-button"' in body  # app.js prints on its click


def test_print_hides_the_menu_buttons_forms_and_action_links(client, staff_jember, jember_resident):
    assert {
        ".navbar",
        "footer",
        ".breadcrumb",
        ".btn",
        "form",
        ".no-print",
        ".alert-link",
    } <= hidden_in_print()
    home_leave(jember_resident, staff_jember, days_ago=10, due_in_days=-3)  # an overdue leave: its links
    services.family_member_add(
        actor=staff_jember, resident=jember_resident, data={"name": "Rahmat", "relationship": "anak"}
    )
    client.force_login(staff_jember)
    body = client.get(reverse("residents:detail", args=[jember_resident.pk])).content.decode()
    main = body[body.index("<main") : body.index("</main>")]
    # Every link in the file that leads to an action is a button, an alert link or marked no-print
    # (or sits in a block marked no-print); links to read (documents) stay.
    for tag in re.findall(r"<a [^>]*>", main):
        href = re.search(r'href="([^"]*)"', tag).group(1)
        if re.search(r"/(new|edit|close|admit|transfer|discharge|stage|history)/", href):
            assert re.search(r'class="[^"]*\b(btn|no-print|alert-link)\b', tag) or _inside_no_print(
                main, tag
            ), tag
    # The profile, the placement and the timeline are inside the printed file.
    file_part = main[main.index("resident-file") :]
    assert 'data-testid="timeline"' in file_part and 'data-testid="current-institution"' in file_part


def _inside_no_print(html: str, tag: str) -> bool:
    before = html[: html.index(tag)]
    opened = before.rfind('no-print">')
    return opened != -1 and before.count("</div>", opened) == 0
