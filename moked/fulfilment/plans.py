"""A catalogue item's fulfilment plan: the tasks people do and the actions connectors take.

Pure: no Django. A plan is a mapping, as stored with the item; `check_plan` says whether one is
usable and returns it in stored form:

    {"tasks": [{"title": {"en": ..., "fi": ...}, "checklist": [{"en": ...}, ...],
                "group": <SupportGroup id> | None, "stage": 1}],
     "actions": [{"connector": "<connector code>", "action": "add_to_group",
                  "user": "requested_for", "group": "answer:folder_group"}]}

Tasks of the same stage are worked in parallel; a stage opens when every task of the stages before
it is done. Actions run in their order, as soon as fulfilment starts. An action's values come from
the request: ``"requested_for"`` (the account of the person the request is for), ``"answer:<key>"``
(an answer of the form; a person answer gives that person's account) or a literal text.

Messages are marked with `_` and returned with their parameters; the Django side translates them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

# The languages, the translation marker and the shape of a problem are the request forms' own.
from moked.catalog.request_forms import LANGUAGES, Problem, _

ACTIONS = ("reset_password", "unlock", "reset_mfa", "add_to_group", "remove_from_group", "create_user")
GROUP_ACTIONS = frozenset({"add_to_group", "remove_from_group"})
REQUESTED_FOR = "requested_for"
ANSWER = "answer:"
MAX_TASKS = 50
MAX_ACTIONS = 20
MAX_CHECKLIST = 30
MAX_STAGE = 20
MAX_TEXT = 300
MAX_VALUE = 256
MAX_ATTRIBUTES = 30
CONNECTOR_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,49}$")  # what plans name a connector by
_ATTRIBUTE = re.compile(r"^[A-Za-z][A-Za-z0-9-]{0,63}$")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,49}$")


class InvalidPlan(ValueError):
    """The plan cannot be used, or an action's values cannot be found; ``problems`` says why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(template % params for template, params in problems))


def check_plan(plan: object, *, answer_keys: Collection[str] | None = None) -> dict[str, Any]:
    """The plan in stored form, or InvalidPlan listing every problem. With `answer_keys` (the
    form's field keys), an action may only take its values from those answers."""
    if plan in (None, {}):
        return {"tasks": [], "actions": []}
    if not isinstance(plan, Mapping):
        raise InvalidPlan([(_("A fulfilment plan has tasks and actions."), {})])
    problems: list[Problem] = []
    unknown = sorted(set(plan) - {"tasks", "actions"})
    if unknown:
        problems.append(
            (
                _("A fulfilment plan has only tasks and actions, not %(names)s."),
                {"names": ", ".join(map(str, unknown))},
            )
        )
    tasks = _list(plan.get("tasks"), problems, _("The tasks of a plan are a list."))
    actions = _list(plan.get("actions"), problems, _("The actions of a plan are a list."))
    if len(tasks) > MAX_TASKS:
        problems.append((_("A plan has at most %(count)s tasks."), {"count": MAX_TASKS}))
    if len(actions) > MAX_ACTIONS:
        problems.append((_("A plan has at most %(count)s actions."), {"count": MAX_ACTIONS}))
    cleaned = {
        "tasks": [_task(raw, n, problems) for n, raw in enumerate(tasks[:MAX_TASKS], start=1)],
        "actions": [
            _action(raw, n, problems, answer_keys) for n, raw in enumerate(actions[:MAX_ACTIONS], start=1)
        ],
    }
    if problems:
        raise InvalidPlan(problems)
    return cleaned


def _list(raw: object, problems: list[Problem], refusal: str) -> Sequence[Any]:
    if raw is None:
        return []
    if not isinstance(raw, Sequence) or isinstance(raw, str | bytes):
        problems.append((refusal, {}))
        return []
    return raw


def _texts(raw: object) -> dict[str, str] | None:
    """A text per language ({"en": ..., "fi": ...}; a plain string is English), None if malformed."""
    if isinstance(raw, str):
        raw = {"en": raw}
    if not isinstance(raw, Mapping) or any(
        language not in LANGUAGES or not isinstance(text, str) for language, text in raw.items()
    ):
        return None
    return {language: " ".join(text.split())[:MAX_TEXT] for language, text in raw.items() if text.strip()}


def _task(raw: object, position: int, problems: list[Problem]) -> dict[str, Any]:
    where: dict[str, Any] = {"position": position}
    if not isinstance(raw, Mapping):
        problems.append((_("Task %(position)s is not a task."), where))
        return {}
    title = _texts(raw.get("title"))
    if not title:
        problems.append((_("Task %(position)s needs a title (en, he, fa, fi)."), where))
    checklist: list[dict[str, str]] = []
    items = raw.get("checklist") or []
    if not isinstance(items, Sequence) or isinstance(items, str | bytes) or len(items) > MAX_CHECKLIST:
        problems.append(
            (
                _("The checklist of task %(position)s is a list of at most %(count)s texts."),
                {**where, "count": MAX_CHECKLIST},
            )
        )
        items = []
    for item in items:
        text = _texts(item)
        if not text:
            problems.append((_("An item of the checklist of task %(position)s has no text."), where))
        else:
            checklist.append(text)
    group = raw.get("group")
    if group is not None and (not isinstance(group, int) or isinstance(group, bool) or group < 1):
        problems.append((_("The group of task %(position)s is a group's id, or empty."), where))
        group = None
    stage = raw.get("stage", 1)
    if not isinstance(stage, int) or isinstance(stage, bool) or not 1 <= stage <= MAX_STAGE:
        problems.append(
            (
                _("The stage of task %(position)s is a number from 1 to %(count)s."),
                {**where, "count": MAX_STAGE},
            )
        )
        stage = 1
    return {"title": title or {}, "checklist": checklist, "group": group, "stage": stage}


