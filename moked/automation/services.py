"""Configuring automation (rules, e-mail templates, macros, auto-close) and applying macros.

Admins configure everything. Team leads also keep the macros of the organisations they serve.
"""

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from moked.people.access import can_see_organisation
from moked.people.models import Role
from moked.records import save_changes, save_new
from moked.tickets import services as tickets
from moked.tickets.models import EventChannel, Ticket

from . import actions, templating
from .models import AutoClosePolicy, EmailTemplate, Macro, Rule


def _require_admin(actor) -> None:
    if not (actor.is_active and actor.is_admin):
        raise PermissionDenied(_("Only admins configure automation."))


# --- rules and templates: admins ------------------------------------------------------------------


def create_rule(actor, **fields) -> Rule:
    _require_admin(actor)
    return save_new(Rule, fields)


def update_rule(actor, rule: Rule, changes: dict) -> Rule:
    _require_admin(actor)
    return save_changes(rule, changes)


def delete_rule(actor, rule: Rule) -> None:
    _require_admin(actor)
    rule.delete()


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
    if actor.is_active and actor.is_admin:
        return
    if not (actor.is_active and actor.role == Role.TEAM_LEAD):
        raise PermissionDenied(_("Only admins and team leads keep macros."))
    if organisation is None:
        raise PermissionDenied(_("Only admins keep the macros of every organisation."))
    if not can_see_organisation(actor, organisation.pk):
        raise PermissionDenied(_("You do not serve this organisation."))


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
    if not rules.has_perm("tickets.work_ticket", actor, ticket):
        raise PermissionDenied(_("You may not do this to this ticket."))
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
