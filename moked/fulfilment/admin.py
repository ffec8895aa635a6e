from django.contrib import admin

from .models import ActionRun, Connector, Task


@admin.register(Connector)
class ConnectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "organisation", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    exclude = ["secret"]  # set through the API, never shown


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["ticket", "stage", "position", "group", "status", "done_at"]
    list_filter = ["status"]
    readonly_fields = [field.name for field in Task._meta.fields]

    def has_add_permission(self, request):
        return False  # made by start_fulfilment, completed through the API and the workspace


@admin.register(ActionRun)
class ActionRunAdmin(admin.ModelAdmin):
    list_display = ["ticket", "position", "connector_code", "action", "status", "attempts", "finished_at"]
    list_filter = ["status", "action"]
    readonly_fields = [field.name for field in ActionRun._meta.fields]

    def has_add_permission(self, request):
        return False  # the audit of what connectors did: written by fulfilment only

    def has_change_permission(self, request, obj=None):
        return False
