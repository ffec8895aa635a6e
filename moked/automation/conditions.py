"""Rule conditions: which facts a condition may test, how, and whether a set of them matches.

Pure: no Django. A condition set is ``{"all": [condition, ...], "any": [condition, ...]}``: every
condition of ``all`` must hold, and at least one of ``any`` when it has any. A condition is
``{"field": ..., "operator": ..., "value": ...}``. Facts are a flat mapping from field name to
value, built from a ticket by the caller; ``changed`` holds the names of the fields the
triggering change touched, with their old values in ``previous``.
"""

from __future__ import annotations

import operator as _operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

TEXT, NUMBER, CHOICE, LIST, BOOLEAN = "text", "number", "choice", "list", "boolean"

FIELDS: dict[str, str] = {
    "ticket_type": CHOICE,
    "status": CHOICE,
    "priority": NUMBER,
    "impact": NUMBER,
    "urgency": NUMBER,
    "tier": NUMBER,
    "channel": CHOICE,
    "group": CHOICE,
    "assignee": CHOICE,
    "service": CHOICE,
    "service_criticality": CHOICE,
    "service_model": CHOICE,
    "category": CHOICE,
    "tags": LIST,
    "subject": TEXT,
    "description": TEXT,
    "text": TEXT,  # subject, description and the triggering comment together
    "comment": TEXT,
    "reopen_count": NUMBER,
    "escalation_count": NUMBER,
    "language": CHOICE,
    "organisation": CHOICE,
    "organisation_country": CHOICE,
    "organisation_tags": LIST,
    "requester_email": TEXT,
    "requester_domain": CHOICE,
    "requester_role": CHOICE,
    "requester_language": CHOICE,
    "business_hours": BOOLEAN,
    "minutes_in_status": NUMBER,
}

OPERATORS: dict[str, frozenset[str]] = {
    TEXT: frozenset({"is", "is_not", "contains", "not_contains", "matches", "is_set", "is_not_set"}),
    NUMBER: frozenset({"is", "is_not", "in", "not_in", "lt", "lte", "gt", "gte", "is_set", "is_not_set"}),
    CHOICE: frozenset({"is", "is_not", "in", "not_in", "is_set", "is_not_set"}),
    LIST: frozenset({"contains", "not_contains", "is_set", "is_not_set"}),
    BOOLEAN: frozenset({"is"}),
}
# On any field: did the triggering change touch it (and from or to what)?
CHANGE_OPERATORS = frozenset({"changed", "changed_to", "changed_from"})
NO_VALUE = frozenset({"is_set", "is_not_set", "changed"})
MAX_PATTERN = 500
# Seconds one regular expression may search one text for: a pattern that backtracks without end
# ("(a|aa)+$") is stopped, and the rule is recorded as failed on that ticket instead of matching.
PATTERN_TIMEOUT = 0.1
MAX_CONDITIONS = 50
_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "lt": _operator.lt,
    "lte": _operator.le,
    "gt": _operator.gt,
    "gte": _operator.ge,
}


def _(message: str) -> str:
    """Marks a message for translation (makemessages finds it); the Django side translates it."""
    return message


Problem = tuple[str, dict[str, Any]]  # a message template, marked with _(), and its %-parameters


class PatternTooSlow(Exception):
    """A `matches` condition whose regular expression searched longer than PATTERN_TIMEOUT."""

    def __init__(self, pattern: str):
        self.pattern = pattern
        super().__init__(pattern)

    def message(self, translate: Callable[[str], str] = lambda message: message) -> str:
        return translate(
            _(
                "The regular expression %(pattern)s searched for longer than %(seconds)s s on this ticket, "
                "so the rule was taken as not matching."
            )
        ) % {"pattern": repr(self.pattern), "seconds": PATTERN_TIMEOUT}


