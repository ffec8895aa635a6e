import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from moked.people.models import CLIENT_ROLES, Role
from moked.people.selectors import find_people
from moked.people.services import create_person
from moked.tenancy.models import Organisation
from moked.tenancy.selectors import visible_organisations
from moked.tickets import selectors as tickets_read
from moked.tickets import services as tickets
from moked.tickets.lifecycle import OPEN_STATUSES
from moked.tickets.linking import surviving_ticket
from moked.tickets.models import Ticket

from . import desk, refusals
from .administration.saving import attempt
from .forms import CallForm, NewCallerForm, ReplyForm


def home(request):
    return render(request, "web/home.html", {"provider_name": settings.MOKED_PROVIDER_NAME})


def csrf_failure(request, reason=""):
    """A form sent without its valid token (mostly: one left open across a sign-out or sign-in),
    said in the reader's words, on Moked's page."""
    explanation = _("This form has expired. Go back, reload the page and send it again.")
    return render(request, "403.html", {"reason": explanation}, status=403)


def favicon(request):
    """For browsers and pages that ask for /favicon.ico without a link to the icon (the API's
    browsable pages, Django's admin site): the icon the pages link to."""
    return redirect(static("web/favicon.ico"), permanent=True)


def health(request):
    """For load balancers and `make demo`: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def start(request):
    """Where signing in leads: the workspace for the provider's staff, the portal for clients."""
    return redirect("desk" if request.user.is_staff_member else "portal")


# --- agent workspace ---------------------------------------------------------------------------


def _staff(request):
    if not (request.user.is_active and request.user.is_staff_member):
        raise PermissionDenied
    return request.user


def _ticket(person, reference) -> Ticket:
    try:
        return tickets_read.get_ticket(person, reference)
    except Ticket.DoesNotExist:
        raise Http404 from None


@login_required
def desk_counts(request):
    """The number of tickets in each view, refreshed by htmx without reloading the page."""
    person = _staff(request)
    current = request.GET.get("current", "")
    return render(request, "web/desk/counts.html", {"views": desk.counted_views(person), "current": current})


def _conversation(person, ticket):
    return list(tickets_read.ticket_comments(person, ticket).select_related("author"))


def _reply(request, person, ticket, channel) -> bool:
    """A reply (or, from staff, an internal note) with an optional attachment, from the posted form;
    whether it was added."""
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        refusals.keep_form_errors(request, form)
        return False
    data = form.cleaned_data
    files = [data["attachment"]] if data["attachment"] else []
    public = not (data["internal"] and person.is_staff_member)
    return refusals.apply(
        request,
        lambda: tickets.add_comment(
            person, ticket, data["body"], public=public, channel=channel, files=files
        ),
    )


def _status_label(status: str) -> str:
    return str(dict(Ticket._meta.get_field("status").choices)[status])


def merged_into(person, ticket: Ticket) -> Ticket | None:
    """Where a merged ticket's conversation goes on, if this person may follow it there."""
    if ticket.merged_into_id is None:
        return None
    survivor = surviving_ticket(ticket)
    return tickets_read.visible_tickets(person).filter(pk=survivor.pk).first()


# --- phone desk -------------------------------------------------------------------------------


@login_required
def phone_desk(request):
    """Log a call in one step: find the caller (or add them), see their open tickets, open or update one."""
    person = _staff(request)
    query = request.GET.get("q", "").strip()
    callers = list(find_people(person, query).filter(role__in=CLIENT_ROLES)[:10]) if query else []
    if request.htmx and request.GET.get("partial"):
        return render(request, "web/desk/callers.html", {"callers": callers, "query": query})
    if request.method == "POST" and request.POST.get("action") == "new_caller":
        return _new_caller(request, person, query)
    caller = find_people(person, "").filter(pk=request.GET.get("caller") or 0, role__in=CLIENT_ROLES).first()
    open_tickets = (
        list(
            tickets_read.ticket_list(person)
            .filter(requester=caller, status__in=OPEN_STATUSES)
            .order_by("-id")
        )
        if caller
        else []
    )
    form = CallForm(request.POST or None, open_tickets=open_tickets)
    if request.method == "POST" and caller is not None and form.is_valid():
        data = form.cleaned_data
        about = next((t for t in open_tickets if t.reference == data["ticket"]), None)
        logged = []

        def log():
            logged.append(
                tickets.log_call(
                    person,
                    caller=caller,
                    notes=data["notes"],
                    subject=data["subject"],
                    ticket=about,
                    **({} if about else {"impact": data["impact"], "urgency": data["urgency"]}),
                )
            )

        if refusals.apply(request, log):
            done = (
                _("The call was added to %(reference)s.")
                if about
                else _("%(reference)s was opened for the call.")
            )
            messages.success(request, done % {"reference": logged[0].reference})
            return redirect("desk-ticket", reference=logged[0].reference)
    wants_new = caller is None and request.GET.get("new") == "1"
    new_caller = _new_caller_form(person, query) if wants_new else None
    return _phone_page(request, person, query, callers, caller, open_tickets, form, new_caller)


def _new_caller_form(person, query: str, data=None) -> NewCallerForm:
    organisations = visible_organisations(person).filter(status=Organisation.Status.ACTIVE).order_by("name")
    return NewCallerForm(data, organisations=organisations, initial=NewCallerForm.initial_from(query))


def _new_caller(request, person, query: str):
    """Add a caller nobody knew as a person of an organisation the agent serves (the people
    services decide whether they may), then go on to log their call."""
    form = _new_caller_form(person, query, request.POST)
    if form.is_valid():
        fields = form.person_fields()
        # Signing in needs an address; a caller known by phone alone gets a name to sign in by that
        # nobody guesses, until an admin gives them an address.
        username = fields["email"] or f"caller-{secrets.token_hex(6)}"
        added = attempt(
            request, lambda: create_person(person, role=Role.END_USER, username=username, **fields), form
        )
        if added:
            messages.success(
                request,
                _("%(name)s was added to %(organisation)s.")
                % {"name": added.name, "organisation": fields["organisation"].name},
            )
            return redirect(f"{reverse('phone-desk')}?{urlencode({'caller': added.pk})}")
    return _phone_page(request, person, query, [], None, [], CallForm(), form)


def _phone_page(request, person, query, callers, caller, open_tickets, form, new_caller):
    context = {
        "query": query,
        "callers": callers,
        "caller": caller,
        "open_tickets": open_tickets,
        "form": form,
        "new_caller": new_caller,
        "refusals": refusals.pop(request),
        "views": desk.counted_views(person),
    }
    return render(request, "web/desk/phone.html", context)
