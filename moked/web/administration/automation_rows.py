"""The rows of the rule and macro editors: conditions (field, operator, value) and actions (what,
with what), offered from the automation engine's own lists and read back from the posted form.

Each row has a key of its own and its inputs are named after it ("c-<key>-field", "a-<key>-type"),
so rows can be added, removed and redrawn (htmx) in any order, and a multiple choice stays with
its row. The keys posted under "condition" and "action" give the order of the rows.
"""

import re
import secrets
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from moked.automation import actions as engine_actions
from moked.automation import conditions as engine_conditions
from moked.automation import registry
from moked.automation.selectors import visible_email_templates
from moked.catalog.models import Service
from moked.catalog.selectors import visible_categories, visible_services
from moked.mail import rule_actions
from moked.people.models import Role, Tier
from moked.people.selectors import assignable_agents, visible_groups, visible_organisations
from moked.tickets.models import Channel, Level, Priority, ResolutionCode, Status, TicketType
from moked.webhooks.selectors import visible_webhooks

GROUPS = ("all", "any")
FIELD_LABELS = {
    "ticket_type": _("Ticket type"),
    "status": _("Status"),
    "priority": _("Priority"),
    "impact": _("Impact"),
    "urgency": _("Urgency"),
    "tier": _("Tier"),
    "channel": _("Channel"),
    "group": _("Group"),
    "assignee": _("Assignee"),
    "service": _("Service"),
    "service_criticality": _("Service criticality"),
    "service_model": _("Service model"),
    "category": _("Category"),
    "tags": _("Tags"),
    "subject": _("Subject"),
    "description": _("Description"),
    "text": _("Subject, description or comment"),
    "comment": _("Comment"),
    "reopen_count": _("Times reopened"),
    "escalation_count": _("Times escalated"),
    "language": _("Language"),
    "organisation": _("Organisation"),
    "organisation_country": _("Organisation's country code"),
    "organisation_tags": _("Organisation's tags"),
    "requester_email": _("Requester's e-mail address"),
    "requester_domain": _("Requester's e-mail domain"),
    "requester_role": _("Requester's role"),
    "requester_language": _("Requester's language"),
    "business_hours": _("Within business hours"),
    "minutes_in_status": _("Minutes in this status"),
    "predicted_ticket_type": _("Predicted ticket type"),
    "predicted_ticket_type_confidence": _("Confidence of the predicted ticket type"),
    "predicted_category": _("Predicted category"),
    "predicted_category_confidence": _("Confidence of the predicted category"),
    "predicted_service": _("Predicted service"),
    "predicted_service_confidence": _("Confidence of the predicted service"),
    "predicted_group": _("Predicted group"),
    "predicted_group_confidence": _("Confidence of the predicted group"),
    "predicted_impact": _("Predicted impact"),
    "predicted_impact_confidence": _("Confidence of the predicted impact"),
    "predicted_urgency": _("Predicted urgency"),
    "predicted_urgency_confidence": _("Confidence of the predicted urgency"),
}
# A prediction fact takes its values from the ticket's own field (moked.automation.prediction_facts).
PREDICTED = "predicted_"
OPERATOR_LABELS = {
    "is": _("is"),
    "is_not": _("is not"),
    "in": _("is one of"),
    "not_in": _("is none of"),
    "contains": _("contains"),
    "not_contains": _("does not contain"),
    "matches": _("matches the pattern"),
    "lt": _("is less than"),
    "lte": _("is at most"),
    "gt": _("is more than"),
    "gte": _("is at least"),
    "is_set": _("is set"),
    "is_not_set": _("is empty"),
    "changed": _("has just changed"),
    "changed_to": _("has just changed to"),
    "changed_from": _("has just changed from"),
}
ACTION_LABELS = {
    "set_priority": _("Set the priority"),
    "set_field": _("Set a field"),
    "set_status": _("Set the status"),
    "assign_group": _("Assign to a group"),
    "assign_agent": _("Assign to an agent"),
    "add_tag": _("Add a tag"),
    "remove_tag": _("Remove a tag"),
    "add_note": _("Write an internal note"),
    "send_email": _("Send an e-mail"),
    "escalate": _("Escalate to a group"),
    "call_webhook": _("Call a webhook"),
}
RECIPIENT_LABELS = {
    "requester": _("the requester"),
    "assignee": _("the assignee"),
    "group": _("the group's members"),
    "team_leads": _("the group's team leads"),
    "service_team": _("the client team of the service"),
}
SET_FIELD_ORDER = ("impact", "urgency", "tier", "category", "service")
PRIORITIES = [(value, f"P{value}") for value in Priority.values]
YES_NO = [(True, _("yes")), (False, _("no"))]
# Fields and parameters whose values are numbers (ids, levels): posted as text, stored as numbers.
NUMBER_VALUES = {
    "priority",
    "impact",
    "urgency",
    "tier",
    "group",
    "assignee",
    "service",
    "category",
    *(f"{PREDICTED}{name}" for name in ("impact", "urgency", "group", "service", "category")),
}
NUMBER_PARAMETERS = {"priority", "group", "agent", "template", "webhook"}
LIST_OPERATORS = {"in", "not_in"}
_CONDITION_AT = re.compile(r"^(all|any) #(\d+): (.*)$", re.DOTALL)
_ACTION_AT = re.compile(r"^#(\d+): (.*)$", re.DOTALL)


