"""Every change to a ticket: one function per action, which checks the rules, writes the change
and records its events in the same transaction.

Callers (API views, the demo, later e-mail and automation) pass the acting person and the channel
the action came through. Refusals raise PermissionDenied (the person may not do this) or
ValidationError (the request itself is wrong, with a code per problem); nothing is written then.
Functions that change a ticket lock it, and return it as written: callers use the returned instance.
`at` (default: now) lets an import or the demo replay history at its own times; the API never sets it.
"""

import re
from datetime import timedelta

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from moked.people.access import can_see_organisation
from moked.people.models import CLIENT_ROLES, Person, Role, SupportGroup
from moked.tenancy import priority as priority_matrix
from moked.tenancy.models import Organisation

from . import lifecycle
from .attachments import (
    attachments_kept_on_success,
    check_upload,
    check_uploads,
    quota_refusal,
    store_attachment,
)
from .events import EventLog
from .models import (
    ENABLED_TYPES,
    MAX_DESCRIPTION_LENGTH,
    Channel,
    Comment,
    Escalation,
    EventChannel,
    EventKind,
    ResolutionCode,
    Status,
    Ticket,
    TicketFollower,
    TicketLink,
    TicketSequence,
    TicketTag,
    TicketType,
)

MAX_TAGS = 20
# full_clean checks the plain fields (choices, lengths); _check_references checks these against
# the organisation, and the database's constraints back both.
_REFERENCE_FIELDS = [
    "number",
    "requester",
    "organisation",
    "service",
    "category",
    "group",
    "assignee",
    "escalated_to",
]
_TAG = re.compile(r"^[\w][\w.+-]{0,49}$")

# Fields an agent may change with update_ticket; status has its own function.
EDITABLE_FIELDS = frozenset(
    {
        "subject",
        "description",
        "requester",
        "service",
        "category",
        "impact",
        "urgency",
        "priority",
        "group",
        "assignee",
        "tier",
        "tags",
    }
)


def transition_message(code: str) -> str:
    messages = {
        lifecycle.TransitionRefused.UNKNOWN_STATUS: _("This is not a ticket status."),
        lifecycle.TransitionRefused.SAME_STATUS: _("The ticket already has this status."),
        lifecycle.TransitionRefused.NOT_ALLOWED: _("A ticket cannot go from “%(current)s” to “%(target)s”."),
        lifecycle.TransitionRefused.NEEDS_ASSIGNEE: _(
            "Assign the ticket to an agent before setting it to “%(target)s”."
        ),
        lifecycle.TransitionRefused.HAS_ASSIGNEE: _(
            "Remove the assignee before putting the ticket back to “new”."
        ),
        lifecycle.TransitionRefused.NEEDS_RESOLUTION: _("A resolved ticket needs a resolution code."),
        lifecycle.TransitionRefused.REOPEN_WINDOW_PASSED: _(
            "This ticket was closed too long ago to be reopened; open a new ticket instead."
        ),
    }
    return messages[code]


def _status_label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else status


def _refuse_transition(refusal: lifecycle.TransitionRefused):
    params = {"current": _status_label(refusal.current), "target": _status_label(refusal.target)}
    raise ValidationError(
        {"status": ValidationError(transition_message(refusal.code), code=refusal.code, params=params)}
    ) from refusal


def _require(permission: str, actor: Person | None, ticket: Ticket) -> None:
    """Refuse unless `actor` may; `None` is the system itself (SLA escalation, automation), which
    acts on the provider's own configured rules and is never reachable from a request."""
    if actor is not None and not rules.has_perm(permission, actor, ticket):
        raise PermissionDenied(_("You may not do this to this ticket."))


def normalise_tags(tags) -> list[str]:
    """Tags as stored: lower-case, spaces to hyphens, unique, sorted; bad ones are refused."""
    cleaned = set()
    for raw in tags:
        tag = re.sub(r"\s+", "-", str(raw).strip().lower())
        if not _TAG.match(tag):
            raise ValidationError(
                {
                    "tags": ValidationError(
                        _("“%(tag)s” is not a valid tag: use up to 50 letters, digits, hyphens or dots."),
                        code="invalid_tag",
                        params={"tag": raw},
                    )
                }
            )
        cleaned.add(tag)
    if len(cleaned) > MAX_TAGS:
        raise ValidationError(
            {
                "tags": ValidationError(
                    _("A ticket has at most %(max)d tags."), code="too_many_tags", params={"max": MAX_TAGS}
                )
            }
        )
    return sorted(cleaned)


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


