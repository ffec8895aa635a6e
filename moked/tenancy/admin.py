from django.contrib import admin

from .models import EmailDomain, Organisation


class EmailDomainInline(admin.TabularInline):
    model = EmailDomain
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "country", "language", "timezone", "status"]
    list_filter = ["status", "country", "language"]
    search_fields = ["name", "code", "email_domains__domain"]
    inlines = [EmailDomainInline]


@admin.register(EmailDomain)
class EmailDomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "organisation"]
    search_fields = ["domain"]
    autocomplete_fields = ["organisation"]
