from django.contrib import admin

from .models import SiteFlag


@admin.register(SiteFlag)
class SiteFlagAdmin(admin.ModelAdmin):
    list_display = ["key", "value", "set_at"]
