"""A separate process that opens tickets as fast as it can and prints their numbers (one per line).

Usage: python concurrent_creator.py REQUESTER_ID COUNT START_AT  (DATABASE_URL names the database;
START_AT is a Unix time at which every creator starts together)
"""

import os
import sys
import time

import django


def main(requester_id: int, count: int, start_at: float) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moked.settings")
    django.setup()
    from moked.people.models import Person
    from moked.tickets import services

    requester = Person.objects.select_related("organisation").get(pk=requester_id)
    time.sleep(max(0.0, start_at - time.time()))
    for n in range(count):
        ticket = services.create_ticket(
            requester, organisation=requester.organisation, requester=requester, subject=f"Concurrent {n}"
        )
        print(ticket.number, flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]))
