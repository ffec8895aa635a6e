"""Reading webhooks and their delivery log: the provider's admins' business, nobody else's (a
webhook's secret and what it is sent are integration details, not ticket data)."""

import rules
from django.db.models import QuerySet

from .models import Webhook, WebhookDelivery


def _admin(person) -> bool:
    return rules.has_perm("webhooks.view_webhooks", person)


def visible_webhooks(person) -> QuerySet[Webhook]:
    webhooks = Webhook.objects.select_related("organisation")
    return webhooks if _admin(person) else webhooks.none()


def visible_deliveries(person) -> QuerySet[WebhookDelivery]:
    deliveries = WebhookDelivery.objects.select_related("webhook", "ticket")
    return deliveries if _admin(person) else deliveries.none()