def _label(labels: dict, name: str) -> str:
    """The label of an engine name; a name the engine learnt after this page is shown as it is."""
    return labels.get(name, name)


def new_key() -> str:
    return secrets.token_hex(4)


class Options:
    """The records a person may pick in the rows, each list read once per request, when first asked."""

    def __init__(self, person):
        self.person = person

    @cached_property
    def groups(self) -> list[tuple]:
        groups = visible_groups(self.person).prefetch_related(None).filter(is_active=True)
        return [(group.pk, f"{group.name} (T{group.tier})") for group in groups.order_by("tier", "name")]

    @cached_property
    def agents(self) -> list[tuple]:
        return list(assignable_agents(self.person).order_by("name").values_list("pk", "name"))

    @cached_property
    def services(self) -> list[tuple]:
        services = visible_services(self.person).filter(is_active=True).order_by("organisation__name", "name")
        return [(service.pk, f"{service.organisation.code} · {service.name}") for service in services]

    @cached_property
    def categories(self) -> list[tuple]:
        categories = visible_categories(self.person).filter(is_active=True)
        return [
            (
                category.pk,
                f"{category.path} ({category.organisation.code})"
                if category.organisation_id
                else category.path,
            )
            for category in categories
        ]

    @cached_property
    def templates(self) -> list[tuple]:
        templates = visible_email_templates(self.person).order_by("name")
        return [
            (
                template.pk,
                f"{template.name} ({template.organisation.code})"
                if template.organisation_id
                else template.name,
            )
            for template in templates
        ]

    @cached_property
    def webhooks(self) -> list[tuple]:
        return [
            (webhook.pk, webhook.name) for webhook in visible_webhooks(self.person).filter(is_active=True)
        ]

    @cached_property
    def organisations(self) -> list[tuple]:
        return list(
            visible_organisations(self.person)
            .prefetch_related(None)
            .order_by("name")
            .values_list("code", "name")
        )

    def for_condition(self, name: str) -> list[tuple] | None:
        """The values a condition on this field may compare with, or None when they are typed."""
        if name.startswith(PREDICTED) and not name.endswith("_confidence"):
            name = name.removeprefix(PREDICTED)
        fixed = {
            "ticket_type": TicketType.choices,
            "status": Status.choices,
            "priority": PRIORITIES,
            "impact": Level.choices,
            "urgency": Level.choices,
            "tier": Tier.choices,
            "channel": Channel.choices,
            "service_criticality": Service.Criticality.choices,
            "service_model": Service.ServiceModel.choices,
            "language": settings.LANGUAGES,
            "requester_language": settings.LANGUAGES,
            "requester_role": Role.choices,
            "business_hours": YES_NO,
        }
        if name in fixed:
            return list(fixed[name])
        records = {
            "group": "groups",
            "assignee": "agents",
            "service": "services",
            "category": "categories",
            "organisation": "organisations",
        }
        return getattr(self, records[name]) if name in records else None

    def for_field_action(self, name: str) -> list[tuple]:
        """The values set_field may give this field."""
        if name == "category":
            return self.categories
        if name == "service":
            return self.services
        if name == "tier":
            return list(Tier.choices)
        return list(Level.choices)


@dataclass
class Choice:
    value: str
    label: str
    selected: bool


def _choices(options: list[tuple], chosen: list, *, keep_unknown: bool = True) -> list[Choice]:
    """Options as the template shows them; a chosen value that is no longer offered (a group made
    inactive, a value written through the API) stays visible so that saving does not lose it."""
    chosen_text = [_text(value) for value in chosen]
    shown = [Choice(_text(value), str(label), _text(value) in chosen_text) for value, label in options]
    offered = {choice.value for choice in shown}
    if keep_unknown:
        shown += [Choice(value, value, True) for value in chosen_text if value not in offered and value != ""]
    return shown


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _number(text: str):
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return None


