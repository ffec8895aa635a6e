from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "subject", "ticket", "created_at", "sent_at", "read_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient", "ticket"]
    search_fields = ["subject", "recipient__name"]
    show_full_result_count = False
