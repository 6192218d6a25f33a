from django.contrib import admin

from .models import FollowUpPlan, SurveyResponse


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["id", "institution", "submitted_on", "channel", "sex", "age", "service"]
    list_filter = ["channel", "submitted_on", "service"]
    search_fields = ["institution__code", "institution__name"]
    list_select_related = ["institution"]
    raw_id_fields = ["institution", "entered_by"]
    date_hierarchy = "submitted_on"


@admin.register(FollowUpPlan)
class FollowUpPlanAdmin(admin.ModelAdmin):
    list_display = ["institution", "period", "element", "due_on", "reviewed_at"]
    list_filter = ["period", "element"]
    search_fields = ["institution__code", "institution__name"]
    list_select_related = ["institution"]
    raw_id_fields = ["institution", "reviewed_by", "created_by", "updated_by"]
