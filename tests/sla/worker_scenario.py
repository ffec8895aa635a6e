"""Steps of the worker test, each run in its own process: `setup` makes a ticket whose first
response is overdue; `enqueue` queues the SLA check; `breached` prints how many clocks breached."""

import os
import sys
from datetime import timedelta

import django


def main(step: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moked.settings")
    django.setup()
    from django.utils import timezone

    from moked.businesstime.services import create_calendar
    from moked.sla.models import SlaClock
    from moked.sla.services import create_policy
    from moked.sla.tasks import check_sla_clocks
    from tests.factories import AdminFactory, OrganisationFactory, PersonFactory, make_ticket

    if step == "setup":
        admin = AdminFactory()
        organisation = OrganisationFactory(timezone="UTC", country="GB")
        calendar = create_calendar(admin, organisation=organisation, name="24x7", always_open=True)
        create_policy(
            admin, organisation=organisation, name="Fast", calendar=calendar, first_response_minutes=30
        )
        make_ticket(PersonFactory(organisation=organisation), at=timezone.now() - timedelta(hours=2))
    elif step == "enqueue":
        check_sla_clocks()
    elif step == "breached":
        print(SlaClock.objects.filter(breached_at__isnull=False).count())


if __name__ == "__main__":
    main(sys.argv[1])
