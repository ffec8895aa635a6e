"""Background jobs of the e-mail channel (run by `moked worker`)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from . import imap, outbound
from .models import Mailbox, OutboundMessage


@db_task(retries=settings.MOKED_MAIL_ATTEMPTS - 1, retry_delay=60)
def deliver_message(pk: int) -> str:
    """Send one message; a failure raises, and Huey tries again a minute later."""
    return outbound.deliver(pk)


@db_periodic_task(crontab(minute="*"))
@lock_task("mail-queue")
def send_mail_queue() -> int:
    """Every minute: e-mail new notifications, and send what waited longer than its task should have."""
    outbound.release_stuck()
    outbound.queue_notifications()
    late = OutboundMessage.objects.filter(
        status=OutboundMessage.Status.PENDING, created_at__lt=timezone.now() - timedelta(minutes=2)
    ).values_list("pk", flat=True)
    sent = 0
    for pk in late[:200]:
        try:
            sent += outbound.deliver(pk) == OutboundMessage.Status.SENT
        except outbound.DeliveryFailed:
            continue
    return sent


@db_periodic_task(crontab(minute="*"))
@lock_task("mail-poll")
def poll_mailboxes() -> int:
    """Every minute: take new mail from every mailbox read over IMAP."""
    taken = 0
    for mailbox in Mailbox.objects.exclude(imap_host="").filter(is_active=True):
        taken += len(imap.poll(mailbox))
    return taken