def _source(
    raw: object,
    name: str,
    where: dict[str, Any],
    problems: list[Problem],
    answer_keys: Collection[str] | None,
) -> str:
    if not isinstance(raw, str) or not raw.strip() or len(raw) > MAX_VALUE or "\x00" in raw:
        problems.append(
            (
                _("Action %(position)s needs its %(name)s: requested_for, answer:<key> or a text."),
                {**where, "name": name},
            )
        )
        return ""
    value = raw.strip()
    if value.startswith(ANSWER):
        key = value[len(ANSWER) :]
        if not _KEY.match(key):
            problems.append(
                (
                    _("Action %(position)s takes %(name)s from an answer with no valid key."),
                    {**where, "name": name},
                )
            )
        elif answer_keys is not None and key not in answer_keys:
            problems.append(
                (
                    _("Action %(position)s takes %(name)s from %(key)s, which the form does not ask."),
                    {**where, "name": name, "key": key},
                )
            )
    return value


def _action(
    raw: object, position: int, problems: list[Problem], answer_keys: Collection[str] | None
) -> dict[str, Any]:
    where: dict[str, Any] = {"position": position}
    if not isinstance(raw, Mapping):
        problems.append((_("Action %(position)s is not an action."), where))
        return {}
    connector, action = raw.get("connector"), raw.get("action")
    if not isinstance(connector, str) or not CONNECTOR_CODE.match(connector):
        problems.append((_("Action %(position)s needs the code of a connector."), where))
    if action not in ACTIONS:
        problems.append(
            (_("Action %(position)s is none of: %(actions)s."), {**where, "actions": ", ".join(ACTIONS)})
        )
        return {}
    cleaned: dict[str, Any] = {
        "connector": connector,
        "action": action,
        "user": _source(raw.get("user", REQUESTED_FOR), "user", where, problems, answer_keys),
    }
    if action in GROUP_ACTIONS:
        cleaned["group"] = _source(raw.get("group"), "group", where, problems, answer_keys)
    if action == "create_user":
        attributes = raw.get("attributes") or {}
        if not isinstance(attributes, Mapping) or len(attributes) > MAX_ATTRIBUTES:
            problems.append((_("The attributes of action %(position)s are names and values."), where))
            attributes = {}
        cleaned["attributes"] = {}
        for name, value in attributes.items():
            if not isinstance(name, str) or not _ATTRIBUTE.match(name):
                problems.append((_("Action %(position)s sets an attribute with no valid name."), where))
                continue
            cleaned["attributes"][name] = _source(value, name, where, problems, answer_keys)
    return cleaned


def action_parameters(
    action_def: Mapping[str, Any],
    answers: Mapping[str, Any],
    requested_for_login: str,
    *,
    person_login: Callable[[int], str | None] = lambda pk: None,
) -> dict[str, Any]:
    """What one (checked) action is given: {"account": ..., "group": ..., "attributes": {...}},
    the values taken from the request. A person answer (an id) becomes that person's account,
    through `person_login`. InvalidPlan when an answer it needs is missing."""
    problems: list[Problem] = []

    def value(source: str, name: str) -> str | list[str]:
        if source == REQUESTED_FOR:
            found: object = requested_for_login
        elif source.startswith(ANSWER):
            found = answers.get(source[len(ANSWER) :])
            if isinstance(found, int) and not isinstance(found, bool):
                found = person_login(found) or ""
        else:
            return source
        if (
            isinstance(found, list)
            and found
            and all(isinstance(item, str) and item.strip() for item in found)
        ):
            return [item.strip() for item in found]
        if isinstance(found, int | float) and not isinstance(found, bool):
            found = str(found)
        if not isinstance(found, str) or not found.strip():
            problems.append(
                (
                    _("The request gives no %(name)s for the action (%(source)s)."),
                    {"name": name, "source": source},
                )
            )
            return ""
        return found.strip()

    parameters: dict[str, Any] = {"account": value(action_def["user"], "user")}
    if "group" in action_def:
        parameters["group"] = value(action_def["group"], "group")
    if "attributes" in action_def:
        parameters["attributes"] = {
            name: value(source, name) for name, source in action_def["attributes"].items()
        }
    for key in ("account", "group"):
        if isinstance(parameters.get(key), list):
            problems.append((_("The action takes one %(name)s, not a list."), {"name": key}))
    if problems:
        raise InvalidPlan(problems)
    return parameters


def stages(tasks: Sequence[Mapping[str, Any]]) -> list[int]:
    """The plan's stages, in order."""
    return sorted({int(task["stage"]) for task in tasks})
