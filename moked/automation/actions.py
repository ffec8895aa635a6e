"""What rules and macros do to a ticket: each action is checked when the rule or macro is saved,
described for the dry run, and applied through the ticket services (so each change is an event)."""

import re
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from moked.catalog.models import Category, Service
from moked.notifications.services import language_of, may_see
from moked.people.models import Person, SupportGroup
from moked.tickets import lifecycle
from moked.tickets import services as tickets
from moked.tickets.models import EventChannel, ResolutionCode, Ticket

from . import templating
from .models import EmailTemplate

SYSTEM = EventChannel.SYSTEM
FIELD_ACTIONS = {"impact", "urgency", "tier", "category", "service"}
RECIPIENTS = ("requester", "assignee", "group", "team_leads", "service_team")
EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")
MAX_ACTIONS = 20
RULE_ONLY = {"send_email", "call_webhook"}
BATCHED = {"set_priority", "set_field", "assign_group", "add_tag", "remove_tag"}


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
    if kind not in APPLY:
        raise ValidationError(_("Unknown action %(type)s.") % {"type": repr(kind)})
    if for_macro and kind in RULE_ONLY:
        raise ValidationError(_("A macro cannot do %(type)s.") % {"type": kind})
    return {"type": kind, **CHECK[kind](action, organisation)}


def _require(action: dict, key: str):
    value = action.get(key)
    if value in (None, ""):
        raise ValidationError(_("%(type)s needs %(key)s.") % {"type": action["type"], "key": key})
    return value


def _record(model, pk, what: str, **scope):
    try:
        return model.objects.get(pk=int(pk), **scope)
    except (TypeError, ValueError, model.DoesNotExist):
        raise ValidationError(_("There is no %(what)s %(id)s.") % {"what": what, "id": pk}) from None


def _check_priority(action, organisation) -> dict:
    priority = _require(action, "priority")
    if priority not in (1, 2, 3, 4):
        raise ValidationError(_("Priority is 1 to 4."))
    return {"priority": priority}


def _check_field(action, organisation) -> dict:
    field, value = _require(action, "field"), action.get("value")
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
        _record(Service, value, _("service"), organisation=organisation)
    if field == "category":
        category = _record(Category, value, _("category"))
        if category.organisation_id not in (None, getattr(organisation, "pk", None)):
            raise ValidationError(_("This category belongs to another organisation."))
    return {"field": field, "value": value}


def _check_status(action, organisation) -> dict:
    status = _require(action, "status")
    if status not in lifecycle.STATUSES:
        raise ValidationError(_("Unknown status %(status)s.") % {"status": repr(status)})
    code = action.get("resolution_code", "")
    if status == lifecycle.RESOLVED and code not in ResolutionCode.values:
        raise ValidationError(_("Resolving needs a resolution code."))
    return {"status": status, "resolution_code": code} if code else {"status": status}


def _check_group(action, organisation) -> dict:
    group = _record(SupportGroup, _require(action, "group"), _("group"), is_active=True)
    return {"group": group.pk}


def _check_agent(action, organisation) -> dict:
    if action.get("agent") in (None, ""):
        strategy = action.get("strategy", "group")
        if strategy != "group":
            raise ValidationError(_("assign_agent takes an agent, or the strategy group."))
        return {"strategy": "group"}
    agent = _record(Person, action["agent"], _("agent"), is_active=True)
    if not agent.is_staff_member:
        raise ValidationError(_("Only staff can be assignees."))
    return {"agent": agent.pk}


def _check_tag(action, organisation) -> dict:
    (tag,) = tickets.normalise_tags([_require(action, "tag")])
    return {"tag": tag}


def _check_note(action, organisation) -> dict:
    text = str(_require(action, "text"))
    templating.check(text)
    return {"text": text}


def _check_email(action, organisation) -> dict:
    template = _record(EmailTemplate, _require(action, "template"), _("e-mail template"))
    if template.organisation_id not in (None, getattr(organisation, "pk", None)):
        raise ValidationError(_("This template belongs to another organisation."))
    to = action.get("to", "requester")
    if to not in RECIPIENTS:
        raise ValidationError(_("Send to one of: %(who)s.") % {"who": ", ".join(RECIPIENTS)})
    return {"template": template.pk, "to": to}


def _check_escalate(action, organisation) -> dict:
    checked = _check_group(action, organisation)
    reason = str(_require(action, "reason")).strip()
    return {**checked, "reason": reason[:500]}


def _check_webhook(action, organisation) -> dict:
    webhook_model = apps.get_model("webhooks", "Webhook")
    webhook = _record(webhook_model, _require(action, "webhook"), _("webhook"))
    if webhook.organisation_id not in (None, getattr(organisation, "pk", None)):
        raise ValidationError(_("This webhook belongs to another organisation."))
    return {"webhook": webhook.pk}


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
        batched = action["type"] in BATCHED
        if not batched:
            _flush(ticket, context)
        change = APPLY[action["type"]](action, ticket, context)
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


