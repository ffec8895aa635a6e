"""What happens with time: time-condition rules, reminders to customers who have not answered,
and closing tickets that waited too long on the customer or were resolved long enough ago.

Run every few minutes by the worker. Each step is claimed by a unique row (RuleFiring,
AutoCloseStep) in the transaction that does it, so two workers never do it twice, and a step
that fails leaves no claim behind and is tried again on the next sweep.
"""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from moked.businesstime import business_days
from moked.tickets import lifecycle
from moked.tickets import services as tickets
from moked.tickets.events import EventLog
from moked.tickets.models import EventChannel, EventKind, ResolutionCode, Ticket

from . import conditions, engine, registry
from .facts import organisation_calendar, status_since, ticket_facts
from .models import AutoClosePolicy, AutoCloseStep, Rule, RuleFiring, TimeAnchor, TimeUnit, Trigger

logger = logging.getLogger(__name__)
SYSTEM = EventChannel.SYSTEM
BATCH = 500
# Conditions the database can apply before the tickets are read one by one.
_QUERYABLE = {"status": "status", "priority": "priority", "ticket_type": "ticket_type", "channel": "channel"}


# --- time rules ----------------------------------------------------------------------------------


def deadline(rule: Rule, anchor, calendar):
    amount = rule.time_amount or 0
    if rule.time_unit == TimeUnit.HOURS:
        return anchor + timedelta(hours=amount)
    if rule.time_unit == TimeUnit.DAYS:
        return anchor + timedelta(days=amount)
    if rule.time_unit == TimeUnit.BUSINESS_HOURS:
        return calendar.add_business_minutes(anchor, amount * 60)
    return business_days.add_business_days(calendar, anchor, amount)


def _shortest_wait(rule: Rule) -> timedelta:
    """No business time passes faster than the clock: tickets younger than this cannot be due."""
    amount = rule.time_amount or 0
    if rule.time_unit in (TimeUnit.HOURS, TimeUnit.BUSINESS_HOURS):
        return timedelta(hours=amount)
    return timedelta(days=amount)


def anchor_of(rule: Rule, ticket: Ticket):
    if rule.time_anchor == TimeAnchor.CREATED:
        return ticket.created_at
    if rule.time_anchor == TimeAnchor.UPDATED:
        return ticket.updated_at
    return status_since(ticket)


def _prefilter(rule: Rule) -> Q:
    query = Q()
    for condition in rule.conditions.get("all", ()):
        column = _QUERYABLE.get(condition["field"])
        if column and condition["operator"] == "is":
            query &= Q(**{column: condition["value"]})
        elif column and condition["operator"] == "in":
            query &= Q(**{f"{column}__in": condition["value"]})
    return query


def run_time_rules(now=None) -> int:
    """Fire every time rule on the open tickets whose wait has passed; returns how many firings."""
    now = now or timezone.now()
    fired = 0
    for rule in Rule.objects.filter(is_active=True, trigger=Trigger.TIME).select_related("organisation"):
        candidates = Ticket.objects.filter(
            status__in=lifecycle.OPEN_STATUSES, created_at__lte=now - _shortest_wait(rule)
        ).filter(_prefilter(rule))
        if rule.organisation_id:
            candidates = candidates.filter(organisation_id=rule.organisation_id)
        candidates = candidates.select_related("organisation", "requester", "service").order_by("pk")
        for ticket in candidates.iterator(chunk_size=BATCH):
            fired += _maybe_fire(rule, ticket, now)
    return fired


def _maybe_fire(rule: Rule, ticket: Ticket, now) -> bool:
    anchor = anchor_of(rule, ticket)
    if deadline(rule, anchor, organisation_calendar(ticket.organisation)) > now:
        return False
    if RuleFiring.objects.filter(rule=rule, ticket=ticket, anchor=anchor).exists():
        return False
    try:
        if not conditions.matches(rule.conditions, ticket_facts(ticket, at=now)):
            return False
    except conditions.PatternTooSlow:
        pass  # engine.run records the failure, once for this wait
    try:
        with transaction.atomic():
            RuleFiring.objects.create(rule=rule, ticket=ticket, anchor=anchor, fired_at=now)
            engine.run(Trigger.TIME, ticket, at=now, rules=[rule])
    except IntegrityError:  # another worker took it
        return False
    return True


# --- reminders and auto-close --------------------------------------------------------------------


