"""Opening a ticket, with its number, its first event and any files sent with it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moked.people.access import can_see_organisation
from moked.people.models import Person, Role, SupportGroup
from moked.tenancy.models import Organisation

from .. import lifecycle
from ..attachments import attachments_kept_on_success, check_upload, quota_refusal
from ..classifying import classify_new_ticket
from ..events import EventLog
from ..models import ENABLED_TYPES, Channel, EventKind, Level, Ticket, TicketSequence, TicketTag, TicketType
from .attachments import _attach
from .checks import (
    _REFERENCE_FIELDS,
    _check_organisation_open,
    _check_references,
    _matrix_priority,
    check_description,
    normalise_tags,
)


def _next_number(ticket_type: str) -> int:
    """The next number of a type; must run inside the creating transaction.

    The UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite) until the transaction
    ends, so concurrent creators queue and never share a number; a rolled-back creation gives
    its number back, and a number is never reused once committed.
    """
    table = TicketSequence._meta.db_table
    with connection.cursor() as cursor:
        # RETURNING is understood by PostgreSQL and by SQLite since 3.35.
        cursor.execute(
            f"UPDATE {table} SET last_number = last_number + 1 WHERE ticket_type = %s RETURNING last_number",  # noqa: S608
            [ticket_type],
        )
        row = cursor.fetchone()
    if row is None:
        TicketSequence.objects.get_or_create(ticket_type=ticket_type)
        return _next_number(ticket_type)
    return row[0]


def create_ticket(
    actor: Person,
    *,
    organisation: Organisation,
    requester: Person,
    subject: str,
    description: str = "",
    ticket_type: str | None = None,
    service=None,
    category=None,
    impact: int | None = None,
    urgency: int | None = None,
    priority: int | None = None,
    group: SupportGroup | None = None,
    assignee: Person | None = None,
    tier: int | None = None,
    tags=(),
    channel: str = Channel.API,
    event_channel: str | None = None,
    files=(),
    at=None,
) -> Ticket:
    """Open a ticket for `requester` of `organisation`, with `files` (uploads) attached to it.

    End users open tickets for themselves; client managers for anyone of their organisation;
    staff for anyone of an organisation they serve. Only staff set the queue fields (group,
    assignee, tier, an explicit priority). Priority comes from the organisation's matrix unless
    given. A ticket with an assignee starts as assigned, otherwise as new. The ticket and its
    files are one change: a file refused refuses the ticket, and nothing is written then.

    The type (incident unless given), category, service, group, impact and urgency (low unless
    given) that the creator left out may be set by classification (`moked.tickets.classifying`)
    before the priority and tier follow from them.
    """
    unset = frozenset(
        name
        for name, value in (
            ("ticket_type", ticket_type),
            ("service", service),
            ("category", category),
            ("impact", impact),
            ("urgency", urgency),
            ("group", group),
        )
        if value is None
    )
    ticket_type = ticket_type or TicketType.INCIDENT
    impact = impact if impact is not None else Level.LOW
    urgency = urgency if urgency is not None else Level.LOW
    if not actor.is_active:
        raise PermissionDenied(_("Your account is disabled."))
    if actor.is_client:
        if organisation.pk != actor.organisation_id:
            raise PermissionDenied(_("You can open tickets only for your own organisation."))
        if actor.role == Role.END_USER and requester.pk != actor.pk:
            raise PermissionDenied(_("You can open tickets only for yourself."))
        if group or assignee or tier or priority:
            raise PermissionDenied(
                _("Only the service desk sets a ticket's group, assignee, tier or priority.")
            )
        if tags:  # tags steer rules and assignment (skills, "vip"): the desk's to set
            raise ValidationError(
                {"tags": ValidationError(_("Only the service desk tags tickets."), code="not_allowed")}
            )
    elif not can_see_organisation(actor, organisation.pk):
        raise PermissionDenied(_("You do not serve this organisation."))
    _check_organisation_open(organisation)
    if ticket_type not in ENABLED_TYPES:
        raise ValidationError(
            {
                "ticket_type": ValidationError(
                    _("Tickets of this type cannot be opened yet."), code="type_not_enabled"
                )
            }
        )

    now = at or timezone.now()
    ticket = Ticket(
        ticket_type=ticket_type,
        organisation=organisation,
        requester=requester,
        service=service,
        category=category,
        subject=" ".join(subject.split()),
        description=description.strip(),
        impact=impact,
        urgency=urgency,
        group=group,
        assignee=assignee,
        channel=channel,
        created_at=now,
        updated_at=now,
    )
    record_predictions = classify_new_ticket(ticket, unset)
    ticket.priority = priority or _matrix_priority(organisation, ticket.impact, ticket.urgency)
    ticket.tier = tier or (ticket.group.tier if ticket.group else 1)
    ticket.status = lifecycle.status_after_assignment(lifecycle.NEW, assignee is not None)
    tag_names = normalise_tags(tags)

    errors: dict = {}
    if not ticket.subject:
        errors["subject"] = _("A ticket needs a subject.")
    _check_references(ticket, errors)
    try:
        ticket.full_clean(exclude=_REFERENCE_FIELDS, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    try:
        check_description(ticket.description)
    except ValidationError as error:
        errors["description"] = error
    files = list(files)
    for upload in files:
        try:
            check_upload(upload)
        except ValidationError as error:
            errors.setdefault("file", []).extend(error.error_dict["file"])
    if (refusal := quota_refusal(len(files), sum(upload.size for upload in files))) is not None:
        errors.setdefault("file", []).append(refusal)
    if errors:
        raise ValidationError(errors)

    with transaction.atomic(), attachments_kept_on_success() as stored:
        ticket.number = _next_number(ticket.ticket_type)
        ticket.save(force_insert=True)
        if tag_names:
            TicketTag.objects.bulk_create(TicketTag(ticket=ticket, name=name) for name in tag_names)
        log = EventLog(ticket, actor, event_channel or channel, now)
        log.add(
            EventKind.CREATED,
            is_public=True,
            data={
                "ticket_type": ticket.ticket_type,
                "status": ticket.status,
                "priority": ticket.priority,
                "impact": ticket.impact,
                "urgency": ticket.urgency,
                "channel": ticket.channel,
                "group": ticket.group_id,
                "assignee": ticket.assignee_id,
                "tags": tag_names,
            },
        )
        for upload in files:
            stored.append(_attach(ticket, upload, actor=actor, public=True, comment=None, log=log))
        if record_predictions is not None:
            record_predictions(ticket)
        log.save()
    return ticket
