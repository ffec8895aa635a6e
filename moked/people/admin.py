from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ClientGroup, Person, SupportGroup


@admin.register(Person)
class PersonAdmin(UserAdmin):
    list_display = ["username", "name", "email", "role", "organisation", "tier", "is_active"]
    list_filter = ["role", "tier", "is_active", "organisation"]
    search_fields = ["username", "name", "email", "phone"]
    ordering = ["name"]
    autocomplete_fields = ["organisation", "manager"]
    filter_horizontal = ["organisations"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["name", "email", "phone", "language", "timezone"]}),
        (
            _("Role"),
            {
                "fields": [
                    "role",
                    "organisation",
                    "manager",
                    "tier",
                    "organisations",
                    "is_service_manager",
                    "is_active",
                ]
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "fields": [
                    "username",
                    "name",
                    "email",
                    "role",
                    "organisation",
                    "tier",
                    "password1",
                    "password2",
                ]
            },
        ),
    ]


@admin.register(SupportGroup)
class SupportGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "tier", "email", "is_active"]
    list_filter = ["tier", "is_active"]
    search_fields = ["name"]
    filter_horizontal = ["members", "leads"]


@admin.register(ClientGroup)
class ClientGroupAdmin(admin.ModelAdmin):
    """A client organisation's groups: who may request a catalogue item, who approves a step."""

    list_display = ["name", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "organisation__name", "organisation__code"]
    autocomplete_fields = ["organisation", "members"]