class InvalidConditions(ValueError):
    """The condition set cannot be used; ``problems`` says why, one per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(self.messages()))

    def messages(self, translate: Callable[[str], str] = lambda message: message) -> list[str]:
        """One message per problem, prefixed by where it is ("all #2: ...") when it is in a condition."""
        return [
            (f"{params['where']}: " if "where" in params else "") + translate(template) % params
            for template, params in self.problems
        ]


@dataclass(frozen=True)
class Outcome:
    """One condition and whether it held: for the dry run."""

    condition: Mapping[str, Any]
    group: str
    held: bool
    actual: Any = None  # the fact tested (not for text facts, which can be long)


def validate(conditions: object) -> dict[str, list[dict[str, Any]]]:
    """The condition set in its stored form, or InvalidConditions listing every problem."""
    if conditions in (None, ""):
        return {"all": [], "any": []}
    if not isinstance(conditions, Mapping):
        raise InvalidConditions([(_("Conditions are two lists of conditions: all and any."), {})])
    errors: list[Problem] = [
        (_("Unknown condition group %(group)s: use all or any."), {"group": repr(key)})
        for key in conditions
        if key not in ("all", "any")
    ]
    cleaned: dict[str, list[dict[str, Any]]] = {"all": [], "any": []}
    for group in ("all", "any"):
        items = conditions.get(group) or []
        if not isinstance(items, list):
            errors.append((_("%(group)s: a list of conditions."), {"group": group}))
            continue
        for number, item in enumerate(items, 1):
            problem = _problem(item)
            if problem:
                template, params = problem
                errors.append((template, {**params, "where": f"{group} #{number}"}))
            else:
                cleaned[group].append(_stored(item))
    if len(cleaned["all"]) + len(cleaned["any"]) > MAX_CONDITIONS:
        errors.append((_("At most %(count)d conditions."), {"count": MAX_CONDITIONS}))
    if errors:
        raise InvalidConditions(errors)
    return cleaned


def _problem(item: object) -> Problem | None:
    if not isinstance(item, Mapping):
        return _("a condition has a field, an operator and a value."), {}
    field, operator = item.get("field"), item.get("operator")
    if field not in FIELDS:
        return _("unknown field %(field)s."), {"field": repr(field)}
    kind = FIELDS[field]
    said = {"field": field, "operator": repr(operator)}
    if operator not in OPERATORS[kind] | CHANGE_OPERATORS:
        allowed = ", ".join(sorted(OPERATORS[kind] | CHANGE_OPERATORS))
        return _("%(field)s cannot be tested with %(operator)s (use one of: %(allowed)s)."), {
            **said,
            "allowed": allowed,
        }
    if operator in NO_VALUE:
        return None
    value = item.get("value")
    if operator in ("in", "not_in"):
        if not isinstance(value, list) or not value:
            return _("%(field)s %(operator)s needs a non-empty list."), said
        return None
    if value is None or value == "":
        return _("%(field)s %(operator)s needs a value."), said
    if operator == "matches":
        if not isinstance(value, str) or len(value) > MAX_PATTERN:
            return _("a regular expression of at most %(length)d characters."), {"length": MAX_PATTERN}
        try:
            regex.compile(value)
        except regex.error as error:
            return _("%(pattern)s is not a valid regular expression: %(error)s."), {
                "pattern": repr(value),
                "error": str(error),
            }
    if kind == NUMBER and operator in ("lt", "lte", "gt", "gte") and not _is_number(value):
        return _("%(field)s %(operator)s needs a number."), said
    if kind == BOOLEAN and not isinstance(value, bool):
        return _("%(field)s is true or false."), said
    return None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _stored(item: Mapping[str, Any]) -> dict[str, Any]:
    stored = {"field": item["field"], "operator": item["operator"]}
    if item["operator"] not in NO_VALUE:
        stored["value"] = item.get("value")
    return stored


def matches(conditions: Mapping[str, Any], facts: Mapping[str, Any]) -> bool:
    """Whether the facts satisfy the (validated) condition set."""
    if not all(holds(condition, facts) for condition in conditions.get("all", ())):
        return False
    alternatives = conditions.get("any", ())
    return not alternatives or any(holds(condition, facts) for condition in alternatives)


def explain(conditions: Mapping[str, Any], facts: Mapping[str, Any]) -> list[Outcome]:
    """Every condition with whether it held, in order."""
    return [
        Outcome(condition, group, holds(condition, facts), _shown_fact(condition["field"], facts))
        for group in ("all", "any")
        for condition in conditions.get(group, ())
    ]


def _shown_fact(field: str, facts: Mapping[str, Any]) -> Any:
    if FIELDS.get(field) == TEXT:
        return None
    value = facts.get(field)
    return sorted(value) if isinstance(value, set | frozenset) else value


def all_held(outcomes: list[Outcome]) -> bool:
    """What `matches` answers, read from the outcomes `explain` gave (no condition tested twice)."""
    alternatives = [outcome.held for outcome in outcomes if outcome.group == "any"]
    return all(outcome.held for outcome in outcomes if outcome.group == "all") and (
        not alternatives or any(alternatives)
    )


def holds(condition: Mapping[str, Any], facts: Mapping[str, Any]) -> bool:
    """Whether the condition holds; raises PatternTooSlow for a regular expression stopped by its
    time limit."""
    field, operator = condition["field"], condition["operator"]
    expected: Any = condition.get("value")  # validated: a list for "in" and "not_in"
    if operator in CHANGE_OPERATORS:
        return _changed(field, operator, expected, facts)
    actual = facts.get(field)
    if operator == "is_set":
        return _is_set(actual)
    if operator == "is_not_set":
        return not _is_set(actual)
    kind = FIELDS[field]
    if kind == TEXT:
        return _text(operator, actual or "", expected)
    if kind == LIST:
        members = {_comparable(member) for member in actual or ()}
        found = _comparable(expected) in members
        return found if operator == "contains" else not found
    if operator == "is":
        return _same(actual, expected)
    if operator == "is_not":
        return not _same(actual, expected)
    if operator in ("in", "not_in"):
        found = any(_same(actual, option) for option in expected)
        return found if operator == "in" else not found
    if actual is None:
        return False
    return _COMPARISONS[operator](actual, expected)


def _changed(field: str, operator: str, expected: object, facts: Mapping[str, Any]) -> bool:
    if field not in facts.get("changed", ()):
        return False
    if operator == "changed":
        return True
    if operator == "changed_to":
        return _same(facts.get(field), expected)
    return _same(facts.get("previous", {}).get(field), expected)


def _text(operator: str, actual: str, expected: object) -> bool:
    if operator == "matches":
        try:
            return _pattern(str(expected)).search(actual, timeout=PATTERN_TIMEOUT) is not None
        except TimeoutError:
            raise PatternTooSlow(str(expected)) from None
    needle, haystack = str(expected).casefold(), actual.casefold()
    return {
        "is": haystack == needle,
        "is_not": haystack != needle,
        "contains": needle in haystack,
        "not_contains": needle not in haystack,
    }[operator]


@lru_cache(maxsize=1024)
def _pattern(expression: str) -> regex.Pattern[str]:
    return regex.compile(expression, regex.IGNORECASE)


def _is_set(value: object) -> bool:
    return value not in (None, "", [], ())


def _comparable(value: object) -> object:
    return value.casefold() if isinstance(value, str) else value


def _same(actual: object, expected: object) -> bool:
    """Equal, reading "3" as 3 and ignoring case, since values come from JSON written by people."""
    if _is_number(actual) and isinstance(expected, str):
        try:
            return actual == float(expected)
        except ValueError:
            return False
    return _comparable(actual) == _comparable(expected)
