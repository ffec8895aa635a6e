from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from . import quarantine
from .models import InboundMessage, Mailbox, OutboundMessage


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin):
    list_display = ["address", "organisation", "is_active", "imap_host", "imap_polled_at", "imap_error"]
    list_filter = ["is_active", "organisation"]
    search_fields = ["address", "organisation__name"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["imap_uidvalidity", "imap_last_uid", "imap_polled_at", "imap_error"]
    exclude = ["imap_password"]  # never shown back: set on the mailbox page (/desk/administration/mailboxes/)


@admin.action(description=_("Process again"))
def process_again(modeladmin, request, queryset):
    for message in queryset:
        try:
            result = quarantine.process_again(request.user, message)
        except ValidationError as refusal:
            modeladmin.message_user(request, f"#{message.pk}: {' '.join(refusal.messages)}", messages.WARNING)
            continue
        except PermissionDenied as refusal:
            modeladmin.message_user(request, f"#{message.pk}: {refusal}", messages.WARNING)
            continue
        modeladmin.message_user(
            request, f"#{message.pk}: {result.outcome} {result.ticket or ''} {result.reason}", messages.INFO
        )


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    """The record of every message received; quarantined ones can be processed again."""

    list_display = ["received_at", "sender", "subject", "mailbox", "outcome", "ticket", "reason"]
    list_filter = ["outcome", "source", "status", "mailbox"]
    search_fields = ["sender", "subject", "message_id"]
    list_select_related = ["mailbox", "ticket"]
    actions = [process_again]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipients", "subject", "kind", "status", "attempts", "last_error"]
    list_filter = ["status", "kind"]
    search_fields = ["subject", "message_id"]
    list_select_related = ["ticket"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
