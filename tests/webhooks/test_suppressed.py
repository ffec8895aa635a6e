"""Replaying history (the demo) calls no webhook; once it is over, they are called again."""

import pytest

from moked.webhooks import services
from moked.webhooks.models import WebhookDelivery
from tests.factories import PersonFactory, make_ticket

pytestmark = pytest.mark.django_db


def test_no_delivery_while_suppressed_and_deliveries_again_after(admin, org):
    services.create_webhook(
        admin, organisation=org, name="CRM", url="https://a.example/h", events=["created"]
    )
    with services.suppressed():
        make_ticket(PersonFactory(organisation=org))
    assert not WebhookDelivery.objects.exists()
    make_ticket(PersonFactory(organisation=org))
    assert WebhookDelivery.objects.count() == 1