# --- conditions -----------------------------------------------------------------------------------


@dataclass
class ConditionRow:
    """One condition as the editor shows it: the choices of each select and how the value is given."""

    key: str
    group: str
    field: str
    operator: str
    value: object
    fields: list[Choice] = field(default_factory=list)
    operators: list[Choice] = field(default_factory=list)
    widget: str = "text"  # none, select, multiple, number, text, list
    choices: list[Choice] = field(default_factory=list)
    typed: str = ""
    errors: list[str] = field(default_factory=list)

    def stored(self) -> dict:
        return {"field": self.field, "operator": self.operator, "value": self.value}


def allowed_operators(name: str) -> list[str]:
    """The engine's operators for this field, in the order people read them."""
    kind = engine_conditions.FIELDS.get(name)
    allowed = (engine_conditions.OPERATORS.get(kind, frozenset())) | engine_conditions.CHANGE_OPERATORS
    return [op for op in OPERATOR_LABELS if op in allowed] + sorted(allowed - OPERATOR_LABELS.keys())


def condition_row(options: Options, *, key=None, group="all", name="subject", operator="", value=None):
    """A row for this condition; an operator the field does not take is kept (the engine says why)."""
    operators = allowed_operators(name)
    operator = operator or (operators[0] if operators else "")
    values = value if isinstance(value, list) else ([] if value is None else [value])
    row = ConditionRow(key or new_key(), group if group in GROUPS else "all", name, operator, value)
    known_fields = [(field_name, _label(FIELD_LABELS, field_name)) for field_name in engine_conditions.FIELDS]
    row.fields = _choices(known_fields, [name])
    row.operators = _choices([(op, _label(OPERATOR_LABELS, op)) for op in operators], [operator])
    listed = options.for_condition(name) if name in engine_conditions.FIELDS else None
    kind = engine_conditions.FIELDS.get(name)
    if operator in engine_conditions.NO_VALUE:
        row.widget = "none"
    elif listed is not None:
        row.widget = "multiple" if operator in LIST_OPERATORS else "select"
        row.choices = _choices(listed, values)
    elif operator in LIST_OPERATORS:
        row.widget, row.typed = "list", ", ".join(_text(item) for item in values)
    else:
        row.widget = "number" if kind == engine_conditions.NUMBER else "text"
        row.typed = _text(value)
    return row


def stored_condition_rows(options: Options, stored: dict) -> list[ConditionRow]:
    return [
        condition_row(
            options,
            group=group,
            name=condition.get("field", ""),
            operator=condition.get("operator", ""),
            value=condition.get("value"),
        )
        for group in GROUPS
        for condition in (stored or {}).get(group) or []
    ]


def posted_condition_row(options: Options, data, key: str, *, redraw: bool = False) -> ConditionRow:
    """The row of `key` as posted; `redraw` (its field or operator has just been changed) starts a
    changed field afresh and turns an operator the field does not take into one it does."""
    prefix = f"c-{key}-"
    name, operator = data.get(prefix + "field", ""), data.get(prefix + "operator", "")
    raw = [item for item in data.getlist(prefix + "value") if item != ""]
    operators = allowed_operators(name)
    if redraw and name != data.get(prefix + "was", name):
        operator, raw = "", []
    if redraw and operator not in operators:
        operator = ""
    operator = operator or next(iter(operators), "")
    value, problem = _condition_value(name, operator, raw)
    group = data.get(prefix + "group", "all")
    row = condition_row(options, key=key, group=group, name=name, operator=operator, value=value)
    if problem:
        row.errors.append(problem)
    return row


def _condition_value(name: str, operator: str, raw: list[str]):
    """The posted value in the form the engine compares: numbers for ids and levels, true/false,
    a list for "is one of"; and what is wrong with it, if anything."""
    if operator in engine_conditions.NO_VALUE:
        return None, ""
    kind = engine_conditions.FIELDS.get(name)
    if operator in LIST_OPERATORS:
        items = [part.strip() for text in raw for part in text.split(",") if part.strip()]
        converted = [_one_value(name, kind, item) for item in items]
        if any(item is None for item in converted):
            return items, str(_("Give numbers, separated by commas."))
        return converted, ""
    text = raw[0].strip() if raw else ""
    if text == "":
        return "", ""
    if kind == engine_conditions.BOOLEAN:
        return text == "true", ""
    converted = _one_value(name, kind, text)
    if converted is None:
        return text, str(_("Give a number."))
    return converted, ""


