"""The rule action that mails one of automation's e-mail templates ("send_email"), registered
with the rules engine when the app starts (moked.automation.registry)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from moked.automation import registry, templating
from moked.automation.actions import Change, record, required
from moked.automation.models import EmailTemplate
from moked.notifications.services import may_see

from . import outbound

RECIPIENTS = ("requester", "assignee", "group", "team_leads", "service_team")
EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


def register() -> None:
    registry.register_action("send_email", check=check_email, apply=send_email, order=90, rule_only=True)
    registry.register_mail_outbox(outbound.queue_automatic_mail)


def check_email(action, organisation) -> dict:
    template = record(EmailTemplate, required(action, "template"), _("e-mail template"))
    if template.organisation_id not in (None, getattr(organisation, "pk", None)):
        raise ValidationError(_("This template belongs to another organisation."))
    to = action.get("to", "requester")
    if to not in RECIPIENTS:
        raise ValidationError(_("Send to one of: %(who)s.") % {"who": ", ".join(RECIPIENTS)})
    return {"template": template.pk, "to": to}


def send_email(action, ticket, context):
    template = EmailTemplate.objects.filter(pk=action["template"]).first()
    if template is None:
        return None
    recipients = recipients_of(ticket, action["to"])
    if not context.dry_run:
        for recipient in recipients:
            subject, body = templating.render_email(template, ticket, recipient, at=context.at)
            outbound.queue_automatic_mail(ticket, recipient.email, recipient.language, subject, body)
    who = ", ".join(recipient.email for recipient in recipients) or _("nobody with an address")
    return Change("send_email", _("e-mail %(template)s to %(who)s") % {"template": template.name, "who": who})


def recipients_of(ticket, to: str) -> list[templating.Recipient]:
    if to == "service_team":
        service, address = ticket.service, ""
        if service is not None:
            address = next((word for word in service.dispatch_contact.split() if EMAIL.match(word)), "")
        if not address:
            return []
        return [
            templating.Recipient(service.dispatch_team or service.name, address, ticket.organisation.language)
        ]
    if to == "requester":
        people = [ticket.requester]
    elif to == "assignee":
        people = [ticket.assignee] if ticket.assignee else []
    elif to == "group":
        people = list(ticket.group.members.all()) if ticket.group else []
    else:
        people = list(ticket.group.leads.all()) if ticket.group else []
    return [
        templating.Recipient(person.name, person.email, person.preferred_language)
        for person in people
        if person.is_active and person.email and may_see(person, ticket)
    ]
