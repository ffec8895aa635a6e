"""The phone desk's catalogue request: an agent taking a call picks an item of the caller's
organisation, fills in its form for the caller, and raises the request (channel phone)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from moked.people.models import CLIENT_ROLES
from moked.people.selectors import find_people
from moked.servicerequests import selectors as requests_read
from moked.tickets.models import Channel

from ..common import refusals
from ..common.catalogue_forms import answers_form
from ..portal.catalogue import item_context, item_rows, requestable_item, send
from . import desk


def _staff_and_caller(request):
    person = request.user
    if not (person.is_active and person.is_staff_member):
        raise PermissionDenied
    pk = request.GET.get("caller", "")
    caller = (
        find_people(person, "").filter(pk=int(pk), role__in=CLIENT_ROLES).first()
        if pk.isdigit() and len(pk) <= 18
        else None
    )
    if caller is None or caller.organisation is None:
        raise Http404
    return person, caller


@login_required
def phone_catalogue(request):
    """The items the caller's organisation offers, searched, each a link to its form."""
    person, caller = _staff_and_caller(request)
    query = request.GET.get("q", "").strip()[:200]
    items = requests_read.items_for(person, query=query, organisation=caller.organisation)
    context = {
        "caller": caller,
        "categories": item_rows(items),
        "query": query,
        "count": len(items),
        "views": desk.counted_views(person),
    }
    return render(request, "web/workspace/phone_catalogue.html", context)


@login_required
def phone_catalogue_item(request, pk):
    person, caller = _staff_and_caller(request)
    item, version = requestable_item(person, pk, organisation=caller.organisation)
    people = requests_read.people_of(person, caller.organisation)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    answers = answers_form(version.fields, data, files, people=people)
    if request.method == "POST" and answers.is_valid():
        made = send(request, person, item, answers, requested_for=caller, channel=Channel.PHONE)
        if made:
            messages.success(
                request, _("%(reference)s was raised for the call.") % {"reference": made.ticket.reference}
            )
            return redirect("desk-ticket", reference=made.ticket.reference)
    context = {
        **item_context(item, version, answers),
        "caller": caller,
        "for_whom": None,
        "back": f"{reverse('phone-catalogue')}?{urlencode({'caller': caller.pk})}",
        "refusals": refusals.pop(request),
        "views": desk.counted_views(person),
    }
    return render(request, "web/workspace/phone_catalogue_item.html", context)