def policy_of(organisation) -> AutoClosePolicy:
    """The organisation's auto-close policy, or the defaults."""
    try:
        return organisation.auto_close
    except AutoClosePolicy.DoesNotExist:
        return AutoClosePolicy(organisation=organisation)


def run_auto_close(now=None) -> dict:
    """Remind, then close, tickets waiting on their customer; close resolved tickets. Returns counts."""
    now = now or timezone.now()
    done = {"reminded": 0, "closed": 0, "resolved_closed": 0}
    waiting = Ticket.objects.filter(status=lifecycle.PENDING_CUSTOMER).select_related(
        "organisation", "requester", "organisation__auto_close"
    )
    for ticket in waiting.order_by("pk").iterator(chunk_size=BATCH):
        step = _waiting_step(ticket, now)
        if step is not None:
            done[step] += 1
    resolved = Ticket.objects.filter(status=lifecycle.RESOLVED, resolved_at__isnull=False).select_related(
        "organisation", "organisation__auto_close"
    )
    for ticket in resolved.order_by("pk").iterator(chunk_size=BATCH):
        days = policy_of(ticket.organisation).close_resolved_after_days
        if days and ticket.resolved_at + timedelta(days=days) <= now:
            done["resolved_closed"] += _claimed(
                ticket, AutoCloseStep.Step.RESOLVED_CLOSED, ticket.resolved_at, now
            )
    return done


def _waiting_step(ticket: Ticket, now) -> str | None:
    policy = policy_of(ticket.organisation)
    anchor = status_since(ticket)
    calendar = organisation_calendar(ticket.organisation)
    close_days, remind_days = policy.close_after_business_days, policy.remind_after_business_days
    if close_days and business_days.add_business_days(calendar, anchor, close_days) <= now:
        return "closed" if _claimed(ticket, AutoCloseStep.Step.CLOSED, anchor, now) else None
    if remind_days and business_days.add_business_days(calendar, anchor, remind_days) <= now:
        return "reminded" if _claimed(ticket, AutoCloseStep.Step.REMINDER, anchor, now) else None
    return None


def _claimed(ticket: Ticket, step: str, anchor, now) -> bool:
    """Do the step once: claimed and done in one transaction, or neither."""
    if AutoCloseStep.objects.filter(ticket=ticket, step=step, anchor=anchor).exists():
        return False
    try:
        with transaction.atomic():
            AutoCloseStep.objects.create(ticket=ticket, step=step, anchor=anchor, done_at=now)
            STEPS[step](ticket, now)
    except IntegrityError:
        return False
    except Exception:
        logger.exception("Auto-close step %s failed on %s", step, ticket.reference)
        return False
    return True


def _remind(ticket: Ticket, now) -> None:
    requester = ticket.requester
    with override(requester.preferred_language):
        subject = _("[%(reference)s] We are waiting for your answer") % {"reference": ticket.reference}
        body = _(
            "Hello %(name)s,\n\nyour request %(reference)s (%(subject)s) is waiting for your answer. "
            "Please reply to this message; without an answer we will close the request."
        ) % {"name": requester.name, "reference": ticket.reference, "subject": ticket.subject}
    if requester.is_active and requester.email:
        registry.queue_mail(ticket, requester.email, requester.preferred_language, subject, body)
    log = EventLog(ticket, None, SYSTEM, now)
    log.add(EventKind.REMINDER_SENT, is_public=True, data={"to": requester.email})
    log.save()


def _close_unanswered(ticket: Ticket, now) -> None:
    reason = _("No answer from the customer.")
    ticket = tickets.change_status(
        None,
        ticket,
        lifecycle.RESOLVED,
        resolution_code=ResolutionCode.NO_RESPONSE,
        resolution_text=reason,
        reason=reason,
        channel=SYSTEM,
        at=now,
    )
    tickets.change_status(None, ticket, lifecycle.CLOSED, reason=reason, channel=SYSTEM, at=now)


def _close_resolved(ticket: Ticket, now) -> None:
    tickets.change_status(
        None, ticket, lifecycle.CLOSED, reason=_("Resolved long enough ago."), channel=SYSTEM, at=now
    )


STEPS = {
    AutoCloseStep.Step.REMINDER: _remind,
    AutoCloseStep.Step.CLOSED: _close_unanswered,
    AutoCloseStep.Step.RESOLVED_CLOSED: _close_resolved,
}
