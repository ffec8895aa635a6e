"""Escalation: handing a ticket to a group of a higher tier, or flagging it to a team lead."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moked.people.access import can_see_organisation
from moked.people.models import Person, Role, SupportGroup

from .. import lifecycle
from ..events import EventLog
from ..models import Escalation, EventChannel, EventKind, Ticket
from .checks import _locked, _require


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
