"""Configuring automation (rules, e-mail templates, macros, auto-close) and applying macros.

Admins configure everything. Team leads also keep the macros of the organisations they serve.
"""

import rules
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moked.people.permissions import require
from moked.records import save_changes, save_new
from moked.tickets import services as tickets
from moked.tickets.models import EventChannel, Ticket

from . import actions, templating
from .models import AutoClosePolicy, EmailTemplate, Macro, Rule


def _require_admin(actor) -> None:
    require(actor, "automation.configure", message=_("Only admins configure automation."))


# --- rules and templates: admins ------------------------------------------------------------------


def create_rule(actor, **fields) -> Rule:
    _require_admin(actor)
    return save_new(Rule, fields)


def update_rule(actor, rule: Rule, changes: dict) -> Rule:
    """Change a rule; validated whole, except that switching a rule off is always allowed: a rule
    that no longer holds (its group was deactivated, say) must still be stoppable."""
    _require_admin(actor)
    if changes == {"is_active": False}:
        Rule.objects.filter(pk=rule.pk).update(is_active=False)
        rule.refresh_from_db()
        return rule
    return save_changes(rule, changes)


def delete_rule(actor, rule: Rule) -> None:
    _require_admin(actor)
    rule.delete()


def reorder_rules(actor, ordered: list[Rule]) -> None:
    """Give `ordered` the firing order it is listed in (positions 10, 20, 30...), all or nothing.

    Positions order rules within one scope only (the provider-wide rules, or one organisation's),
    so the rules given must share their organisation. Admins only. The rules' conditions and
    actions are not validated again: moving an old rule never fails because of what it says.
    """
    _require_admin(actor)
    if len({rule.organisation_id for rule in ordered}) > 1:
        raise ValidationError(_("Rules are ordered within one organisation."))
    now = timezone.now()  # a new updated_at tells the engine's cache to read the rules again
    with transaction.atomic():
        for number, rule in enumerate(ordered, 1):
            Rule.objects.filter(pk=rule.pk).update(position=number * 10, updated_at=now)
            rule.position = number * 10


def create_email_template(actor, **fields) -> EmailTemplate:
    _require_admin(actor)
    return save_new(EmailTemplate, fields)


def update_email_template(actor, template: EmailTemplate, changes: dict) -> EmailTemplate:
    _require_admin(actor)
    return save_changes(template, changes)


def delete_email_template(actor, template: EmailTemplate) -> None:
    _require_admin(actor)
    in_use = [rule.name for rule in Rule.objects.all() if _uses_template(rule, template.pk)]
    if in_use:
        raise ValidationError(
            _("Rules still send this template: %(rules)s.") % {"rules": ", ".join(sorted(in_use))}
        )
    template.delete()


def _uses_template(rule: Rule, pk: int) -> bool:
    return any(action.get("type") == "send_email" and action.get("template") == pk for action in rule.actions)


def set_auto_close_policy(actor, organisation, **fields) -> AutoClosePolicy:
    _require_admin(actor)
    with transaction.atomic():
        policy, _created = AutoClosePolicy.objects.select_for_update().get_or_create(
            organisation=organisation
        )
        for field, value in fields.items():
            setattr(policy, field, value)
        policy.full_clean()
        policy.save()
    return policy


# --- macros: admins, and team leads for the organisations they serve -----------------------------------


def _require_macro_keeper(actor, organisation) -> None:
    require(actor, "automation.keep_macros", message=_("Only admins and team leads keep macros."))
    if organisation is None:
        message = _("Only admins keep the macros of every organisation.")
    else:
        message = _("You do not serve this organisation.")
    require(actor, "automation.keep_macros_of", organisation, message=message)


def may_keep_macro(actor, organisation) -> bool:
    """Whether `actor` may create, change and delete the macros of `organisation` (None: those
    for every organisation), as create_macro, update_macro and delete_macro decide."""
    return rules.has_perm("automation.keep_macros_of", actor, organisation)


def create_macro(actor, **fields) -> Macro:
    _require_macro_keeper(actor, fields.get("organisation"))
    return save_new(Macro, fields)


def update_macro(actor, macro: Macro, changes: dict) -> Macro:
    _require_macro_keeper(actor, macro.organisation)
    if "organisation" in changes:
        _require_macro_keeper(actor, changes["organisation"])
    return save_changes(macro, changes)


def delete_macro(actor, macro: Macro) -> None:
    _require_macro_keeper(actor, macro.organisation)
    macro.delete()


def apply_macro(actor, ticket: Ticket, macro: Macro, *, channel: str = EventChannel.API) -> list:
    """The macro's reply (placeholders filled in) and actions, by `actor`, as one change."""
    require(actor, "tickets.work_ticket", ticket, message=_("You may not do this to this ticket."))
    if not macro.is_active or macro.organisation_id not in (None, ticket.organisation_id):
        raise ValidationError({"macro": _("This macro is not for this ticket's organisation.")})
    with transaction.atomic():
        changes = actions.apply(macro.actions, ticket, actions.Context(actor, channel=channel))
        if macro.reply.strip():
            text = templating.render(macro.reply, ticket, ticket.requester)
            tickets.add_comment(actor, ticket, text, public=macro.reply_is_public, channel=channel)
            kind = _("public reply") if macro.reply_is_public else _("internal note")
            changes.append(actions.Change("reply", f"{kind}: {text[:200]}"))
    return changes
