"""The self-service portal: a client's requests (a client manager's: their organisation's), open
or closed, searched and paged newest change first; a new request with its file; one request's
page, where the client answers, and accepts or rejects a resolution."""

from datetime import UTC, datetime, timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import pgettext_lazy

from moked.catalog.models import Service
from moked.knowledge import deflection
from moked.people.models import Role
from moked.tickets import lifecycle
from moked.tickets import selectors as tickets_read
from moked.tickets import services as tickets
from moked.tickets.models import Channel, EventChannel, Ticket

from ..common import refusals
from ..common.conversation import add_reply, conversation, merged_into, ticket_or_404
from ..common.forms import ReplyForm
from ..common.saving import attempt
from . import catalogue
from .forms import NewTicketForm, RejectForm

PORTAL = EventChannel.PORTAL
PAGE_SIZE = 25
# Which requests a tab lists: those still going on (a resolved one waits for the client's word)
# and those closed.
STATES = {
    "open": (pgettext_lazy("requests", "Open"), ~Q(status=lifecycle.CLOSED)),
    "closed": (pgettext_lazy("requests", "Closed"), Q(status=lifecycle.CLOSED)),
    "all": (pgettext_lazy("requests", "All"), Q()),
}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _client(request):
    if not (request.user.is_active and request.user.is_client):
        raise PermissionDenied
    return request.user


# --- the list --------------------------------------------------------------------------------


def cursor_of(ticket: Ticket) -> str:
    """Where the next page starts: after this ticket, in the list's order (updated, id)."""
    since_epoch = ticket.updated_at - _EPOCH
    microseconds = (since_epoch.days * 86_400 + since_epoch.seconds) * 1_000_000 + since_epoch.microseconds
    return f"{microseconds}-{ticket.pk}"


def after_cursor(cursor: str) -> Q | None:
    """The condition "after the ticket this cursor names"; None for a cursor that is not one."""
    moment, _, pk = cursor.partition("-")
    if not (moment.isdigit() and pk.isdigit()) or len(moment) > 17 or len(pk) > 18:
        return None  # past year 5000, or past the largest id: not a cursor Moked wrote
    updated = _EPOCH + timedelta(microseconds=int(moment))
    return Q(updated_at__lt=updated) | Q(updated_at=updated, pk__lt=int(pk))


@login_required
def portal(request):
    person = _client(request)
    state = request.GET.get("state", "open")
    state = state if state in STATES else "open"
    query = request.GET.get("q", "").strip()
    # the list shows none of the records a ticket's page follows up (group, service, tags...)
    requests = tickets_read.ticket_list(person, q=query).prefetch_related(None).filter(STATES[state][1])
    total = requests.count()
    after = after_cursor(request.GET.get("after", ""))
    page = requests.filter(after) if after is not None else requests
    rows = list(page.order_by("-updated_at", "-id")[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    context = {
        "rows": rows,
        "state": state,
        "states": [(name, label) for name, (label, _condition) in STATES.items()],
        "query": query,
        "total": total,
        "next_cursor": cursor_of(rows[-1]) if more else "",
        "paged": after is not None,
        "show_requester": person.role == Role.CLIENT_MANAGER,
    }
    return render(request, "web/portal/list.html", context)


# --- a new request ------------------------------------------------------------------------------


@login_required
def portal_new(request):
    person = _client(request)
    services = Service.objects.filter(organisation_id=person.organisation_id, is_active=True).order_by("name")
    form = NewTicketForm(
        request.POST or None,
        request.FILES or None,
        services=services,
        initial={"attempt": deflection.new_token()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        service = services.filter(pk=data["service"]).first() if data["service"] else None
        created = attempt(
            request,
            lambda: tickets.create_ticket(
                person,
                organisation=person.organisation,
                requester=person,
                subject=data["subject"],
                description=data["description"],
                service=service,
                channel=Channel.PORTAL,
                event_channel=PORTAL,
                files=[data["attachment"]] if data["attachment"] else [],
            ),
            form,
        )
        if created:
            deflection.record_sent(person, data["attempt"], created)
            return redirect("portal-ticket", reference=created.reference)
    context = {
        "form": form,
        "refusals": refusals.pop(request),
        # a browser never sends a file again: say so when the one chosen was not kept
        "choose_file_again": request.method == "POST" and bool(request.FILES),
    }
    return render(request, "web/portal/new.html", context)


# --- one request --------------------------------------------------------------------------------


def _reject(request, person, ticket) -> None:
    form = RejectForm(request.POST)
    if not form.is_valid():
        refusals.keep_form_errors(request, form)
        return
    refusals.apply(
        request,
        lambda: tickets.reject_resolution(person, ticket, form.cleaned_data["reason"], channel=PORTAL),
    )


@login_required
def portal_ticket(request, reference):
    person = _client(request)
    ticket = ticket_or_404(person, reference)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "reply":
            add_reply(request, person, ticket, PORTAL)
        elif action == "accept":
            refusals.apply(request, lambda: tickets.change_status(person, ticket, "closed", channel=PORTAL))
        elif action == "reject":
            _reject(request, person, ticket)
        return redirect("portal-ticket", reference=ticket.reference)
    context = {
        "ticket": ticket,
        "comments": conversation(person, ticket),
        "files": tickets_read.ticket_files(person, ticket),
        "reply": ReplyForm(),
        "reject_form": RejectForm(),
        "merged_into": merged_into(person, ticket),
        "refusals": refusals.pop(request),
        **catalogue.request_context(person, ticket),
    }
    return render(request, "web/portal/ticket.html", context)
