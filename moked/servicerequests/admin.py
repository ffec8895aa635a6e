import json

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .models import CatalogItem, RequestForm, ServiceRequest


class RequestFormInline(admin.TabularInline):
    """The item's form versions, read only: a version is never edited (a new one is written)."""

    model = RequestForm
    extra = 0
    can_delete = False
    fields = ["version", "created_at", "created_by", "shown_fields"]
    readonly_fields = fields
    ordering = ["-version"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("fields"))
    def shown_fields(self, form):
        return ", ".join(f"{field['key']} ({field['type']})" for field in form.fields)


class CatalogItemForm(forms.ModelForm):
    new_form = forms.JSONField(
        label=_("new form version"),
        required=False,
        help_text=_("The form's fields as JSON (see the documentation): a new version when it differs."),
    )

    class Meta:
        model = CatalogItem
        fields = list(services.ITEM_FIELDS)

    def _post_clean(self):
        super()._post_clean()  # the instance now holds what was given
        if self.errors:
            return
        new_form = self.cleaned_data.get("new_form")
        if new_form in ("", []):
            new_form = None
        problems = services.item_problems(
            self.instance, groups=self.cleaned_data.get("groups"), form=new_form
        )
        if new_form is not None:
            try:
                services.check_form_fields(new_form)
            except ValidationError as error:
                problems["new_form"] = error.messages
        for name, text in problems.items():
            self.add_error(name if name in self.fields else None, text)


@admin.register(CatalogItem)
class CatalogItemAdmin(admin.ModelAdmin):
    """Items checked as the API checks them (services.item_problems); a form is changed by giving
    a new version, which the item's requests from then on use."""

    form = CatalogItemForm
    list_display = ["code", "__str__", "organisation", "service", "audience", "is_active"]
    list_filter = ["is_active", "audience", "organisation"]
    search_fields = ["code", "name", "description"]
    autocomplete_fields = ["organisation", "service", "category", "fulfilment_group"]
    filter_horizontal = ["groups"]
    inlines = [RequestFormInline]

    def has_add_permission(self, request):
        return request.user.is_admin

    def has_change_permission(self, request, obj=None):
        return request.user.is_admin

    def save_model(self, request, obj, form, change):
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        new_form = form.cleaned_data.get("new_form")
        if new_form not in (None, "", []):
            services.new_form_version(request.user, form.instance, new_form)


@admin.register(ServiceRequest)
class ServiceRequestAdmin(admin.ModelAdmin):
    list_display = ["ticket", "item", "requested_by", "requested_for", "created_at"]
    list_filter = ["item"]
    fields = ["ticket", "item", "form", "requested_by", "requested_for", "created_at", "shown_answers"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("answers"))
    def shown_answers(self, service_request):
        return json.dumps(service_request.answers, ensure_ascii=False, indent=1)
