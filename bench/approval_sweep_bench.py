"""Approval sweep benchmark: N pending approvals (one step, one approver each), of which a share
is due for a reminder, and a few for expiry.

    .venv/bin/python bench/approval_sweep_bench.py --approvals 100000 --due 1000 --databases sqlite,postgresql

Seeds a fresh database (tickets awaiting approval through the bulk import path; approvals, steps
and approvers written with COPY or executemany), ANALYZE, then times `services.sweep(now)`:
  - with nothing due, median of 7 runs (what runs every minute almost always);
  - with D reminders due (each approver gets a reminder notification in their language with a new
    single-use link, and the step its next reminder time), median of 5 runs, the D steps put
    back as due between runs;
  - with E steps expiring (each rejected: events, the ticket closed as not approved, the
    requester told), once, since it changes the data.
The target is 1 s for the sweep over 100,000 pending approvals.
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


def worker(approvals: int, due: int, expiring: int) -> None:
    """Runs in a child process whose DATABASE_URL names a migrated, empty database."""
    import datetime as dt

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moked.settings")
    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from moked.approvals import services
    from moked.approvals.models import Approval, ApprovalStep, Approver
    from moked.people.models import Person, Role
    from moked.tenancy.models import Organisation
    from moked.tickets.bulk import ImportedTicket, _RowWriter, import_tickets
    from moked.tickets.models import Ticket

    now = timezone.now()
    organisation = Organisation.objects.create(
        code="BENCH", name="Bench", timezone="Europe/Helsinki", country="FI", language="fi"
    )
    languages = ["fi", "he", "fa", "en"]
    managers = [
        Person.objects.create(
            username=f"m{n}",
            name=f"Manager {n}",
            role=Role.END_USER,
            organisation=organisation,
            language=languages[n % 4],
            email=f"m{n}@bench.example",
        )
        for n in range(200)
    ]
    requester = Person.objects.create(username="r", name="R", role=Role.END_USER, organisation=organisation)
    started = time.perf_counter()
    import_tickets(
        (
            ImportedTicket(
                organisation_id=organisation.pk,
                requester_id=requester.pk,
                subject=f"Access request {n}",
                description="Benchmark request",
                created_at=now - dt.timedelta(days=1),
                status="awaiting_approval",
                ticket_type="service_request",
            )
            for n in range(approvals)
        ),
        batch_size=10_000,
    )
    ids = list(Ticket.objects.order_by("id").values_list("id", flat=True))
    chain = [
        {
            "name": {"en": "Manager", "fi": "Esihenkilö"},
            "approvers": [{"kind": "manager"}],
            "rule": "all",
            "count": 1,
            "remind_after_hours": 8,
            "expire_after_hours": 40,
            "on_expiry": "reject",
        }
    ]
    # Reminders are due from two minutes ago, expiries from one minute ago.
    later, past, expired = (
        now + dt.timedelta(days=3),
        now - dt.timedelta(minutes=2),
        now - dt.timedelta(minutes=1),
    )
    remind_ids = set(ids[:due])
    expire_ids = set(ids[due : due + expiring])
    approval_writer, step_writer, approver_writer = (
        _RowWriter(Approval),
        _RowWriter(ApprovalStep),
        _RowWriter(Approver),
    )
    for first in range(0, len(ids), 10_000):
        chunk = ids[first : first + 10_000]
        with transaction.atomic():
            approval_writer.write(
                [
                    {
                        "ticket_id": pk,
                        "status": "pending",
                        "steps": chain,
                        "current_step": 0,
                        "subject_person_id": requester.pk,
                        "started_at": now - dt.timedelta(days=1),
                        "reason": "",
                    }
                    for pk in chunk
                ]
            )
            made = dict(Approval.objects.filter(ticket_id__in=chunk).values_list("ticket_id", "id"))
            step_writer.write(
                [
                    {
                        "approval_id": made[pk],
                        "position": 0,
                        "name": chain[0]["name"],
                        "rule": "all",
                        "count": 1,
                        "status": "pending",
                        "started_at": now - dt.timedelta(days=1),
                        "remind_after_hours": 8,
                        "expire_after_hours": 40,
                        "on_expiry": "reject",
                        "reminders_sent": 0,
                        "remind_at": past if pk in remind_ids else later,
                        "expire_at": expired if pk in expire_ids else later + dt.timedelta(days=2),
                    }
                    for pk in chunk
                ]
            )
            steps = ApprovalStep.objects.filter(approval__ticket_id__in=chunk).values_list("id", flat=True)
            approver_writer.write(
                [
                    {
                        "step_id": step_id,
                        "person_id": managers[step_id % len(managers)].pk,
                        "via": "manager",
                        "counts": True,
                        "decision": "pending",
                        "comment": "",
                        "channel": "",
                        "link_digest": "",
                    }
                    for step_id in steps
                ]
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seed_seconds = time.perf_counter() - started

    due_steps = list(
        ApprovalStep.objects.filter(approval__ticket_id__in=remind_ids).values_list("pk", flat=True)
    )

    def timed(moment) -> tuple[float, dict]:
        """Wall time in ms (kept), and this process's CPU time beside it (the machine may be shared)."""
        begin, begin_cpu = time.perf_counter(), time.process_time()
        done = services.sweep(moment)
        wall, spent = (time.perf_counter() - begin) * 1000, (time.process_time() - begin_cpu) * 1000
        return wall, {**done, "cpu_ms": round(spent, 1)}

    # Nothing due: a moment before anything is due (the due rows are due only from `past`).
    quiet = [timed(past - dt.timedelta(hours=1)) for _ in range(7)]
    reminding = []
    for _ in range(5):
        ApprovalStep.objects.filter(pk__in=due_steps).update(remind_at=past)
        reminding.append(timed(now - dt.timedelta(seconds=90)))
    expiring_run = timed(now) if expiring else None  # the reminders are not due again by then
    print(
        json.dumps(
            {
                "approvals": approvals,
                "reminders_due": due,
                "expiring": expiring,
                "seed_seconds": round(seed_seconds, 1),
                "nothing_due_ms": round(statistics.median(ms for ms, _ in quiet), 2),
                "nothing_due_cpu_ms": round(statistics.median(done["cpu_ms"] for _, done in quiet), 2),
                "reminded": reminding[-1][1]["reminded"],
                "reminders_due_ms": round(statistics.median(ms for ms, _ in reminding), 1),
                "reminders_runs_ms": [round(ms, 1) for ms, _ in reminding],
                "reminders_due_cpu_ms": round(statistics.median(done["cpu_ms"] for _, done in reminding), 1),
                "with_expiry": {"ms": round(expiring_run[0], 1), **expiring_run[1]} if expiring_run else None,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--approvals", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument(
        "--expiring", type=int, default=0, help="steps expiring (measured once, with the reminders)"
    )
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        worker(args.approvals, args.due, args.expiring)
        return
    run_child_per_database(
        __file__,
        "approval_sweep",
        args.databases,
        ["--approvals", str(args.approvals), "--due", str(args.due), "--expiring", str(args.expiring)],
    )


if __name__ == "__main__":
    main()
