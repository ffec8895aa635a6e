"""The filters of a ticket list, read from a page's query string (pure: no Django imports).

A filter is what an agent narrows a view with: statuses, priorities, types, channels, the
assignee ("me", "none" or a person), the group ("none" or a group), an organisation (by its id or
its code, such as GALIL, as the API takes it), a tag, and
how soon the SLA is due. `parse` takes the query's values as lists of strings (as a query
string gives them) and keeps what is well-formed; what is not is reported, never guessed.
"""

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

ME, NOBODY = "me", "none"
MAX_DUE_HOURS = 24 * 365
# An organisation's code, as tenancy.models.Organisation.code allows it (read in capitals).
ORGANISATION_CODE = re.compile(r"[A-Z0-9][A-Z0-9_-]{1,15}", re.ASCII)


@dataclass(frozen=True)
class TicketFilter:
    statuses: tuple[str, ...] = ()
    priorities: tuple[int, ...] = ()
    types: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    assignee: str = ""  # "", ME, NOBODY or a person's id
    group: str = ""  # "", NOBODY or a group's id
    organisation: str = ""  # "", an organisation's id or its code
    tag: str = ""
    due_within_hours: int | None = None

    def is_empty(self) -> bool:
        return self == TicketFilter()

    def as_params(self) -> dict[str, list[str]]:
        """The query-string values that `parse` reads back into this filter."""
        params: dict[str, list[str]] = {
            "status": list(self.statuses),
            "priority": [str(p) for p in self.priorities],
            "type": list(self.types),
            "channel": list(self.channels),
            "assignee": [self.assignee] if self.assignee else [],
            "group": [self.group] if self.group else [],
            "organisation": [self.organisation] if self.organisation else [],
            "tag": [self.tag] if self.tag else [],
            "due": [str(self.due_within_hours)] if self.due_within_hours is not None else [],
        }
        return {name: values for name, values in params.items() if values}


@dataclass
class Parsed:
    filter: TicketFilter
    errors: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Choices:
    """The values the installation knows, which a filter may name."""

    statuses: frozenset[str]
    types: frozenset[str]
    channels: frozenset[str]
    priorities: frozenset[int] = frozenset({1, 2, 3, 4})


def _values(params: Mapping[str, Sequence[str]], name: str) -> list[str]:
    raw = params.get(name, [])
    values = [raw] if isinstance(raw, str) else list(raw)
    return [value.strip() for value in values if value and value.strip()]


T = TypeVar("T")


def _unique(values: Iterable[T]) -> tuple[T, ...]:
    return tuple(dict.fromkeys(values))


def _one_of(values: list[str], known: frozenset[str], name: str, errors: dict[str, str]) -> tuple[str, ...]:
    unknown = [value for value in values if value not in known]
    if unknown:
        errors[name] = ", ".join(unknown)
    return _unique(value for value in values if value in known)


def _identifier(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and 0 < int(value) < 2**63 else None


def parse(params: Mapping[str, Sequence[str]], choices: Choices) -> Parsed:
    """The filter these query values describe, and for each malformed one its name and value."""
    errors: dict[str, str] = {}
    priorities = []
    for value in _values(params, "priority"):
        number = _identifier(value)
        if number in choices.priorities:
            priorities.append(number)
        else:
            errors["priority"] = value
    people = _values(params, "assignee")[:1]
    assignee = people[0] if people else ""
    if assignee and assignee not in (ME, NOBODY) and _identifier(assignee) is None:
        errors["assignee"], assignee = assignee, ""
    groups = _values(params, "group")[:1]
    group = groups[0] if groups else ""
    if group and group != NOBODY and _identifier(group) is None:
        errors["group"], group = group, ""
    organisations = _values(params, "organisation")[:1]
    organisation = organisations[0].upper() if organisations and organisations[0].isascii() else ""
    if organisations and not (
        organisation and (_identifier(organisation) or ORGANISATION_CODE.fullmatch(organisation))
    ):
        errors["organisation"], organisation = organisations[0], ""
    tags = _values(params, "tag")[:1]
    tag = tags[0].lower()[:50] if tags else ""
    due = _values(params, "due")[:1]
    due_within = _identifier(due[0]) if due else None
    if due and (due_within is None or due_within > MAX_DUE_HOURS):
        errors["due"], due_within = due[0], None
    return Parsed(
        TicketFilter(
            statuses=_one_of(_values(params, "status"), choices.statuses, "status", errors),
            priorities=_unique(sorted(priorities)),
            types=_one_of(_values(params, "type"), choices.types, "type", errors),
            channels=_one_of(_values(params, "channel"), choices.channels, "channel", errors),
            assignee=assignee,
            group=group,
            organisation=organisation,
            tag=tag,
            due_within_hours=due_within,
        ),
        errors,
    )
