from django.contrib import admin

from .models import AutoClosePolicy, EmailTemplate, Macro, Rule


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "trigger", "position", "is_active"]
    list_filter = ["trigger", "is_active", "organisation"]
    search_fields = ["name", "description"]


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "subject"]
    search_fields = ["name", "subject"]


@admin.register(Macro)
class MacroAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "is_active"]
    list_filter = ["is_active", "organisation"]
    search_fields = ["name", "reply"]


@admin.register(AutoClosePolicy)
class AutoClosePolicyAdmin(admin.ModelAdmin):
    list_display = [
        "organisation",
        "remind_after_business_days",
        "close_after_business_days",
        "close_resolved_after_days",
    ]
