"""The agent's ticket page: everything about one ticket, and one handler per thing an agent does
on it (reply, status, macro, escalate, fields, take, link, unlink, merge; a catalogue request's
tasks and actions: request_panel)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from moked.automation.selectors import macros_for_ticket
from moked.automation.services import apply_macro
from moked.knowledge import services as knowledge
from moked.knowledge.selectors import linked_articles
from moked.people.selectors import agents_serving, visible_groups
from moked.tickets import lifecycle
from moked.tickets import selectors as tickets_read
from moked.tickets import services as tickets
from moked.tickets.models import EventChannel, Ticket
from moked.tickets.services import linking
from moked.workspace.due import due_state

from ..common import refusals
from ..common.conversation import add_reply, conversation, merged_into, ticket_or_404
from ..common.forms import ReplyForm
from . import desk, history, request_panel, ticket_articles, ticket_suggestions
from .forms import EscalateForm, FieldsForm, LinkForm, MacroForm, MergeForm, StatusForm, group_memberships
from .views import _staff, _status_label

WEB = EventChannel.WEB


class TicketPage:
    """What the page offers this agent on this ticket: its choices are read once, for showing the
    forms and for checking what comes back from them."""

    def __init__(self, person, ticket: Ticket):
        self.person, self.ticket = person, ticket
        allowed = tickets.allowed_statuses(person, ticket)
        self.statuses = [(status, _status_label(status)) for status in allowed]
        self.macros = macros_for_ticket(person, ticket)
        # Their members are read as ids, once, by `memberships` (not as people, twice).
        self.groups = visible_groups(person).prefetch_related(None).filter(is_active=True)
        self.higher_groups = self.groups.filter(tier__gt=ticket.tier)
        # Only agents the ticket may be given: those serving its organisation (web/choices.js
        # narrows them to the members of the group chosen; the services check both).
        self.agents = agents_serving(person, ticket.organisation_id).order_by("name")

    @cached_property
    def memberships(self) -> dict[int, list[int]]:
        """For each member of the groups offered, the ids of their groups."""
        return group_memberships(self.groups)

    def may_take(self) -> bool:
        """Whether the agent may be given the ticket: in its group, when it has one."""
        group_id = self.ticket.group_id
        if group_id is None:
            return True
        offered = any(group.pk == group_id for group in self.groups)
        return offered and group_id in self.memberships.get(self.person.pk, ())

    def other_ticket(self, request, reference: str) -> Ticket | None:
        try:
            return tickets_read.get_ticket(self.person, reference)
        except Ticket.DoesNotExist:
            refusals.keep(request, [no_such_ticket(reference)])
            return None


def no_such_ticket(reference: str) -> str:
    return _("There is no ticket %(reference)s that you may see.") % {"reference": reference}


def _on_valid(request, form, action) -> bool:
    if form.is_valid():
        return refusals.apply(request, lambda: action(form.cleaned_data))
    refusals.keep_form_errors(request, form)
    return False


def _done(request, done: bool, message: str) -> None:
    """Confirm an action that went through (a refusal has said why it did not already)."""
    if done:
        messages.success(request, message)


def _status(request, page: TicketPage) -> None:
    changed = _on_valid(
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
    status = request.POST.get("status", "")
    label = dict(page.statuses).get(status, status)
    _done(request, changed, _("The status is now “%(status)s”.") % {"status": label})


def _macro(request, page: TicketPage) -> None:
    macro = page.macros.filter(pk=request.POST.get("macro") or 0).first()
    if macro is not None:
        applied = refusals.apply(request, lambda: apply_macro(page.person, page.ticket, macro, channel=WEB))
        _done(request, applied, _("The macro “%(name)s” was applied.") % {"name": macro.name})


def _escalate(request, page: TicketPage) -> None:
    escalated_to = []

    def escalate(data):
        group = page.higher_groups.get(pk=data["group"])
        tickets.escalate_ticket(page.person, page.ticket, group=group, reason=data["reason"], channel=WEB)
        escalated_to.append(group.name)

    escalated = _on_valid(request, EscalateForm(request.POST, groups=page.higher_groups), escalate)
    _done(request, escalated, _("The ticket was escalated to %(group)s.") % {"group": "".join(escalated_to)})


def _fields(request, page: TicketPage) -> None:
    def change(data):
        changes = {
            "impact": data["impact"],
            "urgency": data["urgency"],
            "group": page.groups.filter(pk=data["group"]).first() if data["group"] else None,
            "assignee": page.agents.filter(pk=data["assignee"]).first() if data["assignee"] else None,
        }
        tickets.update_ticket(page.person, page.ticket, changes, channel=WEB)

    saved = _on_valid(request, FieldsForm(request.POST, groups=page.groups, agents=page.agents), change)
    _done(request, saved, _("The ticket's fields were saved."))


def _take(request, page: TicketPage) -> None:
    me = {"assignee": page.person}
    taken = refusals.apply(request, lambda: tickets.update_ticket(page.person, page.ticket, me, channel=WEB))
    _done(request, taken, _("%(reference)s is now assigned to you.") % {"reference": page.ticket.reference})


def _with_other(request, page: TicketPage, form, action) -> Ticket | None:
    """The other ticket the form names, once the action on it went through; else None."""
    if not form.is_valid():
        refusals.keep_form_errors(request, form)
        return None
    other = page.other_ticket(request, form.cleaned_data["reference"])
    if other is not None and refusals.apply(request, lambda: action(other, form.cleaned_data)):
        return other
    return None


def _link(request, page: TicketPage) -> None:
    other = _with_other(
        request,
        page,
        LinkForm(request.POST),
        lambda other, data: linking.link_tickets(page.person, page.ticket, other, channel=WEB),
    )
    reference = getattr(other, "reference", "")
    _done(request, other is not None, _("Linked to %(reference)s.") % {"reference": reference})


def _unlink(request, page: TicketPage) -> None:
    other = _with_other(
        request,
        page,
        LinkForm(request.POST),
        lambda other, data: linking.unlink_tickets(page.person, page.ticket, other, channel=WEB),
    )
    reference = getattr(other, "reference", "")
    _done(request, other is not None, _("The link to %(reference)s was removed.") % {"reference": reference})


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
    if merged:
        references = {"reference": page.ticket.reference, "target": merged[0].reference}
        _done(request, True, _("%(reference)s was merged into %(target)s.") % references)
    return merged[0] if merged else None


def _unlink_article(request, page: TicketPage) -> None:
    linked = linked_articles(page.person, page.ticket).filter(article=request.POST.get("article") or 0)
    link = linked.first()
    if link is not None:
        unlinked = refusals.apply(
            request,
            lambda: knowledge.unlink_from_ticket(page.person, page.ticket, link.article, channel=WEB),
        )
        _done(request, unlinked, _("The article is no longer linked to this ticket."))


def _create_article(request, page: TicketPage) -> HttpResponse | None:
    """Start a draft article from the ticket and open it in the editor."""
    created = []
    refusals.apply(
        request,
        lambda: created.append(knowledge.create_article_from_ticket(page.person, page.ticket, channel=WEB)),
    )
    if not created:
        return None
    article = created[0]
    return redirect("knowledge-variant-edit", article.pk, article.source_language)


def _reply_or_note(request, page: TicketPage) -> None:
    sent = add_reply(request, page.person, page.ticket, WEB)
    note = bool(request.POST.get("internal"))
    _done(request, sent, _("Your internal note was added.") if note else _("Your reply was sent."))


ACTIONS = {
    "reply": _reply_or_note,
    "status": _status,
    "macro": _macro,
    "escalate": _escalate,
    "fields": _fields,
    "take": _take,
    "link": _link,
    "unlink": _unlink,
    "merge": _merge,
    "unlink_article": _unlink_article,
    "create_article": _create_article,
    **request_panel.ACTIONS,
}


@login_required
def desk_ticket(request, reference):
    person = _staff(request)
    ticket = ticket_or_404(person, reference)
    page = TicketPage(person, ticket)
    if request.method == "POST":
        handler = ACTIONS.get(request.POST.get("action", ""))
        went_on = handler(request, page) if handler else None
        if isinstance(went_on, HttpResponse):
            return went_on
        # after a merge the agent goes on with the ticket that survives
        return redirect("desk-ticket", reference=(went_on or ticket).reference)
    context = {
        "ticket": ticket,
        "comments": conversation(person, ticket),
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
            memberships=page.memberships,
            initial={
                "impact": ticket.impact,
                "urgency": ticket.urgency,
                "group": ticket.group_id or "",
                "assignee": ticket.assignee_id or "",
            },
        ),
        "may_take": page.may_take(),
        "needs_resolution": lifecycle.RESOLVED,
        "due_state": due_state(ticket.sla_due_at, timezone.now()),
        "link_form": LinkForm(),
        "merge_form": MergeForm(),
        "refusals": refusals.pop(request),
        "views": desk.counted_views(person),
        **ticket_articles.linked_context(person, ticket),
        **ticket_suggestions.suggestions_context(person, ticket),
        **request_panel.panel_context(person, ticket),
    }
    return render(request, "web/workspace/ticket.html", context)
