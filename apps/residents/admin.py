"""Read-mostly admin for residents. Nothing about a person is deleted here (no delete
permission anywhere); cases, placements and events are read-only because their rules
(capacity, one placement at a time, termination) live in services.py."""

from django import forms
from django.contrib import admin

from .models import (
    AccessLog,
    Case,
    Consent,
    Document,
    FamilyMember,
    Placement,
    RegistrationCounter,
    Resident,
    ResidentEvent,
)
from .nik import check_nik, normalize_nik
from .services import RESIDENT_FIELDS

_STAMPS = ["created_at", "updated_at", "created_by", "updated_by"]


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyMixin(NoDeleteMixin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ResidentAdminForm(forms.ModelForm):
    class Meta:
        model = Resident
        fields = ["registered_at", *RESIDENT_FIELDS]

    def clean_nik(self):
        return normalize_nik(self.cleaned_data.get("nik")) or None

    def clean(self):
        cleaned = super().clean()
        nik = cleaned.get("nik")
        if nik:
            check = check_nik(
                nik,
                birth_date=cleaned.get("birth_date"),
                sex=cleaned.get("sex"),
                birth_date_estimated=cleaned.get("birth_date_estimated", False),
            )
            for error in check.errors:
                self.add_error("nik", error)
        return cleaned


class FamilyMemberInline(NoDeleteMixin, admin.TabularInline):
    model = FamilyMember
    fields = ["name", "relationship", "is_guardian", "nik", "phone", "address"]
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

    def has_add_permission(self, request):
        # Registration numbers and the duplicate check come from services.resident_register.
        return False

    def save_model(self, request, obj, form, change):
        obj.stamp(request.user)
        super().save_model(request, obj, form, change)


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
