"""A catalogue item's request form: its fields, their conditions, and the answers it accepts.

Pure: no Django. A form is a list of field definitions (mappings, as stored with each version of
the form); `check_form` says whether one is usable and returns it in stored form. A field is

    {"key": "folder_path", "type": "text", "required": True, "label": {"en": ..., "he": ...},
     "help": {...}, "choices": [{"value": "read", "label": {...}}, ...], "min": 0, "max": 10,
     "max_length": 200, "show_when": [{"field": "access_type", "operator": "is", "value": "shared"}]}

`show_when` lists conditions that must all hold for the field to be shown; each tests a field
defined *before* it, so a form is read top to bottom and a field hidden hides whatever depends on
it. The browser and the server apply the same conditions (`visible_keys`): what is hidden is not
asked, not required, and its value is never kept (`clean_answers` drops it).

Values a person or an attachment names are checked by the caller (`known_people`,
`known_attachments`): this module only knows their shape. Messages are marked with `_` for
translation and returned with their parameters; the Django side translates them.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from moked.people import addresses

TEXT, LONG_TEXT, NUMBER, DATE = "text", "long_text", "number", "date"
CHOICE, MULTIPLE_CHOICE, YES_NO, EMAIL = "choice", "multiple_choice", "yes_no", "email"
PERSON, ATTACHMENT = "person", "attachment"
FIELD_TYPES = (TEXT, LONG_TEXT, NUMBER, DATE, CHOICE, MULTIPLE_CHOICE, YES_NO, EMAIL, PERSON, ATTACHMENT)
CHOICE_TYPES = frozenset({CHOICE, MULTIPLE_CHOICE})
LANGUAGES = ("en", "he", "fa", "fi")

# What each operator of a condition may test, by the type of the field it tests.
OPERATORS: dict[str, frozenset[str]] = {
    CHOICE: frozenset({"is", "is_not", "in", "not_in", "is_set", "is_not_set"}),
    MULTIPLE_CHOICE: frozenset({"contains", "not_contains", "is_set", "is_not_set"}),
    YES_NO: frozenset({"is"}),
    NUMBER: frozenset({"is", "is_not", "lt", "lte", "gt", "gte", "is_set", "is_not_set"}),
}
OTHER_OPERATORS = frozenset({"is_set", "is_not_set"})
NO_VALUE = frozenset({"is_set", "is_not_set"})

MAX_FIELDS = 100
MAX_TEXT = 500
MAX_LONG_TEXT = 20_000
MAX_CHOICES = 200
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,49}$")


def _(message: str) -> str:
    """Marks a message for translation (makemessages finds it); the Django side translates it."""
    return message


Problem = tuple[str, dict[str, Any]]  # a message template, marked with _(), and its %-parameters


class InvalidForm(ValueError):
    """The form definition cannot be used; ``problems`` says why, one per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(template % params for template, params in problems))


