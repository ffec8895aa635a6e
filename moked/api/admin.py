from django.contrib import admin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "person", "name", "created_at", "last_used_at"]
    search_fields = ["prefix", "person__username", "name"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    autocomplete_fields = ["person"]

    def has_add_permission(self, request):
        return False  # keys are shown once: create them with `moked create-token`
