"""Master data an administrator keeps without code: assessment instruments (domains and
questions), ATENSI components and service types. Case records are read-only here: they are
written through the services, with the actor, and audited."""

from django.contrib import admin

from .models import (
    Domain,
    FollowUpVisit,
    Instrument,
    NoteAccess,
    PlanVersion,
    Question,
    ServiceComponent,
    ServiceType,
    StageChange,
)


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 1
    show_change_link = True


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 1


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "repeat_months", "is_active"]
    list_filter = ["is_active"]
    filter_horizontal = ["welfare_categories"]
    inlines = [DomainInline]
    search_fields = ["code", "name"]


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["name", "instrument", "order"]
    list_filter = ["instrument"]
    inlines = [QuestionInline]


@admin.register(ServiceComponent)
class ServiceComponentAdmin(admin.ModelAdmin):
    list_display = ["order", "code", "name"]
    ordering = ["order"]


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "component", "is_active"]
    list_filter = ["component", "is_active"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StageChange)
class StageChangeAdmin(ReadOnlyAdmin):
    list_display = ["case", "from_stage", "to_stage", "changed_on", "created_by"]


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyAdmin):
    list_display = ["case", "number", "status", "review_on"]
    list_filter = ["status"]


@admin.register(FollowUpVisit)
class FollowUpVisitAdmin(ReadOnlyAdmin):
    list_display = ["case", "months", "visited_on", "outcome"]


@admin.register(NoteAccess)
class NoteAccessAdmin(ReadOnlyAdmin):
    list_display = ["note", "user", "at", "reason"]
