"""The plug-in points of the rules engine: the actions rules and macros take, the facts their
conditions test, and the outbox that carries their automatic mail.

Automation sits below mail and webhooks (and the catalogue, problems and changes to come), so it
never imports them: each of those apps registers what it adds here in its ``AppConfig.ready``,
and automation registers its own actions the same way. Plain Python (no Django), so that the
pure condition matching can use it.

Actions: ``register_action(name, check=..., apply=..., order=..., rule_only=False, batched=False)``

- ``name`` is the action's stored ``type``. Saved rules and macros keep naming it: never rename
  one. A name is registered once; registering it again with other handlers raises ValueError
  (the same registration again, as a second ``ready`` does, changes nothing).
- ``check(action, organisation) -> dict`` runs when a rule or macro is saved, by the editor, the
  dry run and the API alike: ``action`` is the posted dict (its ``type`` is ``name``),
  ``organisation`` the rule's or macro's (None: installation-wide). It returns the parameters in
  stored form, without ``type``, or raises django's ValidationError with the message(s) people
  read (the caller numbers them "#2: ..."). Helpers: ``actions.required`` and ``actions.record``.
- ``apply(action, ticket, context) -> actions.Change | None`` does a checked action to the ticket
  through the services (so every change is an event) or, when ``context.dry_run``, only says what
  it would do; None when it changes nothing. ``context.actor`` is None for rules (the system).
  A thing the action no longer finds (a deleted template) is None, not an error.
- ``order`` is where the rule editor offers the action, ascending; automation's own actions use
  10 to 110 (moked.automation.actions.register_own_actions).
- ``rule_only`` actions reach outside the ticket (mail, webhooks): macros, which an agent runs by
  hand, cannot take them.
- ``batched`` actions only queue field changes (``actions.queue_changes``); consecutive batched
  actions of a rule are written as one update of the ticket. Any other action runs after the
  queued changes are written, and the ticket is read again after it.

Facts: ``register_fact(name, kind, value)`` adds a fact conditions can test. ``kind`` is one of
the kinds of moked.automation.conditions (TEXT, NUMBER, CHOICE, LIST, BOOLEAN), which decides the
operators; ``value(ticket, at)`` computes it, only when a condition asks for it. Names are unique
across automation's own facts and registered ones.

Outbox: ``register_mail_outbox(queue)`` names the function that queues automation's own mail
(reminders to customers): ``queue(ticket, address, language, subject, text)``, in the caller's
transaction, sent later by the worker. ``queue_mail`` calls it, and raises LookupError while no
app has registered one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import conditions


@dataclass(frozen=True)
class Action:
    """One kind of action rules (and, unless rule_only, macros) can take."""

    name: str
    check: Callable[..., dict]
    apply: Callable[..., Any]
    order: int
    rule_only: bool = False
    batched: bool = False


@dataclass(frozen=True)
class Fact:
    """A fact about a ticket that conditions can test, computed when one asks for it."""

    name: str
    kind: str
    value: Callable[..., Any]


_actions: dict[str, Action] = {}
_facts: dict[str, Fact] = {}
_mail_outbox: list[Callable[..., Any]] = []


def register_action(
    name: str,
    *,
    check: Callable[..., dict],
    apply: Callable[..., Any],
    order: int,
    rule_only: bool = False,
    batched: bool = False,
) -> None:
    _register(_actions, Action(name, check, apply, order, rule_only, batched))


def action(name: str) -> Action | None:
    """The registered action of this name, or None."""
    return _actions.get(name)


def action_names(*, for_macro: bool = False) -> list[str]:
    """The names of the registered actions in the editor's order; for a macro, those it may take."""
    offered = sorted(_actions.values(), key=lambda registered: registered.order)
    return [registered.name for registered in offered if not (for_macro and registered.rule_only)]


def register_fact(name: str, kind: str, value: Callable[..., Any]) -> None:
    if kind not in conditions.OPERATORS:
        raise ValueError(f"{kind!r} is not a kind of fact")
    fact = Fact(name, kind, value)
    if name in conditions.FIELDS and _facts.get(name) != fact:
        raise ValueError(f"the fact {name!r} is already known")
    _facts[name] = fact
    conditions.FIELDS[name] = kind  # the one list of facts conditions are checked against


def registered_facts() -> list[Fact]:
    """The facts other apps added (automation's own are computed in moked.automation.facts)."""
    return list(_facts.values())


def register_mail_outbox(queue: Callable[..., Any]) -> None:
    if _mail_outbox and _mail_outbox[0] != queue:
        raise ValueError("another mail outbox is registered")
    _mail_outbox[:] = [queue]


def queue_mail(ticket, address: str, language: str, subject: str, text: str):
    """Queue automation's own mail about `ticket` through the registered outbox."""
    if not _mail_outbox:
        raise LookupError("no app registered a mail outbox (is moked.mail installed?)")
    return _mail_outbox[0](ticket, address, language, subject, text)


def _register(registry: dict, entry) -> None:
    known = registry.get(entry.name)
    if known is not None and known != entry:
        raise ValueError(f"{entry.name!r} is already registered")
    registry[entry.name] = entry
