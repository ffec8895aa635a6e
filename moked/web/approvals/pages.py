"""What waits for an approver's decision, in the portal (client approvers, channel portal) and in
the workspace (staff approvers, channel web): each pending approval (delegations included) with the
request's summary and answers, Approve / Reject with a comment; what they decided lately; and their
delegation while away (set for a period, ended early)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moked.approvals import selectors, services
from moked.approvals.models import Delegation
from moked.people.models import CLIENT_ROLES, STAFF_ROLES, Person
from moked.tickets.models import EventChannel

from ..common import refusals
from ..common.saving import attempt
from .forms import DecisionForm, DelegationForm
from .reading import asked, decided_by

SIDES = {
    # side: (who may use it, the channel of its decisions, the page's address name, base template)
    "portal": (lambda person: person.is_client, EventChannel.PORTAL, "portal-approvals"),
    "desk": (lambda person: person.is_staff_member, EventChannel.WEB, "desk-approvals"),
}


def _person(request, side):
    person = request.user
    if not (person.is_active and SIDES[side][0](person)):
        raise PermissionDenied
    return person


def delegates_for(person):
    """Who may decide for `person`: active people of their organisation (a client), or staff."""
    people = Person.objects.filter(is_active=True).exclude(pk=person.pk).order_by("name", "pk")
    if person.is_client:
        return people.filter(organisation_id=person.organisation_id, role__in=CLIENT_ROLES)
    return people.filter(role__in=STAFF_ROLES)


@login_required
def approvals_page(request, side):
    person = _person(request, side)
    delegation = DelegationForm(people=delegates_for(person), prefix="delegation")
    return _page(request, side, person, delegation)


def _page(request, side, person, delegation, *, status=200):
    rows = [asked(approver, person) for approver in selectors.pending_for(person)]
    for row in rows:
        row["form"] = DecisionForm(prefix=f"a{row['approver'].pk}")
    context = {
        "side": side,
        "rows": rows,
        "decided": decided_by(person),
        "delegations": selectors.delegations_of(person),
        "delegation": delegation,
        "refusals": refusals.pop(request),
    }
    return render(request, "web/approvals/list.html", context, status=status)


@login_required
@require_POST
def decide(request, side, pk):
    person = _person(request, side)
    approver = selectors.pending_approver(person, pk)
    if approver is None:
        raise Http404
    form = DecisionForm(request.POST, prefix=f"a{pk}")
    if not form.is_valid():
        refusals.keep_form_errors(request, form)
        return redirect(SIDES[side][2])
    approve = form.cleaned_data["decision"] == "approve"
    done = attempt(
        request,
        lambda: services.decide(
            person, approver, approve=approve, comment=form.cleaned_data["comment"], channel=SIDES[side][1]
        ),
    )
    if done:
        reference = approver.step.approval.ticket.reference
        if approve:
            messages.success(request, _("You approved %(reference)s.") % {"reference": reference})
        else:
            messages.success(request, _("You rejected %(reference)s.") % {"reference": reference})
    return redirect(SIDES[side][2])


@login_required
@require_POST
def set_delegation(request, side):
    person = _person(request, side)
    form = DelegationForm(request.POST, people=delegates_for(person), prefix="delegation")
    if form.is_valid():
        starts_at, ends_at = form.period()
        made = attempt(
            request,
            lambda: services.set_delegation(
                person,
                delegate=form.people[form.cleaned_data["delegate"]],
                starts_at=starts_at,
                ends_at=ends_at,
            ),
            form,
        )
        if made:
            messages.success(
                request, _("%(name)s decides for you while you are away.") % {"name": made.delegate.name}
            )
            return redirect(SIDES[side][2])
    return _page(request, side, person, form, status=400)


@login_required
@require_POST
def end_delegation(request, side, pk):
    person = _person(request, side)
    delegation = Delegation.objects.filter(pk=pk, person_id=person.pk).first()
    if delegation is None:
        raise Http404
    if attempt(request, lambda: services.end_delegation(person, delegation)):
        messages.success(request, _("You decide your approvals yourself again."))
    return redirect(SIDES[side][2])
