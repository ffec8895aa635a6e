from django.contrib import admin

from .models import Category, Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "criticality", "coverage", "service_model", "is_active"]
    list_filter = ["criticality", "coverage", "service_model", "is_active", "organisation"]
    search_fields = ["name", "organisation__name", "organisation__code"]
    autocomplete_fields = ["organisation"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "is_active"]
    list_filter = ["is_active", "organisation"]
    search_fields = ["name"]
    autocomplete_fields = ["organisation", "parent"]
