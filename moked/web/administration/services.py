"""Services and categories: each organisation's services (how the provider handles them: resolve
with a runbook, or catch and dispatch to the client's own team), and the category tree, shared or
one organisation's own."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from moked.catalog.models import Service
from moked.catalog.selectors import visible_categories, visible_services
from moked.catalog.services import create_category, create_service, update_category, update_service
from moked.people.selectors import visible_organisations

from ..common import refusals
from ..common.saving import attempt
from .access import admin_page
from .catalog_forms import CategoryForm, ServiceForm
from .listing import one_page

SECTION = (_("Services and categories"), "administration-services")
PAGE_SIZE = 100
SERVICE_FIELDS = list(ServiceForm.base_fields)
STATES = {"active": True, "inactive": False}


def _organisations(person):
    return list(visible_organisations(person).order_by("name"))


def _chosen(request, organisations):
    """The organisation `?organisation=` names among those the admin sees; None for all."""
    wanted = request.GET.get("organisation", "")
    return next((organisation for organisation in organisations if str(organisation.pk) == wanted), None)


def _list_of(name, organisation) -> str:
    """The address of a list, showing `organisation`'s rows when there is one."""
    query = f"?{urlencode({'organisation': organisation.pk})}" if organisation else ""
    return reverse(name) + query


@admin_page
def service_list(request):
    organisations = _organisations(request.user)
    chosen = _chosen(request, organisations)
    services = visible_services(request.user).order_by("organisation__name", "name", "pk")
    if chosen:
        services = services.filter(organisation=chosen)
    state = request.GET.get("state", "")
    if state in STATES:
        services = services.filter(is_active=STATES[state])
    page, others = one_page(request, services, PAGE_SIZE)
    context = {
        "page": page,
        "others": others,
        "organisations": organisations,
        "chosen": chosen,
        "state": state,
        "catch_and_dispatch": Service.ServiceModel.CATCH_AND_DISPATCH,
    }
    return render(request, "web/administration/services_list.html", context)


@admin_page
def service_new(request):
    organisations = _organisations(request.user)
    initial = {
        "organisation": request.GET.get("organisation", ""),
        "criticality": Service.Criticality.NORMAL,
        "coverage": Service.Coverage.BUSINESS_HOURS,
        "service_model": Service.ServiceModel.RESOLVE,
    }
    form = ServiceForm(request.POST or None, initial=initial, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        fields = form.cleaned_data
        if attempt(request, lambda: create_service(request.user, **fields), form):
            return redirect(_list_of("administration-services", fields["organisation"]))
    return _service_page(request, form, None)


@admin_page
def service_edit(request, pk):
    service = visible_services(request.user).filter(pk=pk).first()
    if service is None:
        raise Http404
    initial = {field: getattr(service, field) for field in SERVICE_FIELDS}
    form = ServiceForm(request.POST or None, initial=initial, service=service)
    if request.method == "POST" and form.is_valid():
        if attempt(request, lambda: update_service(request.user, service, dict(form.cleaned_data)), form):
            return redirect(_list_of("administration-services", service.organisation))
    return _service_page(request, form, service)


def _service_page(request, form, service):
    context = {"form": form, "service": service, "refusals": refusals.pop(request)}
    return render(request, "web/administration/services_form.html", context)


@admin_page
def category_list(request):
    organisations = _organisations(request.user)
    chosen = _chosen(request, organisations)
    categories = visible_categories(request.user).order_by("path", "pk")
    if chosen:
        categories = categories.filter(Q(organisation__isnull=True) | Q(organisation=chosen))
    page, others = one_page(request, categories, PAGE_SIZE)
    context = {"page": page, "others": others, "organisations": organisations, "chosen": chosen}
    return render(request, "web/administration/services_categories.html", context)


@admin_page
def category_new(request):
    form = CategoryForm(
        request.POST or None,
        initial={"organisation": request.GET.get("organisation", ""), "is_active": True},
        organisations=_organisations(request.user),
        parents=visible_categories(request.user).order_by("path"),
    )
    if request.method == "POST" and form.is_valid():
        fields = form.cleaned_data
        if attempt(request, lambda: create_category(request.user, **fields), form):
            return redirect(_list_of("administration-categories", fields["organisation"]))
    return _category_page(request, form, None)


@admin_page
def category_edit(request, pk):
    category = visible_categories(request.user).filter(pk=pk).first()
    if category is None:
        raise Http404
    initial = {
        "organisation": str(category.organisation_id or ""),
        "parent": str(category.parent_id or ""),
        "name": category.name,
        "is_active": category.is_active,
    }
    form = CategoryForm(
        request.POST or None,
        initial=initial,
        organisations=_organisations(request.user),
        parents=visible_categories(request.user).exclude(pk=category.pk).order_by("path"),
    )
    if request.method == "POST" and form.is_valid():
        if attempt(request, lambda: update_category(request.user, category, dict(form.cleaned_data)), form):
            return redirect(_list_of("administration-categories", form.cleaned_data["organisation"]))
    return _category_page(request, form, category)


def _category_page(request, form, category):
    context = {"form": form, "category": category, "refusals": refusals.pop(request)}
    return render(request, "web/administration/services_category.html", context)


urlpatterns = [
    path("services/", service_list, name="administration-services"),
    path("services/new/", service_new, name="administration-service-new"),
    path("services/<int:pk>/", service_edit, name="administration-service"),
    path("categories/", category_list, name="administration-categories"),
    path("categories/new/", category_new, name="administration-category-new"),
    path("categories/<int:pk>/", category_edit, name="administration-category"),
]
