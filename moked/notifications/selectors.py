from django.db.models import Q

from moked.people.models import Role
from moked.tickets.selectors import visible_tickets

from .models import Notification


def notifications_for(person):
    """A person's own notifications, newest first, about tickets they may still see: one who no
    longer serves an organisation no longer reads what they were told of its tickets."""
    notifications = Notification.objects.filter(recipient_id=person.pk).select_related("ticket")
    if person.is_active and person.role == Role.ADMIN:  # sees every ticket
        return notifications
    return notifications.filter(Q(ticket__isnull=True) | Q(ticket__in=visible_tickets(person).values("pk")))
