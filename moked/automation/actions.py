"""What rules and macros do to a ticket: each action is checked when the rule or macro is saved,
described for the dry run, and applied through the ticket services (so each change is an event).

The actions are those of moked.automation.registry: automation's own are here, other apps add
theirs (mail sends e-mail templates, webhooks calls webhooks) at start-up."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from moked.assignment.services import assign_by_strategy
from moked.catalog.models import Category, Service
from moked.people.models import Person, SupportGroup
from moked.tickets import lifecycle
from moked.tickets import services as tickets
from moked.tickets.models import EventChannel, ResolutionCode, Ticket

from . import registry, templating

SYSTEM = EventChannel.SYSTEM
FIELD_ACTIONS = {"impact", "urgency", "tier", "category", "service"}
MAX_ACTIONS = 20


@dataclass
class Change:
    """One thing an action changed (or, in a dry run, would change), as people read it."""

    action: str
    description: str

    def as_dict(self) -> dict:
        return {"action": self.action, "description": self.description}


# --- checking ------------------------------------------------------------------------------------


def validate(actions, organisation=None, *, for_macro: bool = False) -> list[dict]:
    """The actions in stored form, or a ValidationError naming each bad one."""
    if not isinstance(actions, list):
        raise ValidationError({"actions": _("Actions are a list.")})
    if len(actions) > MAX_ACTIONS:
        raise ValidationError({"actions": _("At most %(count)d actions.") % {"count": MAX_ACTIONS}})
    errors, cleaned = [], []
    for number, action in enumerate(actions, 1):
        try:
            cleaned.append(_validated(action, organisation, for_macro))
        except ValidationError as error:
            errors.extend(f"#{number}: {message}" for message in error.messages)
    if errors:
        raise ValidationError({"actions": errors})
    return cleaned


def _validated(action, organisation, for_macro: bool) -> dict:
    if not isinstance(action, dict) or not isinstance(action.get("type"), str):
        raise ValidationError(_("An action is an object with a type."))
    kind = action["type"]
    registered = registry.action(kind)
    if registered is None:
        raise ValidationError(_("Unknown action %(type)s.") % {"type": repr(kind)})
    if for_macro and registered.rule_only:
        raise ValidationError(_("A macro cannot do %(type)s.") % {"type": kind})
    return {"type": kind, **registered.check(action, organisation)}


def required(action: dict, key: str):
    """The action's parameter `key`, which it must have."""
    value = action.get(key)
    if value in (None, ""):
        raise ValidationError(_("%(type)s needs %(key)s.") % {"type": action["type"], "key": key})
    return value


def record(model, pk, what: str, **scope):
    """The `model` row of id `pk` within `scope`, named `what` in the error when there is none."""
    try:
        return model.objects.get(pk=int(pk), **scope)
    except (TypeError, ValueError, model.DoesNotExist):
        raise ValidationError(_("There is no %(what)s %(id)s.") % {"what": what, "id": pk}) from None


def _check_priority(action, organisation) -> dict:
    priority = required(action, "priority")
    if priority not in (1, 2, 3, 4):
        raise ValidationError(_("Priority is 1 to 4."))
    return {"priority": priority}


def _check_field(action, organisation) -> dict:
    field, value = required(action, "field"), action.get("value")
    if field not in FIELD_ACTIONS:
        raise ValidationError(
            _("set_field changes one of: %(fields)s.") % {"fields": ", ".join(sorted(FIELD_ACTIONS))}
        )
    if field in ("impact", "urgency") and value not in (1, 2, 3):
        raise ValidationError(_("Impact and urgency are 1 to 3."))
    if field == "tier" and value not in (1, 2, 3):
        raise ValidationError(_("Tier is 1 to 3."))
    if field == "service":
        if organisation is None:
            raise ValidationError(_("Services belong to one organisation: set them in its own rules."))
        record(Service, value, _("service"), organisation=organisation)
    if field == "category":
        category = record(Category, value, _("category"))
        if category.organisation_id not in (None, getattr(organisation, "pk", None)):
            raise ValidationError(_("This category belongs to another organisation."))
    return {"field": field, "value": value}


def _check_status(action, organisation) -> dict:
    status = required(action, "status")
    if status not in lifecycle.STATUSES:
        raise ValidationError(_("Unknown status %(status)s.") % {"status": repr(status)})
    code = action.get("resolution_code", "")
    if status == lifecycle.RESOLVED and code not in ResolutionCode.values:
        raise ValidationError(_("Resolving needs a resolution code."))
    return {"status": status, "resolution_code": code} if code else {"status": status}


