"""Master data (programmes, course types, readiness criteria) and budget lines are kept
here by administrators. Money paid out and the track records are read-only: their rules
live in the services."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.formatting import rupiah

from .models import (
    BudgetLine,
    Business,
    Course,
    CourseType,
    Disbursement,
    KubeGroup,
    Programme,
    ReadinessCriterion,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["code", "name", "sort_order", "is_active"]

    def clean_code(self):
        return self.cleaned_data["code"].strip().lower()


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    form = ProgrammeForm
    list_display = ["code", "name", "sort_order", "is_active"]
    ordering = ["sort_order", "code"]


@admin.register(CourseType)
class CourseTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "sort_order", "is_active"]
    ordering = ["sort_order", "code"]


@admin.register(ReadinessCriterion)
class ReadinessCriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "weight", "required", "sort_order", "is_active"]
    ordering = ["sort_order", "id"]


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["fiscal_year", "code", "programme", "institution", "name", "allocation"]

    def clean(self):
        cleaned = super().clean()
        line = self.instance
        if line.pk and cleaned.get("allocation") is not None and cleaned["allocation"] < line.disbursed:
            self.add_error(
                "allocation", _("Pagu tidak boleh di bawah realisasi %(d)s.") % {"d": rupiah(line.disbursed)}
            )
        if line.pk and line.disbursed and cleaned.get("fiscal_year") != line.fiscal_year:
            self.add_error(
                "fiscal_year", _("Tahun anggaran mata anggaran yang sudah dibelanjakan tidak dapat diubah.")
            )
        return cleaned


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    form = BudgetLineForm
    list_display = ["fiscal_year", "code", "programme", "institution", "name", "allocation", "disbursed"]
    list_filter = ["fiscal_year", "programme"]
    list_select_related = ["programme", "institution"]
    search_fields = ["code", "name"]
    raw_id_fields = ["institution"]
    readonly_fields = ["disbursed"]

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.disbursed

    def save_model(self, request, obj, form, change):
        obj.stamp(request.user)
        super().save_model(request, obj, form, change)


@admin.register(Disbursement)
class DisbursementAdmin(ReadOnlyAdmin):
    list_display = ["paid_on", "line", "kind", "amount", "institution", "resident", "group"]
    list_filter = ["kind", "line__fiscal_year"]
    list_select_related = ["line", "institution", "resident", "group"]


@admin.register(Course)
class CourseAdmin(ReadOnlyAdmin):
    list_display = ["title", "institution", "course_type", "starts_on", "ends_on"]
    list_select_related = ["institution", "course_type"]


@admin.register(Business)
class BusinessAdmin(ReadOnlyAdmin):
    list_display = ["business_type", "resident", "group", "institution", "started_on"]
    list_select_related = ["resident", "group", "institution"]


@admin.register(KubeGroup)
class KubeGroupAdmin(ReadOnlyAdmin):
    list_display = ["name", "business_type", "institution", "region", "formed_on"]
    list_select_related = ["institution", "region"]
