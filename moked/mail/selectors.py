"""Reading the e-mail records: mailboxes and messages are the provider's admins' business; a
ticket's outbound mail is visible to the staff serving its organisation."""

import rules
from django.db.models import Count, Q, QuerySet

from .models import InboundMessage, Mailbox, OutboundMessage


def _admin(person) -> bool:
    return rules.has_perm("mail.view_mailboxes", person)


def visible_mailboxes(person) -> QuerySet[Mailbox]:
    return Mailbox.objects.select_related("organisation") if _admin(person) else Mailbox.objects.none()


def visible_inbound(person) -> QuerySet[InboundMessage]:
    messages = InboundMessage.objects.select_related("mailbox", "ticket")
    return messages if _admin(person) else messages.none()


def ticket_outbound(person, ticket) -> QuerySet[OutboundMessage]:
    """The mail sent about a ticket, for the staff (the caller has checked they may see the ticket)."""
    if not rules.has_perm("mail.view_ticket_mail", person, ticket):
        return OutboundMessage.objects.none()
    return OutboundMessage.objects.filter(ticket=ticket)


def ticket_inbound(person, ticket) -> QuerySet[InboundMessage]:
    """The mail received onto a ticket, for the staff (the caller has checked they may see the ticket)."""
    if not rules.has_perm("mail.view_ticket_mail", person, ticket):
        return InboundMessage.objects.none()
    return InboundMessage.objects.filter(ticket=ticket)


def mailboxes_with_recent_mail(person, since) -> QuerySet[Mailbox]:
    """The mailboxes `person` may see, each with `received_recently`: the messages it took since `since`."""
    received = Count("messages", filter=Q(messages__received_at__gte=since))
    return visible_mailboxes(person).annotate(received_recently=received)