def _one_value(name: str, kind: str | None, text: str):
    if name in NUMBER_VALUES or kind == engine_conditions.NUMBER:
        return _number(text)
    return text


def posted_condition_rows(options: Options, data) -> list[ConditionRow]:
    return [posted_condition_row(options, data, key) for key in data.getlist("condition")]


def conditions_of(rows: list[ConditionRow]) -> dict:
    stored = {group: [] for group in GROUPS}
    for row in rows:
        stored[row.group].append(row.stored())
    return stored


# --- actions --------------------------------------------------------------------------------------


@dataclass
class Input:
    """One parameter of an action: its name, label, and how it is given."""

    name: str
    label: str
    widget: str  # select, text, textarea
    choices: list[Choice] = field(default_factory=list)
    value: str = ""
    redraws: bool = False  # choosing another value changes the row's other inputs


@dataclass
class ActionRow:
    key: str
    type: str
    parameters: dict
    types: list[Choice] = field(default_factory=list)
    inputs: list[Input] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def stored(self) -> dict:
        return {"type": self.type, **self.parameters}


def action_types(*, for_macro: bool) -> list[str]:
    """The engine's actions; macros cannot send mail or call webhooks."""
    return registry.action_names(for_macro=for_macro)


def action_row(options: Options, *, key=None, kind="", parameters=None, for_macro=False) -> ActionRow:
    types = action_types(for_macro=for_macro)
    kind = kind or types[0]
    parameters = dict(parameters or {})
    row = ActionRow(key or new_key(), kind, parameters)
    row.types = _choices([(name, _label(ACTION_LABELS, name)) for name in types], [kind])
    row.inputs = _inputs(options, kind, parameters)
    return row


def _select(name, label, listed, value, *, blank=None, redraws=False) -> Input:
    offered = ([("", blank)] if blank is not None else []) + list(listed)
    return Input(name, label, "select", _choices(offered, [value]), _text(value), redraws)


def _inputs(options: Options, kind: str, given: dict) -> list[Input]:
    value = given.get
    if kind == "set_priority":
        return [_select("priority", _("Priority"), PRIORITIES, value("priority"))]
    if kind == "set_field":
        known = [name for name in SET_FIELD_ORDER if name in engine_actions.FIELD_ACTIONS]
        names = known + sorted(engine_actions.FIELD_ACTIONS - set(known))
        fields = [(name, _label(FIELD_LABELS, name)) for name in names]
        chosen = value("field") or fields[0][0]
        return [
            _select("field", _("Field"), fields, chosen, redraws=True),
            _select("value", _("Value"), options.for_field_action(chosen), value("value")),
        ]
    if kind == "set_status":
        return [
            _select("status", _("Status"), Status.choices, value("status")),
            _select(
                "resolution_code",
                _("Resolution (when resolving)"),
                ResolutionCode.choices,
                value("resolution_code"),
                blank="—",
            ),
        ]
    if kind in ("assign_group", "escalate"):
        group = [_select("group", _("Group"), options.groups, value("group"))]
        if kind == "escalate":
            group.append(Input("reason", _("Reason"), "text", value=_text(value("reason"))))
        return group
    if kind == "assign_agent":
        return [
            _select(
                "agent",
                _("Agent"),
                options.agents,
                value("agent"),
                blank=_("whoever the group's strategy picks"),
            )
        ]
    if kind in ("add_tag", "remove_tag"):
        return [Input("tag", _("Tag"), "text", value=_text(value("tag")))]
    if kind == "add_note":
        return [Input("text", _("Note (placeholders allowed)"), "textarea", value=_text(value("text")))]
    if kind == "send_email":
        recipients = [(name, _label(RECIPIENT_LABELS, name)) for name in rule_actions.RECIPIENTS]
        return [
            _select("template", _("E-mail template"), options.templates, value("template")),
            _select("to", _("To"), recipients, value("to") or "requester"),
        ]
    if kind == "call_webhook":
        return [_select("webhook", _("Webhook"), options.webhooks, value("webhook"))]
    return []


def stored_action_rows(options: Options, stored: list, *, for_macro=False) -> list[ActionRow]:
    rows = []
    for action in stored or []:
        parameters = {name: given for name, given in action.items() if name != "type"}
        if action.get("type") == "assign_agent" and "agent" not in parameters:
            parameters = {"agent": ""}  # the group's strategy
        rows.append(
            action_row(options, kind=action.get("type", ""), parameters=parameters, for_macro=for_macro)
        )
    return rows


