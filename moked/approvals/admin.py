"""Approvals in the admin site: read-only (decisions are taken through the services, so that each
is an event on the ticket); delegations may be looked at too."""

from django.contrib import admin

from .models import Approval, ApprovalStep, Approver, Delegation


class ReadOnlyAdmin(admin.ModelAdmin):
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Approval)
class ApprovalAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "status", "current_step", "started_at", "ended_at"]
    list_filter = ["status"]
    list_select_related = ["ticket"]


@admin.register(ApprovalStep)
class ApprovalStepAdmin(ReadOnlyAdmin):
    list_display = ["approval", "position", "rule", "status", "remind_at", "expire_at"]
    list_filter = ["status", "rule"]


@admin.register(Approver)
class ApproverAdmin(ReadOnlyAdmin):
    list_display = ["person", "step", "via", "decision", "decided_by", "decided_at"]
    list_filter = ["decision", "via"]
    list_select_related = ["person", "decided_by"]
    exclude = ["link_digest"]


@admin.register(Delegation)
class DelegationAdmin(ReadOnlyAdmin):
    list_display = ["person", "delegate", "starts_at", "ends_at"]
    list_select_related = ["person", "delegate"]
