"""Background jobs of accounts (run by `moked worker`)."""

from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from .models import PortalLink


@db_periodic_task(crontab(hour="3", minute="41"))
@lock_task("portal-links-purge")
def purge_portal_links() -> int:
    """Nightly: forget the links to the portal that expired more than a day ago."""
    deleted, _ = PortalLink.objects.filter(expires_at__lt=timezone.now() - timedelta(days=1)).delete()
    return deleted
