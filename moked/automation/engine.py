"""Running the rules of a trigger on a ticket: in order, each once per chain, never in a loop.

A rule's actions change the ticket through the ticket services, whose events trigger rules again
(a rule that sets the group triggers the "ticket updated" rules). The chain of rules that led to
a change is carried along: a rule never fires again inside its own chain, and chains stop at
MAX_DEPTH. Each firing is an event on the ticket naming the rule, the trigger, what changed, and
the chain that led to it. A rule whose action fails is rolled back alone and recorded as failed;
so is a rule whose regular expression is stopped by its time limit (its actions do not run).
"""

import contextvars
import copy
import logging
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext

from moked.flags import Flag
from moked.tickets.events import EventLog
from moked.tickets.models import EventChannel, EventKind, Ticket, TicketEvent

from . import actions, conditions
from .facts import ticket_facts
from .models import Rule

logger = logging.getLogger(__name__)

MAX_DEPTH = 5
_chain: contextvars.ContextVar[tuple] = contextvars.ContextVar("moked_rule_chain", default=())
_quiet = Flag("moked_rules_suppressed")


def suppressed():
    """No rules inside (the demo replaying history, an import)."""
    return _quiet.raised()


def is_suppressed() -> bool:
    return bool(_quiet)


def in_chain() -> bool:
    """Whether a rule's actions are running now (their changes are not a person's)."""
    return bool(_chain.get())


@dataclass
class Firing:
    """One rule on one ticket: whether its conditions held, and what it changed (or would)."""

    rule: Rule
    matched: bool
    changes: list = field(default_factory=list)
    error: str = ""
    conditions: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "rule": self.rule.pk,
            "name": self.rule.name,
            "matched": self.matched,
            "changes": [change.as_dict() for change in self.changes],
            "error": self.error,
            "conditions": [
                {**outcome.condition, "group": outcome.group, "held": outcome.held, "actual": outcome.actual}
                for outcome in self.conditions
            ],
        }


def rules_for(trigger: str, organisation_id: int) -> list[Rule]:
    """The active rules of a trigger for an organisation: the provider's first, then its own."""
    rules = _active_rules().get(trigger, ())
    return [rule for rule in rules if rule.organisation_id in (None, organisation_id)]


_cache: dict = {"version": None, "by_trigger": {}}


def _active_rules() -> dict[str, list[Rule]]:
    """Every active rule by trigger, in firing order, read again only when a rule was added,
    changed or deleted (one aggregate query tells), since every change of every ticket asks."""
    if _chain.get() and _cache["version"] is not None:
        return _cache["by_trigger"]  # checked when the chain began, a moment ago
    version = tuple(Rule.objects.aggregate(Max("updated_at"), Max("pk"), Count("pk")).values())
    if version != _cache["version"]:
        by_trigger: dict[str, list[Rule]] = {}
        ordered = Rule.objects.filter(is_active=True).order_by(
            F("organisation").asc(nulls_first=True), "position", "id"
        )
        for rule in ordered:
            by_trigger.setdefault(rule.trigger, []).append(rule)
        _cache.update(version=version, by_trigger=by_trigger)
    return _cache["by_trigger"]


def run(trigger: str, ticket: Ticket, *, events=(), comment=None, at=None, rules=None) -> list[Firing]:
    """Fire the matching rules of `trigger` on the ticket; returns those that fired."""
    chain = _chain.get()
    if _quiet:
        return []
    if len(chain) >= MAX_DEPTH:
        logger.warning("Rule chain %s stopped at depth %d on %s", chain, MAX_DEPTH, ticket.reference)
        return []
    if rules is None:
        rules = rules_for(trigger, ticket.organisation_id)
    candidates = [rule for rule in rules if rule.pk not in chain]
    if not candidates:
        return []
    facts = ticket_facts(ticket, events=events, comment=comment, at=at)
    # Rules work on their own copy: the caller's ticket object stays as the caller left it.
    current = None
    fired = []
    for rule in candidates:
        try:
            if not conditions.matches(rule.conditions, facts):
                continue
        except conditions.PatternTooSlow as slow:
            _record_too_slow(rule, trigger, ticket, chain, at, slow)
            continue
        firing = _fire(rule, trigger, current or copy.deepcopy(ticket), chain, at)
        fired.append(firing)
        current = _read(ticket.pk)  # the next rules see what this one changed
        facts = ticket_facts(current, events=events, comment=comment, at=at)
        if rule.stop_processing and not firing.error:
            break
    return fired