# --- consistency of a ticket's references -------------------------------------------------------


_RELATION_FIELDS = ("requester", "service", "category", "group", "assignee")


def _check_references(ticket: Ticket, errors: dict, fields=_RELATION_FIELDS) -> None:
    """Collect into `errors` each reference among `fields` that does not fit the ticket's organisation
    (a change of group re-checks that the assignee is a member of it)."""
    org_id = ticket.organisation_id
    if "requester" in fields:
        requester = ticket.requester
        if requester.role not in CLIENT_ROLES or requester.organisation_id != org_id:
            errors["requester"] = _("The requester must be a person of the ticket's organisation.")
        elif not requester.is_active:
            errors["requester"] = _("This person's account is disabled.")
    if (
        "service" in fields
        and ticket.service_id
        and (ticket.service.organisation_id != org_id or not ticket.service.is_active)
    ):
        errors["service"] = _("This service is not an active service of the ticket's organisation.")
    if (
        "category" in fields
        and ticket.category_id
        and (not ticket.category.is_usable_by(org_id) or not ticket.category.is_active)
    ):
        errors["category"] = _("This category cannot be used for the ticket's organisation.")
    if "group" in fields and ticket.group_id and not ticket.group.is_active:
        errors["group"] = _("This group is no longer active.")
    if ("assignee" in fields or "group" in fields) and ticket.assignee_id:
        assignee = ticket.assignee
        if not (assignee.is_active and assignee.is_staff_member and can_see_organisation(assignee, org_id)):
            errors["assignee"] = _(
                "The assignee must be an active agent who serves the ticket's organisation."
            )
        elif ticket.group_id and not ticket.group.members.filter(pk=assignee.pk).exists():
            errors["assignee"] = _("The assignee is not a member of the ticket's group.")


def _check_organisation_open(organisation: Organisation) -> None:
    if not organisation.is_active:
        raise ValidationError(
            {
                "organisation": ValidationError(
                    _("This organisation is suspended: it cannot open new tickets."),
                    code="organisation_suspended",
                )
            }
        )


def check_description(description: str) -> None:
    """Refuse a description longer than MAX_DESCRIPTION_LENGTH characters, saying by how much:
    longer texts (logs, dumps) belong in an attached file, where they cost a page nothing."""
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise ValidationError(
            _(
                "A description may be at most %(limit)s characters; this one has %(length)s. "
                "Attach longer texts, such as logs, as a file."
            ),
            code="too_long",
            params={
                "limit": formats.number_format(MAX_DESCRIPTION_LENGTH, force_grouping=True),
                "length": formats.number_format(len(description), force_grouping=True),
            },
        )


def _matrix_priority(organisation: Organisation, impact, urgency) -> int:
    """The matrix priority; for an impact or urgency out of range, the current lowest, so that
    full_clean reports the bad field instead of this failing first."""
    if impact in priority_matrix.IMPACTS and urgency in priority_matrix.URGENCIES:
        return organisation.priority_for(impact, urgency)
    return priority_matrix.PRIORITIES[-1]


# --- creating -----------------------------------------------------------------------------------


