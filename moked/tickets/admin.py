"""Tickets in Django's admin are read-only: every change must go through the services, which record
it on the ticket's timeline (use the API or the agent pages)."""

from django.contrib import admin

from .models import Attachment, Comment, Escalation, Ticket, TicketEvent, TicketSequence, TicketTag


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TagInline(ReadOnlyInline):
    model = TicketTag


class CommentInline(ReadOnlyInline):
    model = Comment
    fields = ["created_at", "author", "is_public", "channel", "body"]


class EventInline(ReadOnlyInline):
    model = TicketEvent
    fields = ["at", "actor", "channel", "kind", "field", "old_value", "new_value", "old_label", "new_label"]


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = [
        "reference",
        "subject",
        "organisation",
        "status",
        "priority",
        "group",
        "assignee",
        "created_at",
    ]
    list_filter = ["status", "priority", "ticket_type", "channel", "organisation", "group"]
    search_fields = ["subject", "number"]
    date_hierarchy = "created_at"
    list_select_related = ["organisation", "group", "assignee"]
    inlines = [TagInline, CommentInline, EventInline]
    show_full_result_count = False  # counting a million rows on every page is not worth it


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "author", "is_public", "channel", "created_at"]
    list_select_related = ["ticket", "author"]
    list_filter = ["is_public", "channel"]
    show_full_result_count = False


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["filename", "ticket", "size", "content_type", "is_public", "created_at"]
    list_select_related = ["ticket"]
    show_full_result_count = False


@admin.register(TicketEvent)
class TicketEventAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "at", "actor", "kind", "field", "old_value", "new_value", "channel"]
    list_filter = ["kind", "channel"]
    list_select_related = ["ticket", "actor"]
    show_full_result_count = False


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
    list_display = ["ticket", "kind", "from_tier", "to_tier", "to_group", "to_person", "at"]
    list_filter = ["kind"]
    list_select_related = ["ticket", "to_group", "to_person"]


@admin.register(TicketSequence)
class TicketSequenceAdmin(ReadOnlyAdmin):
    list_display = ["ticket_type", "last_number"]


@admin.register(TicketTag)
class TicketTagAdmin(ReadOnlyAdmin):
    list_display = ["name", "ticket"]
    search_fields = ["name"]
