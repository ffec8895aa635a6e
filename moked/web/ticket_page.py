"""The agent's ticket page: everything about one ticket, and one handler per thing an agent does
on it (reply, status, macro, escalate, fields, take, link, unlink, merge)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from moked.automation.selectors import macros_for_ticket
from moked.automation.services import apply_macro
from moked.people.selectors import assignable_agents, visible_groups
from moked.tickets import linking
from moked.tickets import selectors as tickets_read
from moked.tickets import services as tickets
from moked.tickets.models import EventChannel, Ticket

from . import desk, history, refusals
from .forms import EscalateForm, FieldsForm, LinkForm, MacroForm, MergeForm, ReplyForm, StatusForm
from .views import _conversation, _reply, _staff, _status_label, _ticket, merged_into

WEB = EventChannel.WEB


class TicketPage:
    """What the page offers this agent on this ticket: its choices are read once, for showing the
    forms and for checking what comes back from them."""

    def __init__(self, person, ticket: Ticket):
        self.person, self.ticket = person, ticket
        allowed = tickets.allowed_statuses(person, ticket)
        self.statuses = [(status, _status_label(status)) for status in allowed]
        self.macros = macros_for_ticket(person, ticket)
        self.groups = visible_groups(person).filter(is_active=True)
        self.higher_groups = self.groups.filter(tier__gt=ticket.tier)
        self.agents = assignable_agents(person).order_by("name")

    def other_ticket(self, request, reference: str) -> Ticket | None:
        try:
            return tickets_read.get_ticket(self.person, reference)
        except Ticket.DoesNotExist:
            refusals.keep(request, [no_such_ticket(reference)])
            return None


def no_such_ticket(reference: str) -> str:
    return _("There is no ticket %(reference)s that you may see.") % {"reference": reference}


def _on_valid(request, form, action) -> None:
    if form.is_valid():
        refusals.apply(request, lambda: action(form.cleaned_data))
    else:
        refusals.keep_form_errors(request, form)


def _status(request, page: TicketPage) -> None:
    _on_valid(
        request,
        StatusForm(request.POST, statuses=page.statuses),
        lambda data: tickets.change_status(
            page.person,
            page.ticket,
            data["status"],
            resolution_code=data["resolution_code"],
            resolution_text=data["resolution_text"],
            channel=WEB,
        ),
    )


def _macro(request, page: TicketPage) -> None:
    macro = page.macros.filter(pk=request.POST.get("macro") or 0).first()
    if macro is not None:
        refusals.apply(request, lambda: apply_macro(page.person, page.ticket, macro, channel=WEB))


def _escalate(request, page: TicketPage) -> None:
    _on_valid(
        request,
        EscalateForm(request.POST, groups=page.higher_groups),
        lambda data: tickets.escalate_ticket(
            page.person,
            page.ticket,
            group=page.higher_groups.get(pk=data["group"]),
            reason=data["reason"],
            channel=WEB,
        ),
    )


def _fields(request, page: TicketPage) -> None:
    def change(data):
        changes = {
            "impact": data["impact"],
            "urgency": data["urgency"],
            "group": page.groups.filter(pk=data["group"]).first() if data["group"] else None,
            "assignee": page.agents.filter(pk=data["assignee"]).first() if data["assignee"] else None,
        }
        tickets.update_ticket(page.person, page.ticket, changes, channel=WEB)

    _on_valid(request, FieldsForm(request.POST, groups=page.groups, agents=page.agents), change)


def _take(request, page: TicketPage) -> None:
    me = {"assignee": page.person}
    refusals.apply(request, lambda: tickets.update_ticket(page.person, page.ticket, me, channel=WEB))


def _with_other(request, page: TicketPage, form, action) -> None:
    if not form.is_valid():
        refusals.keep_form_errors(request, form)
        return
    other = page.other_ticket(request, form.cleaned_data["reference"])
    if other is not None:
        refusals.apply(request, lambda: action(other, form.cleaned_data))


def _link(request, page: TicketPage) -> None:
    _with_other(
        request,
        page,
        LinkForm(request.POST),
        lambda other, data: linking.link_tickets(page.person, page.ticket, other, channel=WEB),
    )


def _unlink(request, page: TicketPage) -> None:
    _with_other(
        request,
        page,
        LinkForm(request.POST),
        lambda other, data: linking.unlink_tickets(page.person, page.ticket, other, channel=WEB),
    )


def _merge(request, page: TicketPage) -> Ticket | None:
    merged = []
    _with_other(
        request,
        page,
        MergeForm(request.POST),
        lambda other, data: merged.append(
            linking.merge_tickets(
                page.person, page.ticket, other, tell_requester=data["tell_requester"], channel=WEB
            )
        ),
    )
    return merged[0] if merged else None


ACTIONS = {
    "reply": lambda request, page: _reply(request, page.person, page.ticket, WEB),
    "status": _status,
    "macro": _macro,
    "escalate": _escalate,
    "fields": _fields,
    "take": _take,
    "link": _link,
    "unlink": _unlink,
    "merge": _merge,
}


@login_required
def desk_ticket(request, reference):
    person = _staff(request)
    ticket = _ticket(person, reference)
    page = TicketPage(person, ticket)
    if request.method == "POST":
        handler = ACTIONS.get(request.POST.get("action", ""))
        went_on = handler(request, page) if handler else None
        # after a merge the agent goes on with the ticket that survives
        return redirect("desk-ticket", reference=(went_on or ticket).reference)
    context = {
        "ticket": ticket,
        "comments": _conversation(person, ticket),
        "files": tickets_read.ticket_files(person, ticket),
        "reply": ReplyForm(),
        "status_form": StatusForm(statuses=page.statuses),
        "clocks": desk.sla_clocks(ticket),
        "events": history.described(tickets_read.ticket_events(person, ticket).order_by("-at", "-id")[:200]),
        "links": tickets_read.ticket_links(person, ticket),
        "merged_into": merged_into(person, ticket),
        "macro_form": MacroForm(macros=page.macros),
        "escalate_form": EscalateForm(groups=page.higher_groups),
        "fields_form": FieldsForm(
            groups=page.groups,
            agents=page.agents,
            initial={
                "impact": ticket.impact,
                "urgency": ticket.urgency,
                "group": ticket.group_id or "",
                "assignee": ticket.assignee_id or "",
            },
        ),
        "link_form": LinkForm(),
        "merge_form": MergeForm(),
        "refusals": refusals.pop(request),
        "views": desk.counted_views(person),
    }
    return render(request, "web/desk/ticket.html", context)
