"""Read-mostly admin for residents. Nothing about a person is deleted here (no delete
permission anywhere). Residents and their family are written through the services
(``resident_register``, ``resident_update``, ``family_member_add``,
``family_member_update``) with the administrator as the actor, so the same rules (the
NIK check, duplicates) apply and the audit history knows who; their refusals show as
form errors. Cases, placements and events are read-only: their rules (capacity, one
placement at a time, termination) live in the services and their pages."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.errors import DomainError
from apps.core.forms import PhoneField

from . import services
from .models import (
    AccessLog,
    Case,
    Consent,
    Document,
    FamilyMember,
    OverCapacityRequest,
    Placement,
    Referral,
    RegistrationCounter,
    Resident,
    ResidentEvent,
)
from .nik import normalize_nik

_STAMPS = ["created_at", "updated_at", "created_by", "updated_by"]


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyMixin(NoDeleteMixin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _nik_field():
    # Typed with spaces or dots as on the card; the services normalise and check it.
    return forms.CharField(label=_("NIK"), required=False, max_length=24)


def add_service_error(form, error: DomainError) -> None:
    """A service's refusal as errors of ``form``: on its fields where it names them."""
    field_errors = getattr(error, "errors", None) or {}
    for name, messages in field_errors.items():
        form.add_error(name if name in form.fields else None, messages)
    if not field_errors:
        form.add_error(None, error.message)


class ResidentAdminForm(forms.ModelForm):
    """The admin's resident form: the services' checks run in ``clean``, so a refusal is a
    form error; ``ResidentAdmin.save_model`` then writes through the service."""

    actor = None  # the request's user, set by ResidentAdmin.get_form
    nik = _nik_field()
    allow_duplicates = forms.BooleanField(
        label=_("Tetap daftarkan walau mirip PM lain"),
        required=False,
        help_text=_("Hanya saat menambah PM: centang setelah memeriksa data yang mirip."),
    )

    class Meta:
        model = Resident
        fields = ["registered_at", *services.RESIDENT_FIELDS]

    def clean_nik(self):
        return normalize_nik(self.cleaned_data.get("nik")) or None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        # The photo is not checked by the services; an upload is not data to compare here.
        data = {name: cleaned[name] for name in services.RESIDENT_FIELDS if name in cleaned}
        data.pop("photo", None)
        try:
            services.resident_check(
                actor=self.actor,
                data=data,
                resident=self.instance if self.instance.pk else None,
                institution=cleaned.get("registered_at"),
                allow_duplicates=cleaned.get("allow_duplicates", False),
            )
        except services.DuplicateSuspected as suspected:
            found = ", ".join(f"{m.registration_no} {m.full_name}" for m in suspected.matches.visible)
            self.add_error(None, f"{suspected.message} {found}".strip())
        except DomainError as error:
            add_service_error(self, error)
        return cleaned

    # The services check the NIK's uniqueness and the constraints, with clearer messages.
    def validate_unique(self):
        pass

    def validate_constraints(self):
        pass


class FamilyMemberAdminForm(forms.ModelForm):
    nik = _nik_field()
    phone = PhoneField(label=_("telepon"), required=False)

    class Meta:
        model = FamilyMember
        fields = list(services.FAMILY_FIELDS)

    def clean_nik(self):
        return normalize_nik(self.cleaned_data.get("nik"))

    def clean(self):
        cleaned = super().clean()
        if self.errors or not self.has_changed():
            return cleaned
        try:
            services.family_member_check(data={name: cleaned.get(name) for name in services.FAMILY_FIELDS})
        except DomainError as error:
            add_service_error(self, error)
        return cleaned


class FamilyMemberInline(NoDeleteMixin, admin.TabularInline):
    model = FamilyMember
    form = FamilyMemberAdminForm
    fields = list(services.FAMILY_FIELDS)
    extra = 0


class ConsentInline(ReadOnlyMixin, admin.TabularInline):
    model = Consent
    fields = ["given_on", "given_by", "scope", "created_by"]
    readonly_fields = fields
    extra = 0


class DocumentInline(ReadOnlyMixin, admin.TabularInline):
    model = Document
    fields = ["kind", "content_type", "size", "description", "created_at", "created_by"]
    readonly_fields = fields
    extra = 0


class PlacementInline(ReadOnlyMixin, admin.TabularInline):
    model = Placement
    fields = [
        "institution",
        "period",
        "room",
        "end_reason",
        "over_capacity_approved_by",
        "over_capacity_reason",
    ]
    readonly_fields = fields
    extra = 0


