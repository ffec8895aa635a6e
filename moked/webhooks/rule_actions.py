"""The rule action that calls a webhook ("call_webhook"), registered with the rules engine when
the app starts (moked.automation.registry)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from moked.automation import registry
from moked.automation.actions import Change, record, required

from .models import Webhook
from .services import queue_delivery


def register() -> None:
    registry.register_action(
        "call_webhook", check=check_webhook, apply=call_webhook, order=110, rule_only=True
    )


def check_webhook(action, organisation) -> dict:
    webhook = record(Webhook, required(action, "webhook"), _("webhook"))
    if webhook.organisation_id not in (None, getattr(organisation, "pk", None)):
        raise ValidationError(_("This webhook belongs to another organisation."))
    return {"webhook": webhook.pk}


def call_webhook(action, ticket, context):
    webhook = Webhook.objects.filter(pk=action["webhook"], is_active=True).first()
    if webhook is None:
        return None
    if not context.dry_run:
        payload = {"rule": context.rule.name if context.rule else None}
        queue_delivery(webhook, event="rule", ticket=ticket, payload=payload)
    return Change("call_webhook", _("webhook %(name)s") % {"name": webhook.name})
