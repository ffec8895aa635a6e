"""An approval chain's definition: its steps, who approves each, by which rule, and its clocks (pure).

A chain is a list of steps, decided in order (see `decisions`). A step is

    {"name": {"en": "Manager", "he": ..., "fa": ..., "fi": ...},
     "approvers": [{"kind": "manager"}, {"kind": "person", "person": 12},
                   {"kind": "group", "group": 3}, {"kind": "client_managers"},
                   {"kind": "service_owner"}],
     "rule": "all" | "any" | "at_least", "count": 2,
     "remind_after_hours": 8 | None, "expire_after_hours": 40 | None,
     "on_expiry": "reject" | "escalate"}

Hours are business hours of the ticket organisation's calendar. `count` is the n of "at least n"
(1 for the other rules). A step that escalates needs an expiry. `check_chain` refuses an unusable
chain with every reason and returns it in stored form; who the approvers are is resolved by the
Django side when a step starts. Messages are marked with `_` and returned with their parameters;
the Django side translates them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .decisions import ALL, ANY, AT_LEAST

MANAGER, PERSON, GROUP, CLIENT_MANAGERS, SERVICE_OWNER = (
    "manager",
    "person",
    "group",
    "client_managers",
    "service_owner",
)
APPROVER_KINDS = (MANAGER, PERSON, GROUP, CLIENT_MANAGERS, SERVICE_OWNER)
RULES = (ALL, ANY, AT_LEAST)
REJECT, ESCALATE = "reject", "escalate"
ON_EXPIRY = (REJECT, ESCALATE)
LANGUAGES = ("en", "he", "fa", "fi")

MAX_STEPS = 10
MAX_APPROVERS = 20
MAX_NAME = 200
MAX_HOURS = 24 * 365  # business hours: more than a year of office time


def _(message: str) -> str:
    """Marks a message for translation (makemessages finds it); the Django side translates it."""
    return message


Problem = tuple[str, dict[str, Any]]  # a message template, marked with _(), and its %-parameters


class InvalidChain(ValueError):
    """The chain cannot be used; ``problems`` says why, one per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(template % params for template, params in problems))


def check_chain(steps: object) -> list[dict[str, Any]]:
    """The chain's steps in stored form, or InvalidChain listing every problem."""
    if not isinstance(steps, Sequence) or isinstance(steps, str | bytes):
        raise InvalidChain([(_("An approval chain is a list of steps."), {})])
    problems: list[Problem] = []
    if len(steps) > MAX_STEPS:
        problems.append((_("An approval chain has at most %(count)s steps."), {"count": MAX_STEPS}))
    cleaned = []
    for position, raw in enumerate(steps[:MAX_STEPS], start=1):
        step = _check_step(position, raw, problems)
        if step is not None:
            cleaned.append(step)
    if problems:
        raise InvalidChain(problems)
    return cleaned


def _check_step(position: int, raw: object, problems: list[Problem]) -> dict[str, Any] | None:
    where: dict[str, Any] = {"position": position}
    if not isinstance(raw, Mapping):
        problems.append((_("Step %(position)s is not a step definition."), where))
        return None
    before = len(problems)
    name = _check_name(raw.get("name"), where, problems)
    approvers = _check_approvers(raw.get("approvers"), where, problems)
    rule = raw.get("rule", ALL)
    if rule not in RULES:
        problems.append((_("Step %(position)s has an unknown rule."), where))
    count = raw.get("count", 1)
    if rule == AT_LEAST:
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 100:
            problems.append((_("Step %(position)s needs a number of approvals between 1 and 100."), where))
    else:
        count = 1
    remind = _check_hours(raw.get("remind_after_hours"), where, problems)
    expire = _check_hours(raw.get("expire_after_hours"), where, problems)
    if remind is not None and expire is not None and remind >= expire:
        problems.append((_("Step %(position)s reminds only before it expires."), where))
    on_expiry = raw.get("on_expiry", REJECT)
    if on_expiry not in ON_EXPIRY:
        problems.append((_("Step %(position)s: an expired step is rejected or escalated."), where))
    elif on_expiry == ESCALATE and raw.get("expire_after_hours") is None:
        problems.append((_("Step %(position)s escalates when it expires, so it needs an expiry."), where))
    if len(problems) > before:
        return None
    return {
        "name": name,
        "approvers": approvers,
        "rule": rule,
        "count": count,
        "remind_after_hours": remind,
        "expire_after_hours": expire,
        "on_expiry": on_expiry,
    }


def _check_name(raw: object, where: dict[str, Any], problems: list[Problem]) -> dict[str, str]:
    if not isinstance(raw, Mapping) or not raw:
        problems.append((_("Step %(position)s needs a name."), where))
        return {}
    name: dict[str, str] = {}
    before = len(problems)
    for language, text in raw.items():
        if language not in LANGUAGES:
            problems.append(
                (_("Step %(position)s has a name in an unknown language (%(language)s)."),
                 {**where, "language": str(language)[:10]})
            )  # fmt: skip
        elif not isinstance(text, str) or len(text.strip()) > MAX_NAME:
            problems.append(
                (_("Step %(position)s: a name is a text of at most %(count)s characters."),
                 {**where, "count": MAX_NAME})
            )  # fmt: skip
        elif text.strip():
            name[language] = text.strip()
    if not name and len(problems) == before:
        problems.append((_("Step %(position)s needs a name."), where))
    return name


def _check_approvers(raw: object, where: dict[str, Any], problems: list[Problem]) -> list[dict[str, Any]]:
    if not isinstance(raw, Sequence) or isinstance(raw, str | bytes) or not raw:
        problems.append((_("Step %(position)s needs at least one approver."), where))
        return []
    if len(raw) > MAX_APPROVERS:
        problems.append(
            (_("Step %(position)s has at most %(count)s approvers."), {**where, "count": MAX_APPROVERS})
        )
        return []
    approvers: list[dict[str, Any]] = []
    for item in raw:
        kind = item.get("kind") if isinstance(item, Mapping) else None
        if kind not in APPROVER_KINDS:
            problems.append((_("Step %(position)s has an approver of an unknown kind."), where))
            continue
        assert isinstance(item, Mapping)
        approver: dict[str, Any] = {"kind": kind}
        if kind in (PERSON, GROUP):
            value = item.get(kind)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                problems.append(
                    (_("Step %(position)s: an approver of kind %(kind)s needs its %(kind)s's id."),
                     {**where, "kind": kind})
                )  # fmt: skip
                continue
            approver[kind] = value
        if approver in approvers:
            problems.append((_("Step %(position)s names the same approver twice."), where))
            continue
        approvers.append(approver)
    return approvers


def _check_hours(raw: object, where: dict[str, Any], problems: list[Problem]) -> float | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not 0 < raw <= MAX_HOURS:
        problems.append(
            (_("Step %(position)s: hours are a number above 0 and at most %(count)s."),
             {**where, "count": MAX_HOURS})
        )  # fmt: skip
        return None
    return int(raw) if float(raw).is_integer() else float(raw)
