from django.contrib import admin

from moked.people.models import STAFF_ROLES

from .models import Absence, AgentProfile, GroupAssignment


class _StaffOnly:
    """Only the provider's staff take tickets: offer no one else."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "person":
            kwargs["queryset"] = db_field.related_model.objects.filter(role__in=STAFF_ROLES)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(GroupAssignment)
class GroupAssignmentAdmin(admin.ModelAdmin):
    list_display = ["group", "strategy", "last_assigned"]
    list_filter = ["strategy"]
    list_select_related = ["group", "last_assigned"]
    readonly_fields = ["last_assigned"]
    search_fields = ["group__name"]


@admin.register(AgentProfile)
class AgentProfileAdmin(_StaffOnly, admin.ModelAdmin):
    list_display = ["person", "skills", "calendar"]
    list_select_related = ["person", "calendar"]
    search_fields = ["person__name", "person__username"]


@admin.register(Absence)
class AbsenceAdmin(_StaffOnly, admin.ModelAdmin):
    list_display = ["person", "starts_at", "ends_at", "reason"]
    list_filter = ["person"]
    list_select_related = ["person"]
    date_hierarchy = "starts_at"
    search_fields = ["person__name", "reason"]
