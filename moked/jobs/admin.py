from django.contrib import admin

from .models import FailedTask


@admin.register(FailedTask)
class FailedTaskAdmin(admin.ModelAdmin):
    list_display = ["task", "failed_at", "error"]
    readonly_fields = ["task", "task_id", "arguments", "error", "traceback", "retries", "failed_at"]
    search_fields = ["task", "error"]

    def has_add_permission(self, request):
        return False  # only the worker records failures
