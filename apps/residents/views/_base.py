"""What the residents pages share: the resident form view, domain errors on forms, institution choices."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views import View

from apps.core.errors import DomainError
from apps.institutions.models import Institution

from .. import permissions, selectors


def institutions_where(scope, predicate):
    """Active institutions the user may see for which ``predicate(scope, institution)`` holds."""
    visible = list(Institution.objects.visible_to(scope).active().order_by("name", "id"))
    return Institution.objects.filter(pk__in=[i.pk for i in visible if predicate(scope, i)])


def add_domain_error(form, error: DomainError, field_map: dict | None = None) -> None:
    """Put a service's refusal on the form: per-field messages on their fields, the rest on top."""
    field_errors = getattr(error, "errors", None)
    if not isinstance(field_errors, dict) or not field_errors:
        form.add_error(None, error.message)
        return
    on_fields = False
    for name, messages_ in field_errors.items():
        name = (field_map or {}).get(name, name)
        target = name if name in form.fields else None
        on_fields = on_fields or target is not None
        for message in messages_:
            form.add_error(target, message)
    if on_fields:
        form.add_error(None, error.message)


def cleaned(form, *names) -> dict:
    """The cleaned values of the fields ``names`` as keyword arguments of a service, which
    names its arguments as the form names its fields."""
    return {name: form.cleaned_data[name] for name in names}


def may_register_somewhere(scope) -> bool:
    return scope.is_admin or bool(scope.roles)


class RegisteringView(View):
    """A page that brings residents in at the user's institutions: 403 for a user with none."""

    def dispatch(self, request, *args, **kwargs):
        self.institutions = institutions_where(request.scope, permissions.can_register)
        if not self.institutions.exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ResidentActionView(View):
    """A form about one resident: GET shows it, POST calls ``perform`` and redirects to the file.

    The resident is fetched through ``selectors.resident_get`` (404 outside the user's scope);
    ``allowed`` then decides the action (403 when the resident is visible but the action is
    not the user's), and the service's DomainError becomes a form error.
    """

    form_class = None
    template_name = "residents/form.html"
    title = ""
    submit_label = gettext_lazy("Simpan")
    success_message = gettext_lazy("Tersimpan.")
    field_map = {"origin_village": "origin_village_code", "reason": "reason"}

    def dispatch(self, request, *args, **kwargs):
        self.resident = selectors.resident_get(user=request.scope, pk=kwargs["pk"])
        self.setup_action()
        if not self.allowed():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def setup_action(self):
        """Load what the action is about (the open case, the current placement...)."""

    def allowed(self) -> bool:
        raise NotImplementedError

    def get_form_kwargs(self) -> dict:
        return {}

    def get_context(self, form) -> dict:
        return {
            "form": form,
            "resident": self.resident,
            "title": self.title,
            "submit_label": self.submit_label,
        }

    def render_form(self, form):
        return render(self.request, self.template_name, self.get_context(form))

    def get(self, request, *args, **kwargs):
        return self.render_form(self.form_class(**self.get_form_kwargs()))

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, request.FILES, **self.get_form_kwargs())
        if form.is_valid():
            pending = self.confirmation(form)
            if pending is not None:
                return pending
            try:
                self.perform(form)
            except DomainError as error:
                add_domain_error(form, error, self.field_map)
            else:
                messages.success(request, self.success_message)
                return redirect(self.success_url())
        return self.render_form(form)

    def confirmation(self, form):
        """A page to show instead of acting on a valid form (an action asked twice), or None."""
        return None

    def perform(self, form):
        raise NotImplementedError

    def success_url(self) -> str:
        return reverse("residents:detail", args=[self.resident.pk])
