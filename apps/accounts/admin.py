from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import SupervisorScope, User


class SupervisorScopeInline(admin.TabularInline):
    model = SupervisorScope
    autocomplete_fields = ["region"]
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [SupervisorScopeInline]
    list_display = ["username", "first_name", "last_name", "is_active", "is_superuser"]