def _check_group(action, organisation) -> dict:
    group = record(SupportGroup, required(action, "group"), _("group"), is_active=True)
    return {"group": group.pk}


def _check_agent(action, organisation) -> dict:
    if action.get("agent") in (None, ""):
        strategy = action.get("strategy", "group")
        if strategy != "group":
            raise ValidationError(_("assign_agent takes an agent, or the strategy group."))
        return {"strategy": "group"}
    agent = record(Person, action["agent"], _("agent"), is_active=True)
    if not agent.is_staff_member:
        raise ValidationError(_("Only staff can be assignees."))
    return {"agent": agent.pk}


def _check_tag(action, organisation) -> dict:
    (tag,) = tickets.normalise_tags([required(action, "tag")])
    return {"tag": tag}


def _check_note(action, organisation) -> dict:
    text = str(required(action, "text"))
    templating.check(text)
    return {"text": text}


def _check_escalate(action, organisation) -> dict:
    checked = _check_group(action, organisation)
    reason = str(required(action, "reason")).strip()
    return {**checked, "reason": reason[:500]}


# --- doing -----------------------------------------------------------------------------------------


class Context:
    """Who acts (None: the system, for rules), through which channel, and, for messages, why."""

    def __init__(self, actor=None, *, channel=SYSTEM, rule=None, at=None, dry_run=False):
        self.actor, self.channel, self.rule, self.at, self.dry_run = actor, channel, rule, at, dry_run
        self.pending: dict = {}  # field changes not written yet


def apply(actions: list[dict], ticket: Ticket, context: Context) -> list[Change]:
    """Do (or, in a dry run, describe) each action in order on `ticket`, which the caller has just
    read.

    Consecutive field changes (priority, fields, group, tags) are written as one update of the
    ticket, so a rule that sets three fields is one change with three events, not three changes.
    """
    changes = []
    for action in actions:
        registered = registry.action(action["type"])
        if registered is None:  # its app is gone: nothing to do
            continue
        batched = registered.batched
        if not batched:
            _flush(ticket, context)
        change = registered.apply(action, ticket, context)
        if change is not None:
            changes.append(change)
        if not batched and not context.dry_run:
            ticket.refresh_from_db()  # the service changed it (status, assignee...)
    _flush(ticket, context)
    return changes


def _flush(ticket: Ticket, context: Context) -> None:
    if context.pending and not context.dry_run:
        pending, context.pending = context.pending, {}
        tickets.update_ticket(context.actor, ticket, pending, channel=context.channel, at=context.at)


def queue_changes(ticket, context, changes: dict):
    """Queue field changes for the next write; later actions of the rule see them already."""
    context.pending.update(changes)
    for field, value in changes.items():
        if field != "tags":
            setattr(ticket, field, value)


def _tags(ticket, context) -> set[str]:
    if "tags" in context.pending:
        return set(context.pending["tags"])
    return set(ticket.tag_links.values_list("name", flat=True))


def _apply_priority(action, ticket, context):
    old = ticket.priority
    if old == action["priority"]:
        return None
    queue_changes(ticket, context, {"priority": action["priority"]})
    return Change(
        "set_priority", _("priority: P%(old)d → P%(new)d") % {"old": old, "new": action["priority"]}
    )


def _apply_field(action, ticket, context):
    field, value = action["field"], action["value"]
    if field in ("service", "category"):
        model = Service if field == "service" else Category
        record = model.objects.filter(pk=value).first()
        if record is None or getattr(ticket, f"{field}_id") == record.pk:
            return None
        old = getattr(ticket, field)
        queue_changes(ticket, context, {field: record})
        return Change(
            "set_field",
            _("%(field)s: %(old)s → %(new)s")
            % {"field": _field_label(field), "old": old or "—", "new": record},
        )
    old = getattr(ticket, field)
    if old == value:
        return None
    queue_changes(ticket, context, {field: value})
    shown = {"field": _field_label(field), "old": _value_label(field, old), "new": _value_label(field, value)}
    return Change("set_field", _("%(field)s: %(old)s → %(new)s") % shown)


def _field_label(field: str) -> str:
    return str(Ticket._meta.get_field(field).verbose_name)