@dataclass
class Answers:
    """The answers a form accepted (only the visible fields' values, in stored form) or why not,
    by field key ("" for problems of the whole submission)."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[Problem]] = field(default_factory=dict)

    def refuse(self, where: str, template: str, **params: Any) -> None:
        self.errors.setdefault(where, []).append((template, params))

    @property
    def ok(self) -> bool:
        return not self.errors


def check_form(fields: object) -> list[dict[str, Any]]:
    """The form's fields in stored form, or InvalidForm listing every problem."""
    if not isinstance(fields, Sequence) or isinstance(fields, str | bytes):
        raise InvalidForm([(_("A form is a list of fields."), {})])
    problems: list[Problem] = []
    if len(fields) > MAX_FIELDS:
        problems.append((_("A form has at most %(count)s fields."), {"count": MAX_FIELDS}))
    cleaned: list[dict[str, Any]] = []
    types: dict[str, str] = {}
    for position, raw in enumerate(fields[:MAX_FIELDS], start=1):
        where: dict[str, Any] = {"position": position}
        if not isinstance(raw, Mapping):
            problems.append((_("Field %(position)s is not a field definition."), where))
            continue
        key, kind = raw.get("key"), raw.get("type")
        if not isinstance(key, str) or not _KEY.match(key):
            problems.append(
                (
                    _(
                        "Field %(position)s needs a key of lower-case letters, digits and underscores, "
                        "starting with a letter."
                    ),
                    where,
                )
            )
            continue
        where = {"position": position, "key": key}
        if key in types:
            problems.append((_("Two fields have the key %(key)s."), where))
            continue
        if kind not in FIELD_TYPES:
            problems.append((_("Field %(key)s has an unknown type."), where))
            continue
        stored: dict[str, Any] = {"key": key, "type": kind, "required": bool(raw.get("required", False))}
        stored["label"] = _texts(raw.get("label"), problems, where, required=True)
        stored["help"] = _texts(raw.get("help"), problems, where, required=False)
        if kind in CHOICE_TYPES:
            stored["choices"] = _choices(raw.get("choices"), problems, where)
        if kind == NUMBER:
            bounds = {
                "min": _("The minimum of field %(key)s is not a number."),
                "max": _("The maximum of field %(key)s is not a number."),
            }
            for bound, refusal in bounds.items():
                if raw.get(bound) is not None:
                    number = _number(raw[bound])
                    if number is None:
                        problems.append((refusal, where))
                    else:
                        stored[bound] = str(number)
            if "min" in stored and "max" in stored and Decimal(stored["min"]) > Decimal(stored["max"]):
                problems.append((_("The minimum of field %(key)s is above its maximum."), where))
        if kind in (TEXT, LONG_TEXT) and raw.get("max_length") is not None:
            limit = raw["max_length"]
            ceiling = MAX_TEXT if kind == TEXT else MAX_LONG_TEXT
            if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= ceiling:
                problems.append(
                    (
                        _("The longest answer of field %(key)s is a whole number from 1 to %(ceiling)s."),
                        {**where, "ceiling": ceiling},
                    )
                )
            else:
                stored["max_length"] = limit
        stored["show_when"] = _conditions(raw.get("show_when"), cleaned, types, problems, where)
        types[key] = kind
        cleaned.append(stored)
    if problems:
        raise InvalidForm(problems)
    return cleaned


def _texts(raw: object, problems: list[Problem], where: dict[str, Any], *, required: bool) -> dict[str, str]:
    """A text in each language ({"en": ..., "fi": ...}); a plain string is the English one."""
    if raw in (None, "", {}):
        if required:
            problems.append((_("Field %(key)s needs a label."), where))
        return {}
    if isinstance(raw, str):
        raw = {"en": raw}
    if not isinstance(raw, Mapping) or any(
        language not in LANGUAGES or not isinstance(text, str) for language, text in raw.items()
    ):
        problems.append((_("The texts of field %(key)s are one per language: en, he, fa, fi."), where))
        return {}
    found = {language: " ".join(text.split())[:MAX_TEXT] for language, text in raw.items() if text.strip()}
    if required and not found:
        problems.append((_("Field %(key)s needs a label."), where))
    return found


def _choices(raw: object, problems: list[Problem], where: dict[str, Any]) -> list[dict[str, Any]]:
    if not isinstance(raw, Sequence) or isinstance(raw, str | bytes) or not raw:
        problems.append((_("Field %(key)s needs its choices."), where))
        return []
    found: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in raw[:MAX_CHOICES]:
        value = item.get("value") if isinstance(item, Mapping) else None
        if not isinstance(value, str) or not value.strip() or len(value) > 100:
            problems.append((_("Each choice of field %(key)s needs a value of up to 100 characters."), where))
            continue
        if value in seen:
            problems.append(
                (_("Field %(key)s offers the choice %(value)s twice."), {**where, "value": value})
            )
            continue
        seen.add(value)
        label = _texts(item.get("label") or value, problems, where, required=True)
        found.append({"value": value, "label": label})
    return found


