from django.contrib import admin

from .models import Calendar, CalendarException


class CalendarExceptionInline(admin.TabularInline):
    model = CalendarException
    extra = 1


@admin.register(Calendar)
class CalendarAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "timezone", "country", "always_open"]
    list_filter = ["always_open", "country"]
    search_fields = ["name", "organisation__name"]
    inlines = [CalendarExceptionInline]
