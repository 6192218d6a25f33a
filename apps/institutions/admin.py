from django.contrib import admin

from apps.core.forms import PhoneField

from .models import Institution, Membership, WelfareCategory


@admin.register(WelfareCategory)
class WelfareCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "cluster", "sort_order"]
    list_filter = ["cluster"]
    search_fields = ["code", "name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    autocomplete_fields = ["user"]
    fields = ["user", "role"]
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "kind",
        "operator",
        "region",
        "capacity",
        "accreditation_grade",
        "is_active",
    ]
    list_filter = ["kind", "operator", "is_active", "accreditation_grade", "categories"]
    search_fields = ["code", "name", "region__name"]
    autocomplete_fields = ["region"]
    filter_horizontal = ["categories"]
    list_select_related = ["region"]
    readonly_fields = ["created_at", "updated_at", "created_by", "updated_by"]
    inlines = [MembershipInline]
    ordering = ["name"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "phone":  # the one phone rule, stored normalised
            return PhoneField(label=db_field.verbose_name, required=False)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        obj.stamp(request.user)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for instance in formset.save(commit=False):
            instance.stamp(request.user)
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "institution", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "institution__name", "institution__code"]
    autocomplete_fields = ["user", "institution"]
    list_select_related = ["user", "institution"]
