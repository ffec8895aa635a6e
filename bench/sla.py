"""SLA sweep benchmark: N open tickets with running clocks, of which D are due for a check.

    .venv/bin/python bench/sla.py --tickets 1000000 --due 1000 --databases sqlite,postgresql

Seeds a fresh database (tickets through the bulk import path; one resolution clock and its
counting segment per ticket, written with COPY or executemany), then times, median of 5:
  - the sweep's query: finding the due clocks among all of them (what runs every minute);
  - the whole check of the D due clocks: each crossed its 75% warning, so each gets a warning
    event on its ticket and a notification (run once, since it changes the data).
The due-date arithmetic itself is measured by bench/sla_calendar.py.
"""

import sys

# This folder goes last on the path: bench/email.py must not hide the standard library's email.
sys.path.append(sys.path.pop(0))

import argparse
import json
import os
import statistics
import time

from databases import run_child_per_database


def worker(tickets: int, due: int) -> None:
    """Runs in a child process whose DATABASE_URL names a migrated, empty database."""
    import datetime as dt

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moked.settings")
    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from moked.businesstime.services import create_calendar
    from moked.people.models import Person, Role
    from moked.sla.models import SlaClock, SlaSegment
    from moked.sla.services import check_due_clocks, create_policy
    from moked.tenancy.models import Organisation
    from moked.tickets.bulk import ImportedTicket, _RowWriter, import_tickets
    from moked.tickets.models import Ticket

    now = timezone.now()
    admin = Person.objects.create(username="admin", name="Admin", role=Role.ADMIN)
    organisation = Organisation.objects.create(code="BENCH", name="Bench", timezone="UTC", country="GB")
    requester = Person.objects.create(username="r", name="R", role=Role.END_USER, organisation=organisation)
    calendar = create_calendar(admin, organisation=organisation, name="24x7", always_open=True)
    policy = create_policy(
        admin, organisation=organisation, name="Bench", calendar=calendar, resolution_minutes=120
    )
    started = time.perf_counter()
    import_tickets(
        (
            ImportedTicket(
                organisation_id=organisation.pk,
                requester_id=requester.pk,
                subject=f"Ticket {n}",
                description="Benchmark ticket",
                created_at=now,
            )
            for n in range(tickets)
        ),
        batch_size=10_000,
    )
    ids = list(Ticket.objects.order_by("id").values_list("id", flat=True))
    due_ids = set(ids[:due])
    clock_writer, segment_writer = _RowWriter(SlaClock), _RowWriter(SlaSegment)
    late = now - dt.timedelta(minutes=100)  # 100 of 120 minutes: past the 90-minute warning
    for first in range(0, len(ids), 10_000):
        chunk = ids[first : first + 10_000]
        with transaction.atomic():
            clock_writer.write(
                [
                    {
                        "ticket_id": pk,
                        "kind": "resolution",
                        "sequence": 0,
                        "policy_id": policy.pk,
                        "always_open": False,
                        "target_minutes": 120,
                        "status": "running",
                        "started_at": late if pk in due_ids else now,
                        "elapsed_minutes": 0.0,
                        "due_at": now,
                        "next_check_at": now - dt.timedelta(minutes=1)
                        if pk in due_ids
                        else now + dt.timedelta(days=7),
                    }
                    for pk in chunk
                ]
            )
            clock_ids = SlaClock.objects.filter(ticket_id__in=chunk).values_list("id", "started_at")
            segment_writer.write(
                [
                    {"clock_id": pk, "started_at": start, "counting": True, "reason": "started"}
                    for pk, start in clock_ids
                ]
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seed_seconds = time.perf_counter() - started

    sweeps = []
    for _ in range(5):
        begin = time.perf_counter()
        found = list(
            SlaClock.objects.filter(next_check_at__lte=now)
            .order_by("next_check_at")
            .values_list("pk", flat=True)[:500]
        )
        found += list(
            SlaClock.objects.filter(next_check_at__lte=now, pk__gt=max(found))
            .order_by("pk")
            .values_list("pk", flat=True)[:500]
        )
        sweeps.append((time.perf_counter() - begin) * 1000)
    begin = time.perf_counter()
    checked = check_due_clocks(now)
    check_seconds = time.perf_counter() - begin
    print(
        json.dumps(
            {
                "tickets": tickets,
                "due": due,
                "checked": checked,
                "seed_seconds": round(seed_seconds, 1),
                "sweep_query_ms": round(statistics.median(sweeps), 2),
                "check_seconds": round(check_seconds, 2),
                "per_clock_ms": round(check_seconds * 1000 / max(checked, 1), 2),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        worker(args.tickets, args.due)
        return
    run_child_per_database(
        __file__, "sla", args.databases, ["--tickets", str(args.tickets), "--due", str(args.due)]
    )


if __name__ == "__main__":
    main()