def _update(ticket, context, changes: dict):
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
    _update(ticket, context, {"priority": action["priority"]})
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
        _update(ticket, context, {field: record})
        return Change(
            "set_field",
            _("%(field)s: %(old)s → %(new)s")
            % {"field": _field_label(field), "old": old or "—", "new": record},
        )
    old = getattr(ticket, field)
    if old == value:
        return None
    _update(ticket, context, {field: value})
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
    _update(ticket, context, {"group": group, "assignee": None})
    return Change("assign_group", _("group: %(old)s → %(new)s") % {"old": old or "—", "new": group})


def _apply_agent(action, ticket, context):
    if "agent" in action:
        agent = Person.objects.filter(pk=action["agent"], is_active=True).first()
        if agent is None or ticket.assignee_id == agent.pk:
            return None
        _update(ticket, context, {"assignee": agent})
        return Change(
            "assign_agent", _("assignee: %(old)s → %(new)s") % {"old": ticket.assignee or "—", "new": agent}
        )
    if ticket.group is None:
        return None
    if context.dry_run:
        return Change(
            "assign_agent", _("assignee chosen by the strategy of %(group)s") % {"group": ticket.group}
        )
    from moked.assignment.services import assign_by_strategy

    chosen = assign_by_strategy(context.actor, ticket, ticket.group, channel=context.channel, at=context.at)
    if chosen is None:
        return Change("assign_agent", _("nobody in %(group)s is available") % {"group": ticket.group})
    return Change("assign_agent", _("assignee → %(agent)s") % {"agent": chosen})


def _apply_tag(action, ticket, context):
    tags = _tags(ticket, context)
    adding = action["type"] == "add_tag"
    if (action["tag"] in tags) == adding:
        return None
    _update(ticket, context, {"tags": sorted(tags | {action["tag"]} if adding else tags - {action["tag"]})})
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


def _apply_email(action, ticket, context):
    from moked.mail import outbound

    template = EmailTemplate.objects.filter(pk=action["template"]).first()
    if template is None:
        return None
    recipients = _recipients(ticket, action["to"])
    if not context.dry_run:
        for recipient in recipients:
            subject, body = templating.render_email(template, ticket, recipient, at=context.at)
            outbound.queue_automatic_mail(ticket, recipient.email, recipient.language, subject, body)
    who = ", ".join(recipient.email for recipient in recipients) or _("nobody with an address")
    return Change("send_email", _("e-mail %(template)s to %(who)s") % {"template": template.name, "who": who})


@dataclass(frozen=True)
class Recipient:
    """Who a rule's e-mail goes to: a person, or the client team of a catch-and-dispatch service."""

    name: str
    email: str
    language: str


def _recipients(ticket, to: str) -> list[Recipient]:
    if to == "service_team":
        service, address = ticket.service, ""
        if service is not None:
            address = next((word for word in service.dispatch_contact.split() if EMAIL.match(word)), "")
        if not address:
            return []
        return [Recipient(service.dispatch_team or service.name, address, ticket.organisation.language)]
    if to == "requester":
        people = [ticket.requester]
    elif to == "assignee":
        people = [ticket.assignee] if ticket.assignee else []
    elif to == "group":
        people = list(ticket.group.members.all()) if ticket.group else []
    else:
        people = list(ticket.group.leads.all()) if ticket.group else []
    return [
        Recipient(person.name, person.email, language_of(person))
        for person in people
        if person.is_active and person.email and may_see(person, ticket)
    ]


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


def _apply_webhook(action, ticket, context):
    webhook_model = apps.get_model("webhooks", "Webhook")
    webhook = webhook_model.objects.filter(pk=action["webhook"], is_active=True).first()
    if webhook is None:
        return None
    if not context.dry_run:
        from moked.webhooks.services import queue_delivery

        payload = {"rule": context.rule.name if context.rule else None}
        queue_delivery(webhook, event="rule", ticket=ticket, payload=payload)
    return Change("call_webhook", _("webhook %(name)s") % {"name": webhook.name})


CHECK = {
    "set_priority": _check_priority,
    "set_field": _check_field,
    "set_status": _check_status,
    "assign_group": _check_group,
    "assign_agent": _check_agent,
    "add_tag": _check_tag,
    "remove_tag": _check_tag,
    "add_note": _check_note,
    "send_email": _check_email,
    "escalate": _check_escalate,
    "call_webhook": _check_webhook,
}
APPLY = {
    "set_priority": _apply_priority,
    "set_field": _apply_field,
    "set_status": _apply_status,
    "assign_group": _apply_group,
    "assign_agent": _apply_agent,
    "add_tag": _apply_tag,
    "remove_tag": _apply_tag,
    "add_note": _apply_note,
    "send_email": _apply_email,
    "escalate": _apply_escalate,
    "call_webhook": _apply_webhook,
}
