"""The workspace's own small views: who may use it, the views' counts htmx refreshes, and the phone
desk, where a call is logged in one step."""

import secrets
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from moked.people.models import CLIENT_ROLES, Role
from moked.people.selectors import find_people, visible_organisations
from moked.people.services import create_person
from moked.tenancy.models import Organisation
from moked.tickets import selectors as tickets_read
from moked.tickets import services as tickets
from moked.tickets.lifecycle import OPEN_STATUSES
from moked.tickets.models import Ticket

from ..common import refusals
from ..common.saving import attempt
from . import desk
from .forms import CallForm, NewCallerForm


def _staff(request):
    if not (request.user.is_active and request.user.is_staff_member):
        raise PermissionDenied
    return request.user


@login_required
def desk_counts(request):
    """The number of tickets in each view, refreshed by htmx without reloading the page."""
    person = _staff(request)
    current = request.GET.get("current", "")
    return render(
        request, "web/workspace/counts.html", {"views": desk.counted_views(person), "current": current}
    )


def _status_label(status: str) -> str:
    return str(dict(Ticket._meta.get_field("status").choices)[status])


# --- phone desk -------------------------------------------------------------------------------


@login_required
def phone_desk(request):
    """Log a call in one step: find the caller (or add them), see their open tickets, open or update one."""
    person = _staff(request)
    query = request.GET.get("q", "").strip()
    callers = list(find_people(person, query).filter(role__in=CLIENT_ROLES)[:10]) if query else []
    if request.htmx and request.GET.get("partial"):
        return render(request, "web/workspace/callers.html", {"callers": callers, "query": query})
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
    return render(request, "web/workspace/phone.html", context)
