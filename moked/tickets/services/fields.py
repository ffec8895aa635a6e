"""Changing a ticket's fields: the agent's edits, with priority, tier and status following them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moked.people.models import Person

from .. import lifecycle
from ..events import EventLog
from ..models import EventChannel, EventKind, Ticket, TicketTag
from .checks import (
    _REFERENCE_FIELDS,
    _RELATION_FIELDS,
    _check_references,
    _locked,
    _matrix_priority,
    _require,
    check_description,
    normalise_tags,
)

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