@admin.register(Resident)
class ResidentAdmin(NoDeleteMixin, admin.ModelAdmin):
    form = ResidentAdminForm
    list_display = ["registration_no", "full_name", "sex", "birth_date", "registered_at", "welfare_category"]
    list_filter = ["sex", "birth_date_estimated", "welfare_category", "religion", "education"]
    list_select_related = ["registered_at", "welfare_category"]
    search_fields = ["registration_no", "full_name", "nickname", "=nik"]
    autocomplete_fields = ["registered_at", "origin_village", "welfare_category"]
    readonly_fields = ["registration_no", *_STAMPS]
    inlines = [FamilyMemberInline, PlacementInline, ConsentInline, DocumentInline]
    ordering = ["-id"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        # The registering institution is set once, by registration (services.resident_register).
        if obj is not None:
            return [*self.readonly_fields, "registered_at"]
        return self.readonly_fields

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if obj is None else [name for name in fields if name != "allow_duplicates"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user  # a class made for this request by modelform_factory
        return form

    def save_model(self, request, obj, form, change):
        # ``obj`` carries the form's values (files included); the service compares and writes.
        data = {name: getattr(obj, name) for name in services.RESIDENT_FIELDS}
        if change:
            services.resident_update(actor=request.user, resident=obj, data=data)
            return
        saved = services.resident_register(
            actor=request.user,
            institution=obj.registered_at,
            data=data,
            allow_duplicates=form.cleaned_data.get("allow_duplicates", False),
        )
        # The inlines and the admin's log point at ``obj``: make it the registered row.
        obj.pk = saved.pk
        obj.refresh_from_db()
        obj._state.adding = False

    def save_formset(self, request, form, formset, change):
        if formset.model is not FamilyMember:
            return super().save_formset(request, form, formset, change)
        for member in formset.save(commit=False):
            data = {name: getattr(member, name) for name in services.FAMILY_FIELDS}
            if member.pk is None:
                services.family_member_add(actor=request.user, resident=form.instance, data=data)
            else:
                services.family_member_update(actor=request.user, member=member, data=data)


@admin.register(Case)
class CaseAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["resident", "institution", "opened_on", "stage", "closed_on", "termination_reason"]
    list_filter = ["stage", "termination_reason", "referral_source"]
    list_select_related = ["resident", "institution"]
    search_fields = ["resident__registration_no", "resident__full_name", "referral_letter_no"]
    date_hierarchy = "opened_on"
    ordering = ["-id"]


@admin.register(Placement)
class PlacementAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["resident", "institution", "period", "room", "end_reason", "over_capacity_approved_by"]
    list_filter = ["end_reason"]
    list_select_related = ["resident", "institution", "over_capacity_approved_by"]
    search_fields = ["resident__registration_no", "resident__full_name", "institution__code"]
    ordering = ["-id"]


@admin.register(ResidentEvent)
class ResidentEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["resident", "kind", "occurred_on", "expected_return_on", "returned_on"]
    list_filter = ["kind"]
    list_select_related = ["resident"]
    search_fields = ["resident__registration_no", "resident__full_name"]
    date_hierarchy = "occurred_on"
    ordering = ["-id"]


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["at", "user", "action", "resident"]
    list_filter = ["action"]
    list_select_related = ["user", "resident"]
    search_fields = ["user__username", "resident__registration_no"]
    date_hierarchy = "at"
    ordering = ["-at"]


@admin.register(RegistrationCounter)
class RegistrationCounterAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["institution", "year", "last_serial"]
    list_select_related = ["institution"]
    search_fields = ["institution__code"]
    ordering = ["institution__code", "-year"]


# Referrals and over-capacity requests are answered on the pages, through their services
# (a transfer is only made by accepting a referral); the admin reads them.
@admin.register(Referral)
class ReferralAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["resident", "from_institution", "to_institution", "proposed_on", "status", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["resident", "from_institution", "to_institution", "decided_by"]
    search_fields = [
        "resident__registration_no",
        "letter_no",
        "to_institution__code",
        "from_institution__code",
    ]
    ordering = ["-id"]


@admin.register(OverCapacityRequest)
class OverCapacityRequestAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["resident", "institution", "kind", "on", "status", "created_by", "decided_by"]
    list_filter = ["status", "kind"]
    list_select_related = ["resident", "institution", "created_by", "decided_by"]
    search_fields = ["resident__registration_no", "institution__code"]
    ordering = ["-id"]
