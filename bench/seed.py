"""Seed a Moked database with the shared benchmark workload, fast (the bulk import path).

    DATABASE_URL=... python bench/seed.py N

Creates the organisation BENCH (domain example.com), its 5,000 customers, an agent serving it
with an API token, and N tickets from ../shared/bench/workload.py; prints one line of JSON:
{"tickets": N, "seconds": ..., "token": ..., "references": [...a sample for detail reads...]}.
"""

import sys

# This folder goes last on the path: bench/email.py must not hide the standard library's email.
sys.path.append(sys.path.pop(0))

import datetime as dt
import json
import os
import time
from pathlib import Path

import django
from databases import shared_dir

ROOT = Path(__file__).resolve().parents[1]
END = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)

# The workload's open tickets spread over Moked's open statuses, deterministically by index.
OPEN_SPREAD = (
    "new",
    "new",
    "new",
    "new",
    "assigned",
    "assigned",
    "in_progress",
    "in_progress",
    "in_progress",
    "pending_customer",
)
# Workload priority 1..5 → (impact, urgency, Moked priority P1..P4) on the default matrix.
PRIORITY = {1: (1, 1, 1), 2: (1, 2, 2), 3: (2, 2, 3), 4: (3, 2, 4), 5: (3, 3, 4)}


def main(count: int) -> None:
    sys.path.insert(0, str(shared_dir() / "bench"))
    import workload

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moked.settings")
    django.setup()
    from django.contrib.auth.hashers import make_password

    from moked.api.models import ApiToken
    from moked.people.models import Person, Role
    from moked.tenancy.models import EmailDomain, Organisation
    from moked.tickets.bulk import ImportedTicket, import_tickets

    started = time.perf_counter()
    organisation = Organisation.objects.create(
        code="BENCH", name="Benchmark Ltd", timezone="UTC", country="GB"
    )
    EmailDomain.objects.create(organisation=organisation, domain="example.com")
    password = make_password(None)
    Person.objects.bulk_create(
        Person(
            username=f"customer{n:04d}@example.com",
            email=f"customer{n:04d}@example.com",
            name=f"Customer {n:04d}",
            role=Role.END_USER,
            organisation=organisation,
            password=password,
        )
        for n in range(workload.CUSTOMERS)
    )
    requesters = dict(Person.objects.filter(organisation=organisation).values_list("email", "id"))
    agent = Person.objects.create(
        username="bench-agent",
        name="Bench Agent",
        email="agent@provider.example",
        role=Role.AGENT,
        tier=1,
        password=password,
    )
    agent.organisations.add(organisation)
    _, token = ApiToken.issue(agent, name="benchmark")

    def tickets():
        for i in range(count):
            t = workload.ticket(i, count, END)
            impact, urgency, priority = PRIORITY[t["priority"]]
            status, reopened = {
                workload.STATUS_OPEN: (OPEN_SPREAD[i % len(OPEN_SPREAD)], 0),
                workload.STATUS_REOPENED: ("assigned", 1),
                workload.STATUS_RESOLVED: ("resolved", 0),
                workload.STATUS_CLOSED: ("closed", 0),
            }[t["status"]]
            created = t["created"]
            done = created + dt.timedelta(hours=4 + i % 72)
            yield ImportedTicket(
                organisation_id=organisation.pk,
                requester_id=requesters[t["submitter_email"]],
                subject=t["subject"],
                description=t["description"],
                created_at=created,
                status=status,
                impact=impact,
                urgency=urgency,
                priority=priority,
                reopen_count=reopened,
                assignee_id=agent.pk if status in ("assigned", "in_progress", "pending_customer") else None,
                resolved_at=done if status in ("resolved", "closed") else None,
                closed_at=done + dt.timedelta(days=3) if status == "closed" else None,
                resolution_code="solved" if status in ("resolved", "closed") else "",
                source={"workload_index": i},
            )

    written = import_tickets(tickets(), actor=agent, batch_size=int(os.environ.get("BATCH", "5000")))
    seconds = time.perf_counter() - started
    from moked.tickets.models import Ticket

    step = max(1, count // 1000)
    sample = [ticket.reference for ticket in Ticket.objects.filter(number__in=range(1, count + 1, step))]
    print(
        json.dumps({"tickets": written, "seconds": round(seconds, 1), "token": token, "references": sample})
    )


if __name__ == "__main__":
    main(int(sys.argv[1]))