def create_ticket(
    actor: Person,
    *,
    organisation: Organisation,
    requester: Person,
    subject: str,
    description: str = "",
    ticket_type: str = TicketType.INCIDENT,
    service=None,
    category=None,
    impact: int = 3,
    urgency: int = 3,
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
    """
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
    ticket.priority = priority or _matrix_priority(organisation, impact, urgency)
    ticket.tier = tier or (group.tier if group else 1)
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
        ticket.number = _next_number(ticket_type)
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
        log.save()
    return ticket


# --- changing fields ----------------------------------------------------------------------------


def _locked(ticket: Ticket) -> Ticket:
    """The ticket re-read under a row lock, so concurrent changes apply one after the other."""
    return Ticket.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=ticket.pk)


def update_ticket(
    actor: Person, ticket: Ticket, changes: dict, *, channel: str = EventChannel.API, at=None
) -> Ticket:
    """Change a ticket's fields (see EDITABLE_FIELDS); staff only. Returns the updated ticket.

    Changing impact or urgency recomputes the priority unless a priority is given too; changing
    the group moves the tier to the group's tier unless a tier is given; giving a new ticket an
    assignee makes it assigned, and taking the assignee away puts it back to new. Nothing changes
    when the values are the same as before.
    """
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError({field: _("This field cannot be changed here.") for field in sorted(unknown)})
    _require("tickets.work_ticket", actor, ticket)

    with transaction.atomic():
        current = _locked(ticket)
        # Records being replaced are loaded before the change, for the event's "old" label.
        replaced = {
            field: getattr(current, field)
            for field, value in changes.items()
            if field in _RELATION_FIELDS and getattr(current, f"{field}_id") != getattr(value, "pk", None)
        }
        before = {field: _stored(current, field) for field in EDITABLE_FIELDS - {"tags"}}
        old_tags = sorted(current.tag_links.values_list("name", flat=True)) if "tags" in changes else []
        new_tags = normalise_tags(changes["tags"]) if "tags" in changes else old_tags

        for field, value in changes.items():
            if field != "tags":
                setattr(current, field, value)
        if isinstance(current.subject, str):
            current.subject = " ".join(current.subject.split())
        if ("impact" in changes or "urgency" in changes) and "priority" not in changes:
            current.priority = _matrix_priority(current.organisation, current.impact, current.urgency)
        if "group" in changes and "tier" not in changes and current.group is not None:
            current.tier = current.group.tier

        errors: dict = {}
        if not current.subject:
            errors["subject"] = _("A ticket needs a subject.")
        _check_references(current, errors, fields=set(changes) & set(_RELATION_FIELDS))
        try:
            current.full_clean(exclude=_REFERENCE_FIELDS, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = {**error.message_dict, **errors}
        if "description" in changes and isinstance(current.description, str):
            try:
                check_description(current.description)
            except ValidationError as error:
                errors["description"] = error
        if errors:
            raise ValidationError(errors)

        changed = [field for field in before if before[field] != _stored(current, field)]
        tags_changed = new_tags != old_tags
        if not changed and not tags_changed:
            return current

        now = at or timezone.now()
        log = EventLog(current, actor, channel, now)
        for field in sorted(changed):
            log.field_change(field, replaced.get(field, before[field]), getattr(current, field))
        if tags_changed:
            log.field_change("tags", old_tags, new_tags)
            TicketTag.objects.filter(ticket=current).exclude(name__in=new_tags).delete()
            TicketTag.objects.bulk_create(
                [TicketTag(ticket=current, name=name) for name in new_tags if name not in old_tags]
            )
        if "assignee" in changed:
            new_status = lifecycle.status_after_assignment(current.status, current.assignee_id is not None)
            if new_status != current.status:
                log.field_change("status", current.status, new_status, kind=EventKind.STATUS_CHANGED)
                current.status = new_status
                changed.append("status")
        current.updated_at = now
        current.save(update_fields=[*changed, "updated_at"])
        log.save()
    return current


def _stored(ticket: Ticket, field: str):
    """A field's value as stored: the id for a relation, so comparing needs no query."""
    return getattr(ticket, f"{field}_id") if field in _RELATION_FIELDS else getattr(ticket, field)


# --- the lifecycle ------------------------------------------------------------------------------


def reopen_window(ticket: Ticket) -> timedelta:
    return timedelta(days=ticket.organisation.reopen_window_days)


def allowed_statuses(actor: Person, ticket: Ticket) -> list[str]:
    """The statuses `actor` may move `ticket` to now."""
    state = ticket.lifecycle_state()
    targets = lifecycle.allowed_targets(state, now=timezone.now(), reopen_window=reopen_window(ticket))
    if rules.has_perm("tickets.work_ticket", actor, ticket):
        return targets
    if rules.has_perm("tickets.accept_or_reopen_ticket", actor, ticket):
        reopen = lifecycle.reopen_target(state.has_assignee)
        return [
            t
            for t in targets
            if (lifecycle.is_reopen(ticket.status, t) and t == reopen)
            or (ticket.status == lifecycle.RESOLVED and t == lifecycle.CLOSED)
        ]
    return []


def change_status(
    actor: Person,
    ticket: Ticket,
    status: str,
    *,
    resolution_code: str = "",
    resolution_text: str = "",
    reason: str = "",
    channel: str = EventChannel.API,
    at=None,
) -> Ticket:
    """Move a ticket through its lifecycle.

    Staff may make any move the lifecycle allows. The requester and their client manager may
    accept a resolution (resolved → closed) or reject it by reopening the ticket. Resolving
    needs a resolution code; moving a resolved or closed ticket back to an open status reopens
    it (counted), which a closed ticket allows only within the organisation's reopen window.
    """
    with transaction.atomic():
        current = _locked(ticket)
        if actor is not None and not rules.has_perm(
            "tickets.work_ticket", actor, current
        ):  # None: the system
            _require("tickets.accept_or_reopen_ticket", actor, current)
            accepts = current.status == lifecycle.RESOLVED and status == lifecycle.CLOSED
            reopens = status == lifecycle.reopen_target(
                current.assignee_id is not None
            ) and lifecycle.is_reopen(current.status, status)
            if not (accepts or reopens):
                raise PermissionDenied(_("You can only accept a resolution or reopen the ticket."))
        if resolution_code and resolution_code not in ResolutionCode.values:
            raise ValidationError(
                {
                    "resolution_code": ValidationError(
                        _("This is not a resolution code."), code="invalid_choice"
                    )
                }
            )
        now = at or timezone.now()
        try:
            lifecycle.check_transition(
                current.lifecycle_state(),
                status,
                resolution_code=resolution_code,
                now=now,
                reopen_window=reopen_window(current),
            )
        except lifecycle.TransitionRefused as refusal:
            _refuse_transition(refusal)

        log = EventLog(current, actor, channel, now)
        data = {"reason": reason.strip()} if reason.strip() else {}
        reopening = lifecycle.is_reopen(current.status, status)
        if reopening:
            data["reopen"] = True
        log.field_change("status", current.status, status, kind=EventKind.STATUS_CHANGED, data=data)
        fields = ["status", "updated_at"]
        if status == lifecycle.RESOLVED:
            for field, value in (
                ("resolution_code", resolution_code),
                ("resolution_text", resolution_text.strip()),
                ("resolved_at", now),
            ):
                log.field_change(field, getattr(current, field), value)
                setattr(current, field, value)
                fields.append(field)
        elif status == lifecycle.CLOSED:
            log.field_change("closed_at", current.closed_at, now)
            current.closed_at = now
            fields.append("closed_at")
        elif reopening:
            current.reopen_count += 1
            log.field_change("reopen_count", current.reopen_count - 1, current.reopen_count)
            fields.append("reopen_count")
            for field in ("resolved_at", "closed_at"):
                if getattr(current, field) is not None:
                    log.field_change(field, getattr(current, field), None)
                    setattr(current, field, None)
                    fields.append(field)
        current.status = status
        current.updated_at = now
        current.save(update_fields=fields)
        log.save()
    return current


def reopen_ticket(
    actor: Person, ticket: Ticket, *, reason: str = "", channel: str = EventChannel.API, at=None
) -> Ticket:
    """Reopen a resolved ticket, or a closed one within the reopen window: back to its assignee or to new."""
    target = lifecycle.reopen_target(ticket.assignee_id is not None)
    if ticket.status not in lifecycle.DONE_STATUSES:
        raise ValidationError(
            {
                "status": ValidationError(
                    _("Only a resolved or closed ticket can be reopened."), code="not_reopenable"
                )
            }
        )
    return change_status(actor, ticket, target, reason=reason, channel=channel, at=at)


def reject_resolution(
    actor: Person, ticket: Ticket, reason: str, *, channel: str = EventChannel.API, at=None
) -> Ticket:
    """The requester (or their client manager) says a resolved ticket is not solved: it reopens
    with their reason on its timeline, and the reason is a public reply in its conversation, where
    the agent reads on. A rejection without a reason is refused."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Say what is still not solved."), code="required")}
        )
    with transaction.atomic():
        reopened = reopen_ticket(actor, ticket, reason=reason, channel=channel, at=at)
        add_comment(actor, reopened, reason, channel=channel, at=at)
    return reopened


# --- conversation -------------------------------------------------------------------------------


def add_comment(
    actor: Person,
    ticket: Ticket,
    body: str,
    *,
    public: bool = True,
    channel: str = EventChannel.API,
    files=(),
    html: str = "",
    at=None,
) -> Comment:
    """Add a public reply or (staff only) an internal note, with optional uploaded files.

    A closed ticket takes internal notes only. The first public reply of the provider's staff
    sets the ticket's first response time.
    """
    _require("tickets.reply_ticket", actor, ticket)
    if not public:
        _require("tickets.work_ticket", actor, ticket)
    body = body.strip()
    if not body and not files:
        raise ValidationError(
            {"body": ValidationError(_("Write a message or attach a file."), code="required")}
        )
    check_uploads(files)

    with transaction.atomic(), attachments_kept_on_success() as stored:
        current = _locked(ticket)
        if public:
            _refuse_closed(current, field="body")
        now = at or timezone.now()
        comment = Comment.objects.create(
            ticket=current,
            author=actor,
            body=body,
            html=html,
            is_public=public,
            channel=channel,
            created_at=now,
        )
        log = EventLog(current, actor, channel, now)
        log.add(EventKind.REPLY_ADDED if public else EventKind.NOTE_ADDED, is_public=public, comment=comment)
        fields = ["updated_at"]
        if public and actor.is_staff_member and current.first_response_at is None:
            log.field_change("first_response_at", None, now)
            current.first_response_at = now
            fields.append("first_response_at")
        for upload in files:
            stored.append(_attach(current, upload, actor=actor, public=public, comment=comment, log=log))
        current.updated_at = now
        current.save(update_fields=fields)
        log.save()
    return comment


def add_attachment(
    actor: Person, ticket: Ticket, upload, *, public: bool = True, channel: str = EventChannel.API, at=None
):
    """Attach a file to a ticket: public (the requester sees it) or, for staff, internal."""
    _require("tickets.reply_ticket", actor, ticket)
    if not public:
        _require("tickets.work_ticket", actor, ticket)
    check_upload(upload)
    with transaction.atomic():
        current = _locked(ticket)
        if public:
            _refuse_closed(current, field="file")
        log = EventLog(current, actor, channel, at or timezone.now())
        attachment = _attach(current, upload, actor=actor, public=public, comment=None, log=log)
        current.updated_at = log.at
        current.save(update_fields=["updated_at"])
        log.save()
    return attachment


def _refuse_closed(ticket: Ticket, *, field: str) -> None:
    """A closed ticket takes no more public conversation."""
    if ticket.status == lifecycle.CLOSED:
        message = _("This ticket is closed: reopen it, or open a new ticket.")
        raise ValidationError({field: ValidationError(message, code="ticket_closed")})


def _attach(ticket: Ticket, upload, *, actor, public: bool, comment, log: EventLog):
    attachment = store_attachment(ticket, upload, actor=actor, public=public, comment=comment, at=log.at)
    log.add(
        EventKind.ATTACHMENT_ADDED,
        is_public=public,
        comment=comment,
        data={"attachment": attachment.pk, "filename": attachment.filename, "size": attachment.size},
    )
    return attachment


# --- escalation ---------------------------------------------------------------------------------


def _require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Say why the ticket is escalated."), code="required")}
        )
    return reason


def escalate_ticket(
    actor: Person,
    ticket: Ticket,
    *,
    group: SupportGroup,
    reason: str,
    channel: str = EventChannel.API,
    at=None,
) -> Ticket:
    """Functional escalation: hand an open ticket to a group of a higher tier, with a reason.

    The ticket leaves its assignee (the new group picks it up), takes the group's tier, and
    counts one more functional escalation.
    """
    _require("tickets.work_ticket", actor, ticket)
    reason = _require_reason(reason)
    with transaction.atomic():
        current = _locked(ticket)
        if not current.is_open:
            raise ValidationError(
                {
                    "status": ValidationError(
                        _("Only an open ticket can be escalated."), code="ticket_not_open"
                    )
                }
            )
        if not group.is_active:
            raise ValidationError(
                {"group": ValidationError(_("This group is no longer active."), code="inactive")}
            )
        if group.tier <= current.tier:
            raise ValidationError(
                {
                    "group": ValidationError(
                        _("Escalate to a group of a higher tier than the ticket's tier %(tier)d."),
                        code="not_higher_tier",
                        params={"tier": current.tier},
                    )
                }
            )
        now = at or timezone.now()
        log = EventLog(current, actor, channel, now)
        escalation = Escalation.objects.create(
            ticket=current,
            kind=Escalation.Kind.FUNCTIONAL,
            reason=reason,
            from_group=current.group,
            to_group=group,
            from_tier=current.tier,
            to_tier=group.tier,
            actor=actor,
            at=now,
        )
        log.add(
            EventKind.ESCALATED,
            is_public=False,
            data={
                "escalation": escalation.pk,
                "reason": reason,
                "from_tier": current.tier,
                "to_tier": group.tier,
            },
        )
        log.field_change("group", current.group, group)
        log.field_change("tier", current.tier, group.tier)
        fields = ["group", "tier", "functional_escalations", "updated_at"]
        if current.assignee_id:
            log.field_change("assignee", current.assignee, None)
            current.assignee = None
            fields.append("assignee")
            new_status = lifecycle.status_after_assignment(current.status, has_assignee=False)
            if new_status != current.status:
                log.field_change("status", current.status, new_status, kind=EventKind.STATUS_CHANGED)
                current.status = new_status
                fields.append("status")
        current.functional_escalations += 1
        log.field_change(
            "functional_escalations", current.functional_escalations - 1, current.functional_escalations
        )
        current.group, current.tier, current.updated_at = group, group.tier, now
        current.save(update_fields=fields)
        log.save()
    return current


def flag_to_manager(
    actor: Person,
    ticket: Ticket,
    *,
    reason: str,
    manager: Person | None = None,
    channel: str = EventChannel.API,
    at=None,
) -> Ticket:
    """Hierarchical escalation: flag a ticket to a team lead (by default one of its group's leads)."""
    _require("tickets.work_ticket", actor, ticket)
    reason = _require_reason(reason)
    with transaction.atomic():
        current = _locked(ticket)
        if manager is None and current.group_id:
            # the first lead who serves the organisation: a lead of a group shared with other
            # clients who does not serve this one is never told of its tickets
            leads = current.group.leads.filter(is_active=True).order_by("pk")
            manager = next((p for p in leads if can_see_organisation(p, current.organisation_id)), None)
        if manager is None:
            raise ValidationError(
                {
                    "manager": ValidationError(
                        _("The ticket's group has no team lead: choose whom to flag it to."), code="required"
                    )
                }
            )
        if not (
            manager.is_active
            and manager.role in (Role.TEAM_LEAD, Role.ADMIN)
            and can_see_organisation(manager, current.organisation_id)
        ):
            raise ValidationError(
                {
                    "manager": ValidationError(
                        _("Flag tickets to an active team lead or admin who serves the organisation."),
                        code="invalid",
                    )
                }
            )
        now = at or timezone.now()
        escalation = Escalation.objects.create(
            ticket=current,
            kind=Escalation.Kind.HIERARCHICAL,
            reason=reason,
            from_group=current.group,
            to_group=current.group,
            from_tier=current.tier,
            to_tier=current.tier,
            to_person=manager,
            actor=actor,
            at=now,
        )
        log = EventLog(current, actor, channel, now)
        log.add(EventKind.FLAGGED, is_public=False, data={"escalation": escalation.pk, "reason": reason})
        log.field_change("escalated_to", current.escalated_to, manager)
        current.hierarchical_escalations += 1
        log.field_change(
            "hierarchical_escalations", current.hierarchical_escalations - 1, current.hierarchical_escalations
        )
        current.escalated_to, current.updated_at = manager, now
        current.save(update_fields=["escalated_to", "hierarchical_escalations", "updated_at"])
        log.save()
    return current


# --- phone --------------------------------------------------------------------------------------


def log_call(
    actor: Person,
    *,
    caller: Person,
    notes: str,
    subject: str = "",
    ticket: Ticket | None = None,
    direction: str = "inbound",
    duration_seconds: int | None = None,
    at=None,
    **ticket_fields,
) -> Ticket:
    """Log a phone call: a new ticket for the caller (channel phone), or, given `ticket`, an
    internal note of the call on that ticket. Staff only."""
    if not actor.is_active or not actor.is_staff_member:
        raise PermissionDenied(_("Only the service desk logs phone calls."))
    if caller.role not in CLIENT_ROLES or not can_see_organisation(actor, caller.organisation_id):
        raise ValidationError(
            {"caller": ValidationError(_("Choose a caller of an organisation you serve."), code="invalid")}
        )
    call = {"direction": direction, "duration_seconds": duration_seconds, "caller": caller.pk}
    if ticket is None:
        with transaction.atomic():
            ticket = create_ticket(
                actor,
                organisation=caller.organisation,
                requester=caller,
                subject=subject,
                description=notes,
                channel=Channel.PHONE,
                event_channel=EventChannel.PHONE,
                at=at,
                **ticket_fields,
            )
            # Answering the call was the first response.
            log = EventLog(ticket, actor, EventChannel.PHONE, ticket.created_at)
            log.add(EventKind.CALL_LOGGED, is_public=False, data=call)
            log.field_change("first_response_at", None, ticket.created_at)
            ticket.first_response_at = ticket.created_at
            ticket.save(update_fields=["first_response_at"])
            log.save()
        return ticket
    if ticket.organisation_id != caller.organisation_id:
        raise ValidationError(
            {"ticket": ValidationError(_("This ticket belongs to another organisation."), code="invalid")}
        )
    with transaction.atomic():
        comment = add_comment(actor, ticket, notes, public=False, channel=EventChannel.PHONE, at=at)
        log = EventLog(ticket, actor, EventChannel.PHONE, comment.created_at)
        log.add(EventKind.CALL_LOGGED, is_public=False, comment=comment, data=call)
        log.save()
    return ticket


# --- followers and links ------------------------------------------------------------------------


def add_followers(actor: Person, ticket: Ticket, people, *, channel: str = EventChannel.API, at=None) -> list:
    """Make people of the ticket's organisation followers: they are told of its public
    conversation and may read and answer it. Others, the requester and those already following
    are left out. Returns those added."""
    _require("tickets.reply_ticket", actor, ticket)
    if not people:
        return []
    following = set(TicketFollower.objects.filter(ticket=ticket).values_list("person_id", flat=True))
    added = {
        person.pk: person
        for person in people
        if person.is_active
        and person.is_client
        and person.organisation_id == ticket.organisation_id
        and person.pk != ticket.requester_id
        and person.pk not in following
    }
    if not added:
        return []
    now = at or timezone.now()
    with transaction.atomic():
        TicketFollower.objects.bulk_create(
            TicketFollower(ticket=ticket, person=person, added_at=now) for person in added.values()
        )
        log = EventLog(ticket, actor, channel, now)
        for person in added.values():
            log.add(
                EventKind.FOLLOWER_ADDED,
                is_public=True,
                field="followers",
                new_value=str(person.pk),
                new_label=str(person)[:300],
            )
        log.save()
    return list(added.values())


def link_follow_up(actor: Person | None, ticket: Ticket, earlier: Ticket, *, channel: str, at=None) -> None:
    """Record that `ticket` follows up `earlier` (closed too long ago to reopen), on both timelines."""
    now = at or timezone.now()
    with transaction.atomic():
        TicketLink.objects.get_or_create(
            ticket=ticket, related=earlier, kind=TicketLink.Kind.FOLLOW_UP, defaults={"created_at": now}
        )
        for this, other in ((ticket, earlier), (earlier, ticket)):
            log = EventLog(this, actor, channel, now)
            log.add(
                EventKind.LINKED,
                is_public=True,
                field="links",
                new_value=other.reference,
                new_label=other.reference,
                data={"kind": TicketLink.Kind.FOLLOW_UP},
            )
            log.save()


def add_system_note(
    ticket: Ticket, body: str, *, channel: str = EventChannel.SYSTEM, data=None, at=None
) -> Comment:
    """An internal note written by Moked itself (a delivery failure, an automatic reply received)."""
    with transaction.atomic():
        current = _locked(ticket)
        now = at or timezone.now()
        comment = Comment.objects.create(
            ticket=current, author=None, body=body.strip(), is_public=False, channel=channel, created_at=now
        )
        log = EventLog(current, None, channel, now)
        log.add(EventKind.NOTE_ADDED, is_public=False, comment=comment, data=data or {})
        log.save()
    return comment