def _conditions(
    raw: object,
    earlier: list[dict[str, Any]],
    types: dict[str, str],
    problems: list[Problem],
    where: dict[str, Any],
) -> list[dict[str, Any]]:
    if raw in (None, []):
        return []
    if not isinstance(raw, Sequence) or isinstance(raw, str | bytes):
        problems.append((_("The conditions of field %(key)s are a list."), where))
        return []
    choices = {item["key"]: {choice["value"] for choice in item.get("choices", [])} for item in earlier}
    found: list[dict[str, Any]] = []
    for condition in raw:
        if not isinstance(condition, Mapping):
            problems.append((_("A condition of field %(key)s is not a condition."), where))
            continue
        tested, operator = condition.get("field"), condition.get("operator")
        if tested not in types:
            problems.append(
                (
                    _("Field %(key)s can be shown only on a field above it, not on %(tested)s."),
                    {**where, "tested": repr(tested)},
                )
            )
            continue
        kind = types[tested]
        if operator not in OPERATORS.get(kind, OTHER_OPERATORS):
            problems.append(
                (
                    _("Field %(key)s tests %(tested)s with an operator that field does not take."),
                    {**where, "tested": tested},
                )
            )
            continue
        stored = {"field": tested, "operator": operator}
        if operator not in NO_VALUE:
            value = condition.get("value")
            if kind in CHOICE_TYPES:
                values = value if operator in ("in", "not_in") else [value]
                if (
                    not isinstance(values, list)
                    or not values
                    or any(item not in choices[tested] for item in values)
                ):
                    problems.append(
                        (
                            _("Field %(key)s tests %(tested)s for a value it does not offer."),
                            {**where, "tested": tested},
                        )
                    )
                    continue
            elif kind == YES_NO:
                if not isinstance(value, bool):
                    problems.append(
                        (_("Field %(key)s tests %(tested)s for yes or no."), {**where, "tested": tested})
                    )
                    continue
            elif kind == NUMBER:
                if _number(value) is None:
                    problems.append(
                        (_("Field %(key)s tests %(tested)s against a number."), {**where, "tested": tested})
                    )
                    continue
                value = str(_number(value))
            stored["value"] = value
        found.append(stored)
    return found


def visible_keys(fields: Sequence[Mapping[str, Any]], values: Mapping[str, Any]) -> list[str]:
    """The keys of the fields shown for these (cleaned) values, top to bottom: a field is shown
    when each of its conditions holds on a field that is itself shown."""
    shown: list[str] = []
    for item in fields:
        if all(_holds(condition, values, shown) for condition in item.get("show_when", [])):
            shown.append(item["key"])
    return shown


def _holds(condition: Mapping[str, Any], values: Mapping[str, Any], shown: Collection[str]) -> bool:
    tested, operator = condition["field"], condition["operator"]
    value: Any = values.get(tested) if tested in shown else None
    given = value not in (None, "", [])
    if operator == "is_set":
        return given
    if operator == "is_not_set":
        return not given
    expected: Any = condition.get("value")
    if operator == "is":
        if isinstance(expected, bool) or isinstance(value, bool):
            return value is expected
        return given and _same(value, expected)
    if operator == "is_not":
        return not (given and _same(value, expected))
    if operator == "in":
        return given and value in expected
    if operator == "not_in":
        return not (given and value in expected)
    if operator == "contains":
        return given and expected in value
    if operator == "not_contains":
        return not (given and expected in value)
    if operator in ("lt", "lte", "gt", "gte"):
        if not given:
            return False
        number, bound = Decimal(str(value)), Decimal(str(expected))
        return {
            "lt": number < bound,
            "lte": number <= bound,
            "gt": number > bound,
            "gte": number >= bound,
        }[operator]
    raise ValueError(f"unknown operator {operator!r}")


def _same(value: Any, expected: Any) -> bool:
    if isinstance(value, str) and isinstance(expected, str):
        return value == expected
    left, right = _number(value), _number(expected)
    return left is not None and left == right


