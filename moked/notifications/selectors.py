from .models import Notification


def notifications_for(person):
    """A person's own notifications, newest first."""
    return Notification.objects.filter(recipient_id=person.pk).select_related("ticket")
