"""Actions on the tickets ticked on a list: assign, move to a group, set the status or the
priority, merge into one ticket. Each goes through the ticket's own service, ticket by ticket."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from moked.people.selectors import assignable_agents, organisations_served, visible_groups
from moked.tickets import batch, lifecycle, numbering
from moked.tickets import selectors as tickets_read
from moked.tickets import services as tickets
from moked.tickets.models import EventChannel, Priority, ResolutionCode, Status, Ticket
from moked.tickets.services import linking

from .forms import group_memberships
from .ticket_page import no_such_ticket

WEB = EventChannel.WEB
BULK_ACTIONS = [
    ("assign", gettext_lazy("Assign to")),
    ("group", gettext_lazy("Move to the group")),
    ("status", gettext_lazy("Set the status")),
    ("priority", gettext_lazy("Set the priority")),
    ("merge", gettext_lazy("Merge into")),
]


def bulk_agents(agents, groups, rows) -> list[dict]:
    """The agents the bulk bar offers for the tickets listed: those who may be given at least one
    of them (they serve its organisation). Each says which organisations it serves ("*": all) and
    which groups it is in, so that the page (web/lists.js) can offer, for the tickets ticked, only
    the agents who may be given every one of them; the services still check each ticket."""
    served = organisations_served(agents)
    listed = {ticket.organisation_id for ticket in rows}
    memberships = group_memberships(groups)
    offered = []
    for agent in agents:
        organisations = served[agent.pk]
        if organisations is not None and not organisations & listed:
            continue
        offered.append(
            {
                "pk": agent.pk,
                "name": agent.name,
                "organisations": "*" if organisations is None else " ".join(map(str, sorted(organisations))),
                "groups": " ".join(map(str, memberships.get(agent.pk, []))),
            }
        )
    return offered


def chosen_tickets(person, references: list[str]) -> list[Ticket]:
    """The tickets named that `person` may see, in the order given; others are left out."""
    wanted = Q(pk__in=[])
    for reference in references[: batch.MAX_TICKETS]:
        parsed = numbering.parse_reference(reference)
        if parsed is not None:
            wanted |= Q(ticket_type=parsed[0], number=parsed[1])
    found = {
        t.reference: t
        for t in tickets_read.visible_tickets(person).filter(wanted).select_related("organisation")
    }
    return [found[r] for r in dict.fromkeys(references) if r in found]


def _change(person, action: str, post):
    """The service call the action makes on one ticket, or a reason why the action cannot run."""
    value = post.get(action, "").strip()
    if action == "assign":
        agent = (
            None
            if value == "none"
            else assignable_agents(person).filter(pk=value if value.isdigit() else 0).first()
        )
        if agent is None and value != "none":
            return _("Choose whom to assign the tickets to.")
        return lambda t: tickets.update_ticket(person, t, {"assignee": agent}, channel=WEB)
    if action == "group":
        group = visible_groups(person).filter(is_active=True, pk=value if value.isdigit() else 0).first()
        if group is None:
            return _("Choose the group.")
        return lambda t: tickets.update_ticket(person, t, {"group": group}, channel=WEB)
    if action == "status":
        if value not in Status.values:
            return _("Choose the status.")
        code = post.get("resolution_code", "")
        if code and code not in ResolutionCode.values:
            return _("This is not a resolution code.")
        if value == lifecycle.RESOLVED and not code:
            return _("Choose the resolution code of the tickets to resolve them.")
        return lambda t: tickets.change_status(person, t, value, resolution_code=code, channel=WEB)
    if action == "priority":
        if not value.isdigit() or int(value) not in Priority.values:
            return _("Choose the priority.")
        return lambda t: tickets.update_ticket(person, t, {"priority": int(value)}, channel=WEB)
    if action == "merge":
        try:
            target = tickets_read.get_ticket(person, value)
        except Ticket.DoesNotExist:
            return no_such_ticket(value)
        return lambda t: t.pk == target.pk or linking.merge_tickets(person, t, target, channel=WEB)
    return _("Choose an action.")


def run_bulk_action(person, post) -> tuple[list[str], list[str]]:
    """Run the posted action on the ticked tickets; what was done, and what was refused and why."""
    chosen = chosen_tickets(person, post.getlist("tickets"))
    if not chosen:
        return [], [_("Tick the tickets to change first.")]
    change = _change(person, post.get("bulk_action", ""), post)
    if isinstance(change, str):
        return [], [change]
    outcome = batch.for_each(chosen, change)
    done = [_("Changed: %(references)s.") % {"references": ", ".join(outcome.done)}] if outcome.done else []
    report = []
    for reference, reasons in outcome.refused.items():
        report.append(
            _("%(reference)s not changed: %(reasons)s")
            % {"reference": reference, "reasons": " ".join(reasons)}
        )
    return done, report