def _read(pk: int) -> Ticket:
    return Ticket.objects.select_related("organisation", "requester", "service").get(pk=pk)


def _fire(rule: Rule, trigger: str, ticket: Ticket, chain: tuple, at) -> Firing:
    # Recorded before its actions, so the timeline reads in the order rules fired (a rule's
    # actions may fire others), and kept when the actions fail and are rolled back.
    event = _record(rule, trigger, ticket, chain, at)
    token = _chain.set((*chain, rule.pk))
    firing = Firing(rule, matched=True)
    try:
        with transaction.atomic():
            firing.changes = actions.apply(rule.actions, ticket, actions.Context(rule=rule, at=at))
    except (ValidationError, PermissionDenied) as error:
        firing.error = "; ".join(getattr(error, "messages", None) or [str(error)])
    except Exception as error:  # a rule must never lose the change that triggered it
        logger.exception("Rule %s failed on %s", rule.pk, ticket.reference)
        firing.error = f"{type(error).__name__}: {error}"
    finally:
        _chain.reset(token)
    event.data.update(changes=[change.description for change in firing.changes], error=firing.error)
    TicketEvent.objects.filter(pk=event.pk).update(data=event.data)
    return firing


def _record_too_slow(rule: Rule, trigger: str, ticket: Ticket, chain: tuple, at, slow) -> None:
    """A rule whose pattern was stopped is a failure on the ticket's timeline and in the rule's
    counts, with no changes: its actions never ran."""
    logger.warning(
        "Rule %s: pattern %r stopped by its time limit on %s", rule.pk, slow.pattern, ticket.reference
    )
    event = _record(rule, trigger, ticket, chain, at)
    event.data.update(error=slow.message(gettext))
    TicketEvent.objects.filter(pk=event.pk).update(data=event.data)


def _record(rule: Rule, trigger: str, ticket: Ticket, chain: tuple, at) -> TicketEvent:
    log = EventLog(ticket, None, EventChannel.SYSTEM, at or timezone.now())
    event = log.add(
        EventKind.RULE_APPLIED,
        is_public=False,
        new_label=rule.name[:300],
        data={"rule": rule.pk, "trigger": trigger, "changes": [], "error": "", "chain": list(chain)},
    )
    log.save()
    return event


def dry_run(ticket: Ticket, *, trigger: str | None = None, rules=None, at=None) -> list[Firing]:
    """Which rules would fire on the ticket as it is now, and what each would change; writes nothing.

    Every rule is shown with the outcome of each of its conditions; the changes of a rule are
    described against the ticket as it is (a later rule does not see an earlier one's changes).
    """
    if rules is None:
        rules = Rule.objects.filter(is_active=True).filter(
            Q(organisation__isnull=True) | Q(organisation_id=ticket.organisation_id)
        )
        if trigger:
            rules = rules.filter(trigger=trigger)
        rules = list(rules.order_by(F("organisation").asc(nulls_first=True), "position", "id"))
    facts = ticket_facts(ticket, at=at)
    results = []
    for rule in rules:
        try:
            outcomes = conditions.explain(rule.conditions, facts)
        except conditions.PatternTooSlow as slow:
            results.append(Firing(rule, matched=False, error=slow.message(gettext)))
            continue
        matched = conditions.all_held(outcomes)
        firing = Firing(rule, matched=matched, conditions=outcomes)
        if matched:
            try:
                # a copy: describing a rule's changes sets them on the ticket in memory, and the
                # next rule is described against the ticket as it is
                firing.changes = actions.apply(
                    rule.actions, copy.copy(ticket), actions.Context(rule=rule, at=at, dry_run=True)
                )
            except (ValidationError, PermissionDenied) as error:
                firing.error = "; ".join(getattr(error, "messages", None) or [str(error)])
        results.append(firing)
    return results
