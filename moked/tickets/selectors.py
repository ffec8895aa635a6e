"""Reading tickets: every query starts from what the acting person may see.

An agent who does not serve an organisation gets nothing of it: not a ticket, not an event, not
a hint through search or filters; "not found" is the answer either way.
"""

from collections.abc import Callable

from django.db.models import BooleanField, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

from moked.people.access import organisation_filter
from moked.people.models import Person, Role

from . import numbering, search
from .models import (
    OPEN_STATUS_SQL_LIST,
    Attachment,
    Comment,
    Ticket,
    TicketEvent,
    TicketFollower,
    TicketTag,
)

# What a ticket shows of the records it refers to. The organisation and the people on it are
# joined, reading only what is shown (people carry passwords and preferences nobody reads here);
# the rest comes in small follow-up queries, because every extra join multiplies PostgreSQL's
# planning time (seven joins: about 5 ms a query, more than executing it).
_JOINED = ("organisation", "requester", "assignee")
_SHOWN_FIELDS = [
    *(f.name for f in Ticket._meta.concrete_fields),
    "organisation__code",
    "organisation__name",
    "requester__name",
    "requester__email",
    "assignee__name",
    "assignee__email",
]
_PERSON_SUMMARY = Person.objects.only("id", "name", "email")
_FOLLOW_UPS = (
    "group",
    "service",
    "category",
    Prefetch("escalated_to", queryset=_PERSON_SUMMARY),
    # as a list: kept in the manager's cache, Django filters a queryset per ticket, 0.3 ms each
    Prefetch("tag_links", queryset=TicketTag.objects.order_by("name"), to_attr="tags_by_name"),
)


# Other domains (above tickets) that let an end user see more tickets than they asked or follow
# register here, as approvals does for the people asked to approve one (AppConfig.ready): each
# gives, for a person, the ids of the tickets of their organisation it lets them see. The rules
# permission `tickets.view_ticket` is widened alongside, so that lists and pages agree.
END_USER_TICKETS: list[Callable[[Person], QuerySet]] = []


def visible_tickets(person: Person) -> QuerySet[Ticket]:
    """Tickets `person` may see: end users those they asked or follow (in their organisation) and
    those END_USER_TICKETS adds, client managers their organisation's, staff those of the
    organisations they serve (admins all)."""
    tickets = Ticket.objects.all()
    if not person.is_active:
        return tickets.none()
    if person.role == Role.END_USER:
        followed = TicketFollower.objects.filter(person_id=person.pk).values("ticket_id")
        theirs = Q(pk__in=followed)
        for extra in END_USER_TICKETS:
            theirs |= Q(pk__in=extra(person))
        in_organisation = Q(organisation_id=person.organisation_id)
        return tickets.filter(Q(requester_id=person.pk) | (theirs & in_organisation))
    if person.role == Role.CLIENT_MANAGER:
        return tickets.filter(organisation_id=person.organisation_id)
    return tickets.filter(organisation_filter(person))


def ticket_list(person: Person, *, q: str = "") -> QuerySet[Ticket]:
    """Visible tickets with what a list shows: one query, plus one for tags and one for each kind
    of other record the tickets refer to (none when they refer to none)."""
    tickets = (
        visible_tickets(person).select_related(*_JOINED).only(*_SHOWN_FIELDS).prefetch_related(*_FOLLOW_UPS)
    )
    if q.strip():
        tickets = search.matching(tickets, q)
    return tickets


def only_open(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """`tickets` narrowed to the open ones, written so that the partial indexes over open tickets
    (Ticket.Meta) answer: the statuses as literals in OPEN_STATUS_LIST's order. Given as parameters,
    as `status__in` gives them, SQLite cannot tell that they match an index's condition."""
    column = f'"{Ticket._meta.db_table}"."status"'
    condition = f"{column} IN {OPEN_STATUS_SQL_LIST}"  # constants only
    return tickets.filter(RawSQL(condition, (), output_field=BooleanField()))  # noqa: S611


def get_ticket(person: Person, reference: str) -> Ticket:
    """The ticket with this reference (INC-000123) if `person` may see it; else Ticket.DoesNotExist."""
    parsed = numbering.parse_reference(reference)
    if parsed is None:
        raise Ticket.DoesNotExist(reference)
    ticket_type, number = parsed
    return ticket_list(person).get(ticket_type=ticket_type, number=number)


def ticket_comments(person: Person, ticket: Ticket) -> QuerySet[Comment]:
    """The conversation of a ticket `person` may see; the client side never sees internal notes."""
    comments = (
        Comment.objects.filter(ticket=ticket)
        .select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=_visible_attachments(person)))
    )
    if not person.is_staff_member:
        comments = comments.filter(is_public=True)
    return comments


def _visible_attachments(person: Person) -> QuerySet[Attachment]:
    attachments = Attachment.objects.select_related("uploaded_by")
    return attachments if person.is_staff_member else attachments.filter(is_public=True)


def ticket_attachments(person: Person, ticket: Ticket) -> QuerySet[Attachment]:
    return _visible_attachments(person).filter(ticket=ticket)


def ticket_files(person: Person, ticket: Ticket) -> QuerySet[Attachment]:
    """The files of the ticket itself (sent with it, or uploaded beside its conversation), oldest
    first; those sent with a reply belong to that reply."""
    return ticket_attachments(person, ticket).filter(comment__isnull=True).order_by("created_at", "id")


def get_attachment(person: Person, attachment_id: int) -> Attachment:
    """An attachment of a ticket `person` may see, if they may see the file; else Attachment.DoesNotExist."""
    return (
        _visible_attachments(person)
        .select_related("ticket")
        .get(Exists(visible_tickets(person).filter(pk=OuterRef("ticket_id"))), pk=attachment_id)
    )


def ticket_events(person: Person, ticket: Ticket) -> QuerySet[TicketEvent]:
    """A ticket's history; the client side sees only the public part of it."""
    events = TicketEvent.objects.filter(ticket=ticket).select_related("actor")
    if not person.is_staff_member:
        events = events.filter(is_public=True)
    return events


def ticket_links(person: Person, ticket: Ticket) -> list[tuple[str, Ticket]]:
    """The tickets related to `ticket` that `person` may see, each with how it relates, read from
    this ticket's side ("Merged into", "Merged from", "Related to", "Follow-up of", "Followed up by")."""
    from django.utils.translation import gettext as _

    from .models import TicketLink

    # Each linked ticket is checked on its own (EXISTS), as in get_attachment: with
    # `related__in=visible_tickets(...)`, SQLite gathered the ids of every ticket the person may see
    # first, half a second with a million.
    visible = visible_tickets(person)
    outgoing = TicketLink.objects.filter(
        Exists(visible.filter(pk=OuterRef("related_id"))), ticket=ticket
    ).select_related("related")
    incoming = TicketLink.objects.filter(
        Exists(visible.filter(pk=OuterRef("ticket_id"))), related=ticket
    ).select_related("ticket")
    backwards = {
        TicketLink.Kind.MERGED_INTO: _("Merged from"),
        TicketLink.Kind.FOLLOW_UP: _("Followed up by"),
        TicketLink.Kind.RELATED: _("Related to"),
    }
    links = [
        (TicketLink.Kind(link.kind).label, link.related) for link in outgoing.order_by("created_at", "id")
    ]
    links += [(backwards[link.kind], link.ticket) for link in incoming.order_by("created_at", "id")]
    return links