def clean_answers(
    fields: Sequence[Mapping[str, Any]],
    raw: Mapping[str, Any],
    *,
    known_people: Callable[[Collection[int]], Collection[int]] = lambda ids: (),
    known_attachments: Callable[[Collection[str]], Collection[str]] = lambda tokens: (),
) -> Answers:
    """The answers to keep from a submission `raw` ({key: value as the browser or the API sent
    it}), checked against the form: the visible fields' values in stored form, the hidden ones'
    dropped, and a problem for each required visible field left empty, each value of the wrong
    shape, and each key the form does not have. `known_people(ids)` returns those of the ids that
    are people the requester may name; `known_attachments(tokens)` those of the tokens that are
    files the requester uploaded for this submission."""
    answers = Answers()
    keys = {item["key"] for item in fields}
    for key in sorted(set(raw) - keys):
        answers.refuse("", _("The form has no field %(key)s."), key=repr(key)[:60])
    typed: dict[str, Any] = {}
    for item in fields:
        key = item["key"]
        value = raw.get(key)
        if _empty(value):
            continue
        converted = _converted(item, value, answers)
        if converted is not None:
            typed[key] = converted
    shown = visible_keys(fields, typed)
    people = [typed[key] for key in shown if _type(fields, key) == PERSON and key in typed]
    attachments = [typed[key] for key in shown if _type(fields, key) == ATTACHMENT and key in typed]
    found_people = set(known_people(people)) if people else set()
    found_attachments = set(known_attachments(attachments)) if attachments else set()
    for item in fields:
        key = item["key"]
        if key not in shown:
            answers.errors.pop(key, None)  # a hidden field's value is neither kept nor judged
            continue
        if key in answers.errors:
            continue
        if key not in typed:
            if item.get("required"):
                answers.refuse(key, _("This field is required."))
            continue
        value = typed[key]
        if item["type"] == PERSON and value not in found_people:
            answers.refuse(key, _("Choose a person of your organisation."))
        elif item["type"] == ATTACHMENT and value not in found_attachments:
            answers.refuse(key, _("Attach the file again."))
        else:
            answers.values[key] = value
    return answers


def _type(fields: Sequence[Mapping[str, Any]], key: str) -> str:
    return str(next(item["type"] for item in fields if item["key"] == key))


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _converted(item: Mapping[str, Any], value: Any, answers: Answers) -> Any:
    """The value in stored form, or None after recording why it cannot be."""
    key, kind = item["key"], item["type"]
    if isinstance(value, str) and "\x00" in value:
        answers.refuse(key, _("The answer holds a character that is not allowed."))
        return None
    if kind in (TEXT, LONG_TEXT):
        if not isinstance(value, str):
            answers.refuse(key, _("Give this answer as text."))
            return None
        text = " ".join(value.split()) if kind == TEXT else value.strip()
        limit = item.get("max_length") or (MAX_TEXT if kind == TEXT else MAX_LONG_TEXT)
        if len(text) > limit:
            answers.refuse(key, _("Give at most %(limit)s characters."), limit=limit)
            return None
        return text
    if kind == NUMBER:
        number = _number(value)
        if number is None:
            answers.refuse(key, _("Give a number."))
            return None
        if "min" in item and number < Decimal(item["min"]):
            answers.refuse(key, _("Give a number of at least %(min)s."), min=item["min"])
            return None
        if "max" in item and number > Decimal(item["max"]):
            answers.refuse(key, _("Give a number of at most %(max)s."), max=item["max"])
            return None
        return str(number)
    if kind == DATE:
        try:
            return datetime.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            answers.refuse(key, _("Give a date as year-month-day."))
            return None
    if kind in CHOICE_TYPES:
        offered = {choice["value"] for choice in item["choices"]}
        chosen = value if isinstance(value, list) else [value]
        if kind == CHOICE and len(chosen) != 1:
            answers.refuse(key, _("Choose one."))
            return None
        if any(not isinstance(one, str) or one not in offered for one in chosen):
            answers.refuse(key, _("Choose among the values offered."))
            return None
        return (
            chosen[0]
            if kind == CHOICE
            else sorted(set(chosen), key=[c["value"] for c in item["choices"]].index)
        )
    if kind == YES_NO:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in (
            "true",
            "yes",
            "on",
            "1",
            "false",
            "no",
            "off",
            "0",
        ):
            return value.strip().lower() in ("true", "yes", "on", "1")
        answers.refuse(key, _("Answer yes or no."))
        return None
    if kind == EMAIL:
        if not isinstance(value, str) or not addresses.is_valid(value.strip()):
            answers.refuse(key, _("Give an e-mail address."))
            return None
        return addresses.canonical(value.strip())
    if kind == PERSON:
        if isinstance(value, bool) or not (
            isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit())
        ):
            answers.refuse(key, _("Choose a person of your organisation."))
            return None
        return int(value)
    if kind == ATTACHMENT:
        if not isinstance(value, str) or len(value) > 100:
            answers.refuse(key, _("Attach the file again."))
            return None
        return value
    raise ValueError(f"unknown field type {kind!r}")


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or abs(number) >= Decimal(10) ** 15:
        return None
    return number.normalize() if number != number.to_integral_value() else number.quantize(Decimal(1))
