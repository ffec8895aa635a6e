"""Texts rules and macros write: placeholders, dates on the organisation's calendar, languages,
and a sandbox that reaches nothing but what it is given."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from moked.automation import services, templating
from moked.mail.models import OutboundMessage
from tests.factories import make_ticket

pytestmark = pytest.mark.django_db


def test_business_days_count_on_the_organisations_calendar(requester):
    ticket = make_ticket(requester)
    thursday = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)  # 10:00 in Jerusalem; Friday and Saturday are off
    text = "Your new card arrives within 5 business days, by {{ due|business_days:5 }}."
    with time_machine.travel(thursday, tick=False):
        assert (
            templating.render(text, ticket)
            == "Your new card arrives within 5 business days, by March 12, 2026."
        )


def test_the_sandbox_gives_plain_values_only(requester):
    ticket = make_ticket(requester)
    assert templating.render("[{{ requester.password }}][{{ ticket.requester }}]", ticket) == "[][]"
    with pytest.raises(ValidationError):
        templating.check("{% load static %}{% static 'x' %}")
    with pytest.raises(ValidationError):
        templating.check("{{ ticket.reference|no_such_filter }}")


def test_a_rule_mails_a_template_in_the_recipients_language(admin, rule, requester):
    requester.language = "he"
    requester.save()
    template = services.create_email_template(
        admin,
        name="Card ordered",
        subject="Your card for {{ ticket.reference }}",
        body="Hello {{ requester.name }}, the card arrives by {{ due|business_days:5 }}.",
        translations={
            "he": {"subject": "הכרטיס שלך ל-{{ ticket.reference }}", "body": "שלום {{ requester.name }}"}
        },
    )
    rule("Card", actions=[{"type": "send_email", "template": template.pk, "to": "requester"}])
    ticket = make_ticket(requester)
    message = OutboundMessage.objects.get(kind=OutboundMessage.Kind.AUTOMATIC)
    assert message.subject == f"הכרטיס שלך ל-{ticket.reference}"
    assert message.text == "שלום Dana Cohen" and 'dir="rtl"' in message.html
    assert message.recipients == ["dana@acme.example"]


def test_templates_with_broken_placeholders_are_refused(admin):
    with pytest.raises(ValidationError) as refused:
        services.create_email_template(admin, name="Bad", subject="{{ x", body="ok", translations={"xx": {}})
    assert "translations" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.create_email_template(admin, name="Bad", subject="{% if %}", body="ok")
    assert "subject" in refused.value.message_dict


def test_a_template_still_sent_by_a_rule_cannot_be_deleted(admin, rule):
    template = services.create_email_template(admin, name="Used", subject="S", body="B")
    rule("Sends it", actions=[{"type": "send_email", "template": template.pk}])
    with pytest.raises(ValidationError):
        services.delete_email_template(admin, template)
