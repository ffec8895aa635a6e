"""The portal's catalogue: what the person may request, by category and searched; one item's form
(drawn from its current version, its conditions applied in the browser by web/catalogue_form.js
and on the server by clean_answers), for themselves or someone else of their organisation; and,
on a request's page, its answers, approval progress and tasks (templates in
web/portal/catalogue/). Reads and writes are moked.servicerequests', approvals' and fulfilment's."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moked.approvals.selectors import approval_of
from moked.fulfilment.selectors import tasks_of
from moked.servicerequests import selectors as requests_read
from moked.servicerequests import services as requests
from moked.servicerequests.models import ServiceRequest
from moked.tickets import selectors as tickets_read
from moked.tickets.models import Channel, TicketType

from ..common import refusals
from ..common.catalogue_forms import answers_form, in_language, shown_answers
from ..common.forms import BootstrapForm
from ..common.saving import attempt

SEARCHED = 200  # the longest search the page reads
# How each of the items' icons (servicerequests.models.ICONS) is drawn: line drawings in the
# text's colour, so the page needs no icon font (nor an emoji font, which servers often lack).
ICON_SHAPES = {
    "key": '<circle cx="7.5" cy="15.5" r="5"/><path d="M11 12l10-10M16 7l3 3M19 4l2 2"/>',
    "lock-open": '<rect x="3" y="11" width="18" height="11" rx="2"/><path d="M7 11V7a5 5 0 0 1 9.9-1"/>',
    "shield": '<path d="M12 22s8-4 8-10V5l-8-3-8 3v7c0 6 8 10 8 10z"/>',
    "folder": '<path d="M22 19a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h5l2 3h9a2 2 0 0 1 2 2z"/>',
    "laptop": '<rect x="4" y="4" width="16" height="11" rx="1"/><path d="M2 19h20"/>',
    "user-plus": '<circle cx="9" cy="7" r="4"/>'
    '<path d="M2 21v-2a4 4 0 0 1 4-4h6a4 4 0 0 1 4 4v2M20 8v6M17 11h6"/>',
    "mail": '<rect x="2" y="4" width="20" height="16" rx="2"/><path d="M22 6l-10 7L2 6"/>',
    "phone": '<rect x="7" y="2" width="10" height="20" rx="2"/><path d="M11 18h2"/>',
    "printer": '<path d="M6 9V2h12v7M6 18H4a2 2 0 0 1-2-2v-5a2 2 0 0 1 2-2h16'
    'a2 2 0 0 1 2 2v5a2 2 0 0 1-2 2h-2"/>'
    '<rect x="6" y="14" width="12" height="8"/>',
    "software": '<circle cx="12" cy="12" r="10"/><circle cx="12" cy="12" r="3"/>',
    "network": '<circle cx="12" cy="12" r="10"/><path d="M2 12h20M12 2a15 15 0 0 1 0 20a15 15 0 0 1 0-20"/>',
    "question": '<circle cx="12" cy="12" r="10"/><path d="M9.1 9a3 3 0 0 1 5.8 1c0 2-3 3-3 3M12 17h.01"/>',
}


def icon(name: str) -> str:
    """The item's icon as an inline drawing, hidden from screen readers (the name says it all)."""
    shape = ICON_SHAPES.get(name, ICON_SHAPES["question"])
    return mark_safe(  # noqa: S308 - constant shapes above, no input
        f'<svg class="catalogue-icon" data-icon="{name if name in ICON_SHAPES else "question"}" '
        'aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24" fill="none" '
        f'stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">{shape}</svg>'
    )


def _client(request):
    if not (request.user.is_active and request.user.is_client):
        raise PermissionDenied
    return request.user