def posted_action_row(options: Options, data, key: str, *, for_macro=False, redraw=False) -> ActionRow:
    """The row of `key` as posted; `redraw` (one of its choices has just been changed) drops what
    depended on the old choice: every parameter when the type changed, the value when the field
    of set_field did."""
    prefix = f"a-{key}-"
    kind = data.get(prefix + "type", "")
    given = _posted_parameters(data, prefix, kind)
    if redraw:
        if kind != data.get(prefix + "was", kind):
            given = {}
        redrawing = [item.name for item in _inputs(_NO_RECORDS, kind, {}) if item.redraws]
        if any(given.get(name) != data.get(f"{prefix}{name}-was", given.get(name)) for name in redrawing):
            given = {name: given[name] for name in redrawing if name in given}
    row = action_row(options, key=key, kind=kind, parameters=given, for_macro=for_macro)
    row.parameters = _stored_parameters(kind, given)
    return row


def _posted_parameters(data, prefix: str, kind: str) -> dict:
    names = {item.name for item in _inputs(_NO_RECORDS, kind, {})}
    return {name: data.get(prefix + name, "") for name in names}


def _stored_parameters(kind: str, given: dict) -> dict:
    """Parameters as the engine takes them: numbers for records and levels, nothing for blanks."""
    stored = {}
    for name, text in given.items():
        text = text.strip() if isinstance(text, str) else text
        numeric = name in NUMBER_PARAMETERS or (name == "value" and kind == "set_field")
        if numeric and isinstance(text, str) and text != "":
            number = _number(text)
            stored[name] = text if number is None else number
        elif text != "" or name not in ("resolution_code", "agent"):
            stored[name] = text
    if kind == "assign_agent" and "agent" not in stored:
        return {"strategy": "group"}
    return stored


class _NoRecords(Options):
    """Options without records: enough to know which inputs an action has."""

    def __init__(self):
        super().__init__(None)

    groups = agents = services = categories = templates = webhooks = organisations = ()


_NO_RECORDS = _NoRecords()


def posted_action_rows(options: Options, data, *, for_macro=False) -> list[ActionRow]:
    return [posted_action_row(options, data, key, for_macro=for_macro) for key in data.getlist("action")]


def actions_of(rows: list[ActionRow]) -> list[dict]:
    return [row.stored() for row in rows]


# --- the engine's refusals, beside the rows they concern --------------------------------------------


def place_errors(messages: dict, condition_rows: list, action_rows: list) -> dict:
    """Put the engine's messages on the rows they name ("all #2: ...", "#1: ..."); returns the
    rest, by field, for the form to show."""
    rest: dict[str, list[str]] = {}
    by_group = {group: [row for row in condition_rows if row.group == group] for group in GROUPS}
    for name, texts in messages.items():
        for text in texts:
            row, said = _row_named(name, str(text), by_group, action_rows)
            if row is None:
                rest.setdefault(name, []).append(str(text))
            else:
                row.errors.append(said)
    return rest


def _row_named(name: str, text: str, by_group: dict, action_rows: list):
    if name == "conditions" and (found := _CONDITION_AT.match(text)):
        group, number, said = found.group(1), int(found.group(2)), found.group(3)
        if 0 < number <= len(by_group[group]):
            return by_group[group][number - 1], said
    if name == "actions" and (found := _ACTION_AT.match(text)):
        number, said = int(found.group(1)), found.group(2)
        if 0 < number <= len(action_rows):
            return action_rows[number - 1], said
    return None, text


# --- in words, for lists and dry runs ---------------------------------------------------------------


def describe_condition(options: Options, condition: dict) -> str:
    """ "Subject contains password", "Group is one of Identity (T2), Network (T2)"."""
    row = condition_row(
        options,
        name=condition.get("field", ""),
        operator=condition.get("operator", ""),
        value=condition.get("value"),
    )
    said = [str(_label(FIELD_LABELS, row.field)), str(_label(OPERATOR_LABELS, row.operator))]
    if row.widget in ("select", "multiple"):
        said.append(", ".join(choice.label for choice in row.choices if choice.selected))
    elif row.widget != "none":
        said.append(f"“{row.typed}”")
    return " ".join(part for part in said if part)


def describe_action(options: Options, action: dict) -> str:
    """ "Assign to a group: Identity (T2)", "Send an e-mail: Handover, the requester"."""
    row = stored_action_rows(options, [action])[0]
    said = []
    for item in row.inputs:
        if item.widget == "select":
            said += [choice.label for choice in item.choices if choice.selected and choice.label != "—"]
        elif item.value:
            said.append(item.value if len(item.value) <= 80 else item.value[:79] + "…")
    label = _label(ACTION_LABELS, row.type)
    return f"{label}: {', '.join(said)}" if said else str(label)
