"""Registering a resident (with the duplicate check) and editing their identity."""

import copy

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.errors import DomainError

from .. import permissions, services
from ..forms import RegisterForm, ResidentForm
from ._base import RegisteringView, ResidentActionView, add_domain_error


def _show_nik_warnings(request, resident) -> None:
    for warning in getattr(resident, "nik_warnings", ()):
        messages.warning(request, warning)


class RegisterView(RegisteringView):
    """Registration with the duplicate check: possible matches are shown, and the user may go on."""

    def render_form(self, form, duplicates=None, blocking=False):
        identity = ["institution", *form._meta.fields, "origin_village_code"]
        return render(
            self.request,
            "residents/register.html",
            {
                "form": form,
                "title": _("Pendaftaran PM"),
                "form_width": "col-xl-9",
                "submit_label": _("Daftarkan"),
                "duplicates": duplicates,
                "duplicates_blocking": blocking,
                "identity_fields": identity,
                "guardian_fields": ["guardian_name", "guardian_relationship", "guardian_phone"],
                "consent_fields": ["consent_given", "consent_given_on", "consent_given_by", "consent_scope"],
            },
        )

    def get(self, request):
        return self.render_form(RegisterForm(institutions=self.institutions))

    def post(self, request):
        form = RegisterForm(request.POST, institutions=self.institutions)
        if not form.is_valid():
            return self.render_form(form)
        try:
            resident = services.resident_register(
                actor=request.user,
                institution=form.cleaned_data["institution"],
                data=form.resident_data(),
                family=form.family_data(),
                consent=form.consent_data(),
                allow_duplicates=form.cleaned_data["allow_duplicates"],
            )
        except services.DuplicateSuspected as suspected:
            form.add_error(None, suspected.message)
            return self.render_form(form, duplicates=suspected.matches, blocking=suspected.blocking)
        except DomainError as error:
            add_domain_error(form, error, ResidentActionView.field_map)
            return self.render_form(form)
        messages.success(request, _("PM terdaftar dengan nomor %(no)s.") % {"no": resident.registration_no})
        _show_nik_warnings(request, resident)
        return redirect("residents:detail", resident.pk)


class ResidentEditView(ResidentActionView):
    """The identity of a registered resident; a NIK that only partly agrees is saved with a warning."""

    form_class = ResidentForm
    title = gettext_lazy("Ubah data identitas")
    success_message = gettext_lazy("Data identitas tersimpan.")

    def allowed(self):
        return permissions.can_edit_resident(self.request.scope, self.resident)

    def get_form_kwargs(self):
        # A copy: a bound ModelForm writes its input onto its instance, and the page header
        # must keep showing the stored name when the input is refused.
        return {"instance": copy.copy(self.resident)}

    def perform(self, form):
        resident = services.resident_update(
            actor=self.request.user, resident=self.resident, data=form.resident_data()
        )
        _show_nik_warnings(self.request, resident)