def item_rows(items) -> list[dict]:
    """The items grouped by category (the category's path; "Other" last), each with its name,
    description and icon in the reader's language, in alphabetical order of name."""
    groups: dict[str, list[dict]] = {}
    for item in items:
        category = item.category.path if item.category else ""
        groups.setdefault(category, []).append(
            {
                "item": item,
                "name": in_language(item.name),
                "description": in_language(item.description),
                "icon": icon(item.icon),
            }
        )
    ordered = sorted(groups.items(), key=lambda pair: (pair[0] == "", pair[0].casefold()))
    return [
        {
            "name": category or gettext("Other requests"),
            "items": sorted(rows, key=lambda row: row["name"].casefold()),
        }
        for category, rows in ordered
    ]


@login_required
def portal_catalogue(request):
    person = _client(request)
    query = request.GET.get("q", "").strip()[:SEARCHED]
    items = requests_read.items_for(person, query=query)
    context = {"categories": item_rows(items), "query": query, "count": len(items)}
    return render(request, "web/portal/catalogue/list.html", context)


class ForWhomForm(BootstrapForm):
    """Whom the request is for: the person asking, or someone else of their organisation."""

    requested_for = forms.TypedChoiceField(
        label=_("Request for"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requested_for"].choices = [(person.pk, person.name) for person in people]


def requestable_item(person, pk, *, organisation=None):
    """The item `pk` if `person` may request it (for `organisation`) and it has a form, else 404."""
    item = requests_read.items_for(person, organisation=organisation).filter(pk=pk).first()
    version = item.current_form() if item is not None else None
    if version is None:
        raise Http404
    return item, version


def item_context(item, version, answers) -> dict:
    return {
        "item": item,
        "name": in_language(item.name),
        "description": in_language(item.description),
        "icon": icon(item.icon),
        "answers": answers,
        # the fields' definitions, for the conditions the browser applies (json_script)
        "definitions": [
            {"key": field["key"], "type": field["type"], "show_when": field.get("show_when", [])}
            for field in version.fields
        ],
        # a browser never sends a file again: say so when one was chosen and the form came back
        "choose_file_again": answers.is_bound and bool(answers.files),
    }


def send(request, person, item, answers, *, requested_for, channel):
    """Submit a valid form's answers: the request made, or None with the refusals on the form."""
    values, uploads = answers.answers_and_files()
    return attempt(
        request,
        lambda: requests.submit_request(
            person, item, values, requested_for=requested_for, channel=channel, files=uploads
        ),
        answers,
    )


@login_required
def portal_catalogue_item(request, pk):
    person = _client(request)
    item, version = requestable_item(person, pk)
    people = requests_read.people_of(person, person.organisation)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    answers = answers_form(version.fields, data, files, people=people)
    for_whom = ForWhomForm(data, people=people, initial={"requested_for": person.pk})
    if request.method == "POST" and answers.is_valid() and for_whom.is_valid():
        chosen = next((p for p in people if p.pk == for_whom.cleaned_data["requested_for"]), person)
        made = send(request, person, item, answers, requested_for=chosen, channel=Channel.PORTAL)
        if made:
            return redirect("portal-ticket", reference=made.ticket.reference)
    context = {
        **item_context(item, version, answers),
        "for_whom": for_whom if len(people) > 1 else None,
        "refusals": refusals.pop(request),
    }
    return render(request, "web/portal/catalogue/item.html", context)


def catalogue_request(person, ticket) -> ServiceRequest | None:
    """The catalogue request of `ticket` that `person` may see; None for other tickets."""
    if ticket.ticket_type != TicketType.SERVICE_REQUEST:
        return None
    try:
        return requests_read.request_of(person, ticket)
    except ServiceRequest.DoesNotExist:
        return None


def request_context(person, ticket) -> dict:
    """What a request's page adds for a catalogue request: its item, its answers (labelled from
    the form version it was made with), its approval and its tasks; nothing for other tickets."""
    service_request = catalogue_request(person, ticket)
    if service_request is None:
        return {}
    answers = service_request.answers or {}
    return {
        "catalogue_request": service_request,
        "catalogue_item_name": in_language(service_request.item.name),
        "catalogue_answers": shown_answers(
            service_request.form.fields, answers, files=tickets_read.ticket_files(person, ticket)
        ),
        "approval": approval_of(person, ticket),
        "tasks": list(tasks_of(person, ticket)),
    }
