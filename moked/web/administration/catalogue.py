"""The service catalogue: each organisation's items and the shared ones, and an item's page (its
texts in four languages, who may request it, its form, approval chain and fulfilment plan as JSON,
the form's versions with how many requests each was used for, a preview of the form, and a dry
run of the plan). Everything is written by moked.servicerequests.services; a plan is tried by
moked.fulfilment.services.dry_run_plan, which changes nothing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from moked.catalog.selectors import visible_categories, visible_services
from moked.fulfilment.services import dry_run_plan
from moked.fulfilment.wording import action_label
from moked.multilingual import in_language
from moked.people.models import CLIENT_ROLES
from moked.people.selectors import (
    visible_client_groups,
    visible_groups,
    visible_organisations,
    visible_people,
)
from moked.servicerequests import selectors, services
from moked.servicerequests.models import Audience, CatalogItem
from moked.servicerequests.texts import matches

from ..common import refusals
from ..common.catalogue_forms import answers_form
from .access import admin_page
from .catalogue_item_form import DryRunForm, ItemForm, as_json, initial_of
from .listing import one_page

SECTION = (gettext_lazy("Service catalogue"), "administration-catalogue")
PAGE_SIZE = 100
SHARED = "shared"
STATES = {"active": True, "inactive": False}
DRY_RUN_PEOPLE = 200  # offered as suggestions; any user name of the organisation may be typed


def _organisations(person):
    return list(visible_organisations(person).order_by("name"))


@admin_page
def item_list(request):
    organisations = _organisations(request.user)
    wanted = request.GET.get("organisation", "")
    chosen = next((o for o in organisations if str(o.pk) == wanted), None)
    items = selectors.configurable_items(request.user).annotate(requests_made=Count("requests"))
    if wanted == SHARED:
        items = items.filter(organisation__isnull=True)
    elif chosen is not None:
        items = items.filter(Q(organisation=chosen) | Q(organisation__isnull=True))
    state = request.GET.get("state", "")
    if state in STATES:
        items = items.filter(is_active=STATES[state])
    audience = request.GET.get("audience", "")
    if audience in Audience.values:
        items = items.filter(audience=audience)
    query = request.GET.get("q", "").strip()[:200]
    if query:
        found = [
            pk
            for pk, code, name, description in items.values_list("pk", "code", "name", "description")
            if matches(query, code, name, description)
        ]
        items = items.filter(pk__in=found)
    items = items.order_by("organisation__name", "code", "pk")
    page, others = one_page(request, items, PAGE_SIZE)
    language = request.LANGUAGE_CODE
    for item in page:
        item.shown_name = in_language(item.name, language)
    context = {
        "page": page,
        "others": others,
        "organisations": organisations,
        "wanted": wanted,
        "shared": SHARED,
        "state": state,
        "audience": audience,
        "audiences": Audience.choices,
        "query": query,
    }
    return render(request, "web/administration/catalogue_list.html", context)


def _item_form(request, item, current_fields):
    person = request.user
    return ItemForm(
        request.POST or None,
        initial=initial_of(item, current_fields),
        organisations=_organisations(person),
        services=visible_services(person).order_by("organisation__name", "name"),
        categories=visible_categories(person).order_by("path"),
        client_groups=visible_client_groups(person).order_by("organisation__name", "name"),
        support_groups=visible_groups(person).filter(is_active=True).order_by("name"),
    )


@admin_page
def item_new(request):
    return _edit(request, None)


@admin_page
def item_edit(request, pk):
    item = selectors.configurable_items(request.user).filter(pk=pk).first()
    if item is None:
        raise Http404
    return _edit(request, item)


def _edit(request, item: CatalogItem | None):
    current = item.current_form() if item is not None else None
    form = _item_form(request, item, current.fields if current else None)
    if item is not None:
        del form.fields["organisation"]  # an item stays with its organisation: past requests name it
    dry = DryRunForm(request.POST if request.POST.get("action") == "dry_run" else None)
    outcome = None
    if request.method == "POST" and request.POST.get("action") == "dry_run":
        outcome = _dry_run(request, item, dry)
    elif request.method == "POST" and form.is_valid():
        saved = _save(request, form, item, current)
        if saved is not None:
            return redirect(_address(saved))
    return _page(request, form, item, dry, outcome)


def _address(item: CatalogItem) -> str:
    return reverse("administration-catalogue-item", args=[item.pk])


def _save(request, form: ItemForm, item: CatalogItem | None, current) -> CatalogItem | None:
    """Save through save_item; every problem (the form's, the chain's, the plan's, the other
    fields') beside its box, and nothing saved then."""
    fields = form.item_fields()
    given = typed = form.cleaned_data["form_fields"]
    problems: dict = {}
    if given is not None:
        try:
            given = services.check_form_fields(given)
        except ValidationError as refusal:
            problems.update(refusal.message_dict)
    if given is not None and current is not None and given == current.fields:
        given = None  # unchanged: no new version
    if problems:  # the form is wrong: say what else is, without saving anything
        problems = {**_item_problems(item, fields, typed), **problems}
        form.place(problems)
        return None
    try:
        return services.save_item(request.user, item, form=given, **fields)
    except ValidationError as refusal:
        form.place(refusal.message_dict if hasattr(refusal, "error_dict") else {None: refusal.messages})
    except PermissionDenied as refusal:
        form.place({None: [str(refusal)]})
    return None


def _item_problems(item: CatalogItem | None, fields: dict, typed) -> dict:
    """What save_item would also refuse of these fields, with the form as typed (an unsaved copy
    is checked)."""
    copy = CatalogItem.objects.get(pk=item.pk) if item is not None else CatalogItem()
    groups = fields.pop("groups", None)
    for name, value in fields.items():
        setattr(copy, name, value)
    return services.item_problems(copy, groups=groups, form=typed if isinstance(typed, list) else None)


def _dry_run(request, item: CatalogItem | None, dry: DryRunForm) -> list[dict] | None:
    """The plan typed on the page tried for the person named, changing nothing."""
    plan_form = ItemForm.base_fields["fulfilment_plan"]
    try:
        plan = plan_form.clean(request.POST.get("fulfilment_plan", ""))
    except ValidationError as refusal:
        dry.add_error(None, refusal.messages)
        return None
    if not dry.is_valid():
        return None
    people = visible_people(request.user).filter(role__in=CLIENT_ROLES, is_active=True)
    if item is not None and item.organisation_id is not None:
        people = people.filter(organisation_id=item.organisation_id)
    person = people.filter(username=dry.cleaned_data["person"].strip()).first()
    if person is None:
        dry.add_error("person", _("No active person of the organisation has this user name."))
        return None
    try:
        outcome = dry_run_plan(
            request.user,
            plan,
            organisation=person.organisation,
            answers=dry.cleaned_data["answers"] if isinstance(dry.cleaned_data["answers"], dict) else {},
            requested_for=person,
        )
    except ValidationError as refusal:
        dry.add_error(None, [message for messages in _messages_of(refusal) for message in messages])
        return None
    for row in outcome:
        row["label"] = action_label(row["action"])
    return outcome


def _messages_of(refusal: ValidationError):
    if hasattr(refusal, "error_dict"):
        return refusal.message_dict.values()
    return [refusal.messages]


def _versions(item: CatalogItem | None):
    if item is None:
        return []
    versions = list(
        item.forms.select_related("created_by").annotate(requests_made=Count("requests")).order_by("-version")
    )
    for version in versions:
        version.as_json = as_json(version.fields)
    return versions


def _preview(person, item: CatalogItem | None, current):
    """The current form as the requester sees it (the portal's own controls), or None."""
    if item is None or current is None:
        return None
    return answers_form(current.fields, people=_people(person, item)[:50])


def _people(person, item: CatalogItem):
    """The organisation's active people (none for a shared item)."""
    return selectors.people_of(person, item.organisation)


def _page(request, form: ItemForm, item: CatalogItem | None, dry: DryRunForm, outcome):
    current = item.current_form() if item is not None else None
    suggestions = []
    if item is not None:
        clients = _people(request.user, item).filter(role__in=CLIENT_ROLES).order_by("username")
        suggestions = list(clients.values_list("username", flat=True)[:DRY_RUN_PEOPLE])
    context = {
        "form": form,
        "item": item,
        "item_name": in_language(item.name, request.LANGUAGE_CODE) if item else "",
        "current": current,
        "versions": _versions(item),
        "preview": _preview(request.user, item, current),
        "dry": dry,
        "outcome": outcome,
        "suggestions": suggestions,
        "refusals": refusals.pop(request),
        "back": reverse("administration-catalogue")
        + (f"?{urlencode({'organisation': item.organisation_id})}" if item and item.organisation_id else ""),
    }
    return render(request, "web/administration/catalogue_item.html", context)


urlpatterns = [
    path("catalogue/", item_list, name="administration-catalogue"),
    path("catalogue/new/", item_new, name="administration-catalogue-new"),
    path("catalogue/<int:pk>/", item_edit, name="administration-catalogue-item"),
]
