"""Recording notifications, each in its recipient's language."""

from collections.abc import Callable, Iterable

import rules
from django.utils import timezone, translation

from .models import Notification


def may_see(person, ticket) -> bool:
    """Whether `person` may be told about `ticket`: only those who may see it are (a team lead of
    a group that also handles other clients hears nothing of theirs)."""
    return ticket is None or rules.has_perm("tickets.view_ticket", person, ticket)


def prepare(recipients: Iterable, *, kind: str, ticket=None, message: Callable[[], tuple[str, str]], at=None):
    """Unsaved notifications for each distinct active recipient who may see the ticket (see notify)."""
    unique = {
        person.pk: person
        for person in recipients
        if person is not None and person.is_active and may_see(person, ticket)
    }
    notifications = []
    for person in unique.values():
        with translation.override(person.preferred_language):
            subject, body = message()
        notifications.append(
            Notification(
                recipient=person,
                ticket=ticket,
                kind=kind,
                subject=str(subject)[:300],
                body=str(body),
                created_at=at or timezone.now(),
            )
        )
    return notifications


def notify(recipients: Iterable, *, kind: str, ticket=None, message: Callable[[], tuple[str, str]], at=None):
    """Record a notification for each distinct active recipient who may see the ticket.

    `message()` returns (subject, body); it is called with each recipient's language active, so
    that its translatable strings come out in that language.
    """
    return Notification.objects.bulk_create(
        prepare(recipients, kind=kind, ticket=ticket, message=message, at=at)
    )


def mark_read(person, notification: Notification) -> Notification:
    if notification.recipient_id == person.pk and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification
