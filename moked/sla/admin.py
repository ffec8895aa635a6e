from django.contrib import admin

from .models import SlaClock, SlaPolicy, SlaSegment


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "organisation",
        "priority",
        "service",
        "ticket_type",
        "first_response_minutes",
        "resolution_minutes",
        "is_active",
    ]
    list_filter = ["is_active", "priority", "organisation"]
    search_fields = ["name"]
    autocomplete_fields = ["organisation", "service", "escalation_group"]


class SegmentInline(admin.TabularInline):
    model = SlaSegment
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SlaClock)
class SlaClockAdmin(admin.ModelAdmin):
    """Read-only: clocks are the engine's record, kept from the tickets' timelines."""

    list_display = ["ticket", "kind", "sequence", "status", "target_minutes", "due_at", "breached_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["ticket"]
    inlines = [SegmentInline]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