def _value_label(field: str, value) -> str:
    """A field's value as people read it: a choice's label, not its code."""
    choices = dict(Ticket._meta.get_field(field).flatchoices)
    return str(choices.get(value, value))


def _apply_status(action, ticket, context):
    status = action["status"]
    if ticket.status == status:
        return None
    if not context.dry_run:
        tickets.change_status(
            context.actor,
            ticket,
            status,
            resolution_code=action.get("resolution_code", ""),
            reason=_("By the rule %(rule)s.") % {"rule": context.rule.name} if context.rule else "",
            channel=context.channel,
            at=context.at,
        )
    shown = {"old": _value_label("status", ticket.status), "new": _value_label("status", status)}
    return Change("set_status", _("status: %(old)s → %(new)s") % shown)


def _apply_group(action, ticket, context):
    group = SupportGroup.objects.filter(pk=action["group"], is_active=True).first()
    if group is None or ticket.group_id == group.pk:
        return None
    old = ticket.group
    queue_changes(ticket, context, {"group": group, "assignee": None})
    return Change("assign_group", _("group: %(old)s → %(new)s") % {"old": old or "—", "new": group})


def _apply_agent(action, ticket, context):
    if "agent" in action:
        agent = Person.objects.filter(pk=action["agent"], is_active=True).first()
        if agent is None or ticket.assignee_id == agent.pk:
            return None
        queue_changes(ticket, context, {"assignee": agent})
        return Change(
            "assign_agent", _("assignee: %(old)s → %(new)s") % {"old": ticket.assignee or "—", "new": agent}
        )
    if ticket.group is None:
        return None
    if context.dry_run:
        return Change(
            "assign_agent", _("assignee chosen by the strategy of %(group)s") % {"group": ticket.group}
        )
    chosen = assign_by_strategy(context.actor, ticket, ticket.group, channel=context.channel, at=context.at)
    if chosen is None:
        return Change("assign_agent", _("nobody in %(group)s is available") % {"group": ticket.group})
    return Change("assign_agent", _("assignee → %(agent)s") % {"agent": chosen})


def _apply_tag(action, ticket, context):
    tags = _tags(ticket, context)
    adding = action["type"] == "add_tag"
    if (action["tag"] in tags) == adding:
        return None
    queue_changes(
        ticket, context, {"tags": sorted(tags | {action["tag"]} if adding else tags - {action["tag"]})}
    )
    return Change(action["type"], ("+" if adding else "−") + action["tag"])


def _apply_note(action, ticket, context):
    text = templating.render(action["text"], ticket, at=context.at)
    if not context.dry_run:
        if context.actor is None:
            tickets.add_system_note(ticket, text, channel=context.channel, at=context.at)
        else:
            tickets.add_comment(
                context.actor, ticket, text, public=False, channel=context.channel, at=context.at
            )
    return Change("add_note", _("internal note: %(text)s") % {"text": text[:200]})


def _apply_escalate(action, ticket, context):
    group = SupportGroup.objects.filter(pk=action["group"], is_active=True).first()
    if group is None or ticket.group_id == group.pk:
        return None
    if not context.dry_run:
        tickets.escalate_ticket(
            context.actor,
            ticket,
            group=group,
            reason=action["reason"],
            channel=context.channel,
            at=context.at,
        )
    return Change(
        "escalate", _("escalated to %(group)s: %(reason)s") % {"group": group, "reason": action["reason"]}
    )


def register_own_actions() -> None:
    """Automation's own actions, in the editor's order; mail adds send_email (90) and webhooks
    call_webhook (110) from their own apps (moked.automation.registry)."""
    register = registry.register_action
    register("set_priority", check=_check_priority, apply=_apply_priority, order=10, batched=True)
    register("set_field", check=_check_field, apply=_apply_field, order=20, batched=True)
    register("set_status", check=_check_status, apply=_apply_status, order=30)
    register("assign_group", check=_check_group, apply=_apply_group, order=40, batched=True)
    register("assign_agent", check=_check_agent, apply=_apply_agent, order=50)
    register("add_tag", check=_check_tag, apply=_apply_tag, order=60, batched=True)
    register("remove_tag", check=_check_tag, apply=_apply_tag, order=70, batched=True)
    register("add_note", check=_check_note, apply=_apply_note, order=80)
    register("escalate", check=_check_escalate, apply=_apply_escalate, order=100)
