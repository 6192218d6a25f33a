from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from apps.core.errors import DomainError
from apps.institutions.models import Institution

from .. import permissions, selectors

TABS = [
    ("case", _("Tahap dan petugas")),
    ("assessment", _("Asesmen")),
    ("plan", _("Rencana intervensi")),
    ("services", _("Layanan")),
    ("notes", _("Catatan")),
    ("family", _("Keluarga")),
    ("followup", _("Bimbingan lanjut")),
]


def load(request, pk):
    """The resident (404 outside the user's scope) and the case the tabs show."""
    return selectors.resident_with_case(user=request.scope, pk=pk)


def require_case(case):
    if case is None:
        raise Http404("no case")
    return case


def require_work(request, case):
    """A write on ``case``: staff or head of its institution, else 403."""
    require_case(case)
    if not permissions.can_work_on(request.scope, case):
        raise PermissionDenied
    return case


def render_tab(request, tab, resident, case, context=None, *, template=None, status=200):
    base = {
        "resident": resident,
        "case": case,
        "tab": tab,
        "tabs": TABS,
        "can_work": case is not None and permissions.can_work_on(request.scope, case),
        "is_head": case is not None and permissions.is_head_for(request.scope, case),
    }
    base.update(context or {})
    return render(request, template or f"rehabilitation/tab_{tab}.html", base, status=status)


def attempt(form, action) -> bool:
    """Run ``action`` if the form is valid; a DomainError becomes a form error."""
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except DomainError as error:
        form.add_error(None, error.message)
        return False
    return True


def institution_get(request, code) -> Institution:
    """An institution the user may see, by code, or 404."""
    return get_object_or_404(Institution.objects.visible_to(request.scope), code=code.upper())


def require_member(request, institution):
    scope = request.scope
    if not (scope.is_admin or scope.is_member_of(institution)):
        raise PermissionDenied
