"""Agent workspace benchmark: the views and the ticket page rendered server-side with 1M tickets.

    .venv/bin/python bench/pages.py --tickets 1000000 --databases sqlite,postgresql

For each database, a fresh one (bench/out/work/pages.sqlite3, or moked_bench_pages on
127.0.0.1:5432, $MOKED_BENCH_DATABASE_pages if set), migrated, then loaded:
  - the demo's world (moked.demo: four client organisations in four languages, staff, groups,
    services, SLA policies, macros, rules, 200 tickets with a true history), six more client
    organisations, 40 more agents in the groups, 400 requesters per organisation;
  - N tickets through the bulk import (moked.tickets.bulk), with the shared workload's subjects,
    descriptions and dates (../shared/bench/workload.py, the year before now), spread over the
    ten organisations by size. Status follows age: most are closed; about 2-3% are open (new,
    some not routed to a group; assigned, in progress, pending), older ones rarely. Open tickets
    have a group and an agent serving their organisation, and an SLA due time unless they wait;
  - one ticket with a long conversation made through the ticket services (replies, internal
    notes, an attachment, status changes, reassignment, an escalation), with its SLA clocks.
On PostgreSQL, VACUUM ANALYZE follows (autovacuum's work on a live server); SQLite gets no
ANALYZE, as Moked runs none. Then, in the same process, Django's test client signed in as two
agents: dana (tier 1, serves two of the ten organisations) and omar (tier 2, serves all ten).
Each page is requested 5 times to warm up, then --requests times: /desk/, each view (mine,
unassigned, breaching, waiting, all) plain, searched (?q=vpn, a word in about a fifth of all
tickets), sorted, and searched for two words and sorted, and the ticket page (the long
conversation, and 25 tickets spread over the data set in turn). Reports the median and p95 of
each page in milliseconds, its SQL queries and its size, and the counts the views show; prints
Markdown tables and writes JSON to bench/out/pages-<timestamp>.json.

--reuse keeps a database loaded by an earlier run (it is only migrated): for measuring again
after a change without loading a million tickets again. --workdir puts the SQLite file and the
stored files elsewhere (a million tickets make a file of several GB); --requests 0 only loads.
"""

import sys

# This folder goes last on the path: bench/email.py must not hide the standard library's email.
sys.path.append(sys.path.pop(0))

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import time
from pathlib import Path
from urllib.parse import urlencode

from databases import PG, fresh_database, moked, shared_dir

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(shared_dir() / "bench"))
import workload  # noqa: E402

WARMUPS = 5
PG_DATABASE = f"{PG['dbname']}_pages"
# Six more clients beside the demo's four: (code, name, language, time zone, country, share of tickets).
MORE_ORGANISATIONS = (
    ("HARBOR", "Harbor Freight Lines", "en", "Europe/London", "GB", 12),
    ("KINNEY", "Kinney Health", "en", "Europe/London", "GB", 8),
    ("ALEF", "אלף תעשיות", "he", "Asia/Jerusalem", "IL", 6),
    ("KAVIR", "کویر سیمان", "fa", "Asia/Tehran", "IR", 5),
    ("REVONTULI", "Revontuli Oy", "fi", "Europe/Helsinki", "FI", 4),
    ("LOTUS", "Lotus Hotels", "en", "Europe/London", "GB", 3),
)
DEMO_SHARES = {"GALIL": 20, "PARS": 15, "SISU": 15, "NWR": 12}
MORE_AGENTS = 40
REQUESTERS_PER_ORGANISATION = 400
# The share of tickets still open, by age in days: a busy desk's backlog.
OPEN_BY_AGE = ((2, 0.85), (14, 0.35), (60, 0.04), (None, 0.003))
OPEN_MIX = (
    ("new", 25),
    ("assigned", 20),
    ("in_progress", 30),
    ("pending_customer", 15),
    ("pending_third_party", 10),
)
# Hours from creation to the next SLA due time, by priority.
DUE_HOURS = {1: 4, 2: 8, 3: 72, 4: 120}
PRIORITY = {1: (1, 1, 1), 2: (1, 2, 2), 3: (2, 2, 3), 4: (3, 2, 4), 5: (3, 3, 4)}
CHANNELS = ("email",) * 9 + ("portal",) * 5 + ("phone",) * 4 + ("api", "chat")
PROVIDER_WIDE = ("noa", "mikko", "omar", "eitan")
PERSONAS = ("dana", "omar")
VIEW_SORTS = {
    "mine": "-priority",
    "unassigned": "due",
    "breaching": "-number",
    "waiting": "status",
    "all": "-due",
}
SEARCH, SEARCH_TWO_WORDS = "vpn", "outlook password"


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# --- loading ----------------------------------------------------------------------------------


def load(count: int) -> dict:
    """Fill the empty database; returns what the measurements need and how long loading took."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from moked.demo.generate import load_demo
    from moked.people import services as people
    from moked.people.models import Person, Role, SupportGroup
    from moked.tenancy import services as tenancy
    from moked.tenancy.models import Organisation
    from moked.tickets.bulk import import_tickets

    started = time.perf_counter()
    now = timezone.now()
    load_demo(200, days=30)
    admin = Person.objects.get(username="admin")
    for code, name, language, zone, country, _ in MORE_ORGANISATIONS:
        tenancy.create_organisation(
            admin,
            code=code,
            name=name,
            language=language,
            timezone=zone,
            country=country,
            email_domains=[f"{code.lower()}.example"],
        )
    by_code = {organisation.code: organisation for organisation in Organisation.objects.all()}
    organisations = {code: organisation.pk for code, organisation in by_code.items()}
    codes = sorted(organisations)
    # The demo's provider-wide staff (team leads, tiers 2 and 3) serve the new clients too.
    for person in Person.objects.filter(username__in=PROVIDER_WIDE):
        people.update_person(admin, person, {"organisations": list(by_code.values())})
    rng = random.Random(2026)
    groups = list(SupportGroup.objects.order_by("tier", "id"))
    for n in range(MORE_AGENTS):
        served = rng.sample(codes, rng.randint(2, 4))
        group = groups[0] if n < MORE_AGENTS * 0.6 else rng.choice(groups[1:])
        agent = people.create_person(
            admin,
            username=f"agent{n:02d}",
            name=f"Agent {n:02d}",
            email=f"agent{n:02d}@moked.example",
            role=Role.AGENT,
            tier=group.tier,
            organisations=[by_code[code] for code in served],
        )
        group.members.add(agent)
    password = make_password(None)
    Person.objects.bulk_create(
        Person(
            username=f"user{n:03d}@{code.lower()}.example",
            email=f"user{n:03d}@{code.lower()}.example",
            name=f"{code.title()} User {n:03d}",
            role=Role.END_USER,
            organisation_id=pk,
            password=password,
        )
        for code, pk in organisations.items()
        for n in range(REQUESTERS_PER_ORGANISATION)
    )
    requesters = {pk: [] for pk in organisations.values()}
    for pk, organisation_id in Person.objects.filter(role=Role.END_USER).values_list("pk", "organisation_id"):
        requesters[organisation_id].append(pk)
    # Who may hold a ticket of an organisation in a group: members who serve it.
    holders = {}
    for group in groups:
        for member in group.members.prefetch_related("organisations"):
            if member.role == Role.ADMIN:
                continue
            for organisation in member.organisations.all():
                holders.setdefault((group.pk, organisation.pk), []).append(member.pk)
    shares = {**DEMO_SHARES, **{code: share for code, *_, share in MORE_ORGANISATIONS}}
    tickets = _tickets(
        count,
        now,
        rng,
        [organisations[c] for c in codes],
        [shares[c] for c in codes],
        requesters,
        groups,
        holders,
    )
    written = import_tickets(tickets, actor=admin)
    _set_due_times(now)
    conversation = _conversation(now)
    seconds = round(time.perf_counter() - started, 1)
    return {"tickets": written, "load_seconds": seconds, "conversation": conversation}


def _tickets(count, now, rng, organisation_ids, weights, requesters, groups, holders):
    from moked.tickets.bulk import ImportedTicket

    service_desk = groups[0]
    specialists = groups[1:]
    for i in range(count):
        t = workload.ticket(i, count, now)
        organisation_id = rng.choices(organisation_ids, weights)[0]
        age_days = (now - t["created"]).total_seconds() / 86400
        open_share = next(share for limit, share in OPEN_BY_AGE if limit is None or age_days < limit)
        draw = rng.random()
        if draw < open_share:
            status = rng.choices([s for s, _ in OPEN_MIX], [w for _, w in OPEN_MIX])[0]
        elif age_days < 14 and draw < open_share + (1 - open_share) * 0.4:
            status = "resolved"
        else:
            status = "closed"
        group = service_desk if rng.random() < 0.7 else rng.choice(specialists)
        candidates = holders.get((group.pk, organisation_id)) or holders[(service_desk.pk, organisation_id)]
        assignee = rng.choice(candidates)
        if status == "new":
            group, assignee = (None if rng.random() < 0.35 else group), None
        impact, urgency, priority = PRIORITY[t["priority"]]
        done = t["created"] + dt.timedelta(hours=2 + rng.random() * 70)
        yield ImportedTicket(
            organisation_id=organisation_id,
            requester_id=rng.choice(requesters[organisation_id]),
            subject=t["subject"],
            description=t["description"],
            created_at=t["created"],
            status=status,
            ticket_type="service_request" if rng.random() < 0.2 else "incident",
            impact=impact,
            urgency=urgency,
            priority=priority,
            channel=rng.choice(CHANNELS),
            updated_at=min(now, t["created"] + dt.timedelta(hours=rng.random() * 48)),
            resolved_at=min(now, done) if status in ("resolved", "closed") else None,
            closed_at=min(now, done + dt.timedelta(days=3)) if status == "closed" else None,
            resolution_code="solved" if status in ("resolved", "closed") else "",
            group_id=group.pk if group else None,
            assignee_id=assignee,
            tier=group.tier if group else 1,
            source={"workload_index": i},
        )


def _set_due_times(now) -> None:
    """Open tickets whose clocks run get their next SLA due time (the SLA engine's job on live
    tickets; the bulk import leaves it to the caller)."""
    from django.db import connection, transaction

    from moked.tickets.models import Ticket

    running = Ticket.objects.filter(status__in=("new", "assigned", "in_progress")).values_list(
        "pk", "created_at", "priority"
    )
    rows = [
        (connection.ops.adapt_datetimefield_value(created + dt.timedelta(hours=DUE_HOURS[priority])), pk)
        for pk, created, priority in running.iterator(chunk_size=5000)
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany("UPDATE tickets_ticket SET sla_due_at = %s WHERE id = %s", rows)


def _conversation(now) -> str:
    """A ticket of GALIL with a long history, made through the services; returns its reference."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from moked.automation.engine import suppressed as rules_suppressed
    from moked.mail.outbound import suppressed as mail_suppressed
    from moked.people.models import Person, SupportGroup
    from moked.tickets import services as tickets

    dana, requester = Person.objects.get(username="dana"), Person.objects.get(username="galil.user")
    service_desk = SupportGroup.objects.get(name="Service Desk")
    network = SupportGroup.objects.get(name="Network & VPN")
    omar = Person.objects.get(username="omar")
    at = now - dt.timedelta(days=3)
    texts = [workload.ticket(n, 100, now)["description"] for n in range(40)]

    def later(minutes=37):
        nonlocal at
        at += dt.timedelta(minutes=minutes)
        return at

    with mail_suppressed(), rules_suppressed():
        ticket = tickets.create_ticket(
            requester,
            organisation=requester.organisation,
            requester=requester,
            subject="VPN drops every few minutes at the warehouse",
            description=texts[0],
            impact=2,
            urgency=2,
            channel="email",
            at=at,
        )
        ticket = tickets.update_ticket(
            dana, ticket, {"group": service_desk, "assignee": dana}, channel="web", at=later()
        )
        for n in range(1, 31):
            if n % 3 == 0:
                tickets.add_comment(dana, ticket, texts[n], public=False, channel="web", at=later())
            elif n % 3 == 1:
                tickets.add_comment(dana, ticket, texts[n], channel="web", at=later())
                if n in (4, 16):
                    ticket = tickets.change_status(
                        dana, ticket, "pending_customer", channel="web", at=later(5)
                    )
            else:
                tickets.add_comment(requester, ticket, texts[n], channel="email", at=later())
                if ticket.status == "pending_customer":
                    ticket = tickets.change_status(dana, ticket, "in_progress", channel="web", at=later(5))
            if n == 10:
                log = SimpleUploadedFile("vpn-client.log", b"12:01 tunnel down\n" * 400, "text/plain")
                tickets.add_attachment(requester, ticket, log, channel="email", at=later(2))
            if n == 20:
                ticket = tickets.escalate_ticket(
                    dana,
                    ticket,
                    group=network,
                    reason="Tunnel drops need the network team.",
                    channel="web",
                    at=later(),
                )
                ticket = tickets.update_ticket(omar, ticket, {"assignee": omar}, channel="web", at=later())
    return ticket.reference


# --- measuring --------------------------------------------------------------------------------


def pages(conversation: str, spread: list[str]) -> list[tuple[str, list[str]]]:
    """(label, the paths requested in turn) for every page measured."""
    listed = [("/desk/", ["/desk/"])]
    both = urlencode({"q": SEARCH_TWO_WORDS, "sort": "priority"})
    for view, sort in VIEW_SORTS.items():
        base = f"/desk/views/{view}/"
        listed += [
            (base, [base]),
            (f"{base}?q={SEARCH}", [f"{base}?q={SEARCH}"]),
            (f"{base}?sort={sort}", [f"{base}?sort={sort}"]),
            (f"{base}?{both}", [f"{base}?{both}"]),
        ]
    listed.append((f"/desk/tickets/{conversation}/", [f"/desk/tickets/{conversation}/"]))
    listed.append(("/desk/tickets/<spread>/", [f"/desk/tickets/{reference}/" for reference in spread]))
    return listed


def list_pages(client) -> list[tuple[str, list[str]]]:
    """The lists in the orders added for issue 11 (subject, organisation), and a page deep in a
    list: the 21st of `all` by update time (rows 1,001-1,050, or its last page when it is shorter),
    reached through its "next" links as an agent would."""
    import html
    import re

    listed = [
        (f"/desk/views/all/?sort={sort}", [f"/desk/views/all/?sort={sort}"])
        for sort in ("subject", "-organisation")
    ]
    path = "/desk/views/all/?sort=-updated"
    for _ in range(20):
        found = re.search(r'href="([^"]+)" rel="next"', client.get(path).content.decode())
        if found is None:
            break
        path = "/desk/views/all/" + html.unescape(found.group(1))
    listed.append(("/desk/views/all/?sort=-updated, page 21", [path]))
    return listed


def measure(requests: int, conversation: str) -> tuple[list[dict], dict]:
    """The timings of every page for every agent, and the counts each agent's views show."""
    from django.db import connection
    from django.test import Client

    from moked.people.models import Person
    from moked.tickets.models import Ticket
    from moked.web.workspace.desk import counted_views

    results, counts = [], {}
    for username in PERSONAS:
        person = Person.objects.get(username=username)
        counts[username] = {name: count for name, _, count in counted_views(person)}
        client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(person)
        visible = Ticket.objects.filter(organisation__in=person.organisations.all())
        step = max(1, visible.count() // 25)
        spread = [t.reference for t in visible.order_by("id").only("ticket_type", "number")[::step][:25]]
        for label, paths in pages(conversation, spread) + list_pages(client):
            for n in range(WARMUPS):
                answer = client.get(paths[n % len(paths)])
                assert answer.status_code == 200, (label, answer.status_code)
            queries = []

            def counted(execute, sql, params, many, context, seen=queries):
                seen.append(sql)
                return execute(sql, params, many, context)

            # Counted by a wrapper: Django empties connection.queries at the start of each request.
            with connection.execute_wrapper(counted):
                answer = client.get(paths[0])
            size = len(answer.content)
            times = []
            for n in range(requests):
                begin = time.perf_counter()
                answer = client.get(paths[n % len(paths)])
                times.append((time.perf_counter() - begin) * 1000)
                assert answer.status_code == 200, (label, answer.status_code)
            results.append(
                {
                    "agent": username,
                    "page": label,
                    "n": requests,
                    "median_ms": round(statistics.median(times), 1),
                    "p95_ms": round(percentile(times, 0.95), 1),
                    "queries": len(queries),
                    "bytes": size,
                }
            )
            print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    return results, counts


def child(count: int, requests: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moked.settings")
    django.setup()
    from django.db import connection

    from moked.tenancy.models import Organisation
    from moked.tickets import lifecycle
    from moked.tickets.models import Ticket, TicketEvent

    loaded = {"load_seconds": None}
    if not Ticket.objects.exists():
        loaded = load(count)
        conversation = loaded["conversation"]
    else:  # the long conversation is the last ticket escalated: made after the import
        conversation = (
            TicketEvent.objects.filter(kind="escalated")
            .select_related("ticket")
            .latest("id")
            .ticket.reference
        )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    sizes = {
        "version": version,
        "tickets": Ticket.objects.count(),
        "open_tickets": Ticket.objects.filter(status__in=lifecycle.OPEN_STATUSES).count(),
        "events": TicketEvent.objects.count(),
        "organisations": Organisation.objects.count(),
    }
    results, counts = measure(requests, conversation) if requests else ([], {})
    print(json.dumps({**sizes, "load_seconds": loaded["load_seconds"], "counts": counts, "pages": results}))


# --- the parent -------------------------------------------------------------------------------


def run(kind: str, count: int, requests: int, reuse: bool, work: Path) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    if reuse:
        url = (
            f"sqlite:///{work / 'pages.sqlite3'}"
            if kind == "sqlite"
            else f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
        )
    else:
        url = fresh_database(kind, work, "pages", pg_database=PG_DATABASE)
    env.update(DATABASE_URL=url, MOKED_DATA_DIR=str(work), MOKED_ACCESS_LOG="")
    moked(env, "migrate", "--noinput", "-v0")
    done = subprocess.run(
        [sys.executable, __file__, "--child", "--tickets", str(count), "--requests", str(requests)],
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return {"database": kind, **json.loads(done.stdout.strip().splitlines()[-1])}


def markdown(results: list[dict]) -> str:
    lines = []
    for result in results:
        lines += [
            f"\n{result['database']} {result['version']}: {result['tickets']:,} tickets "
            f"({result['open_tickets']:,} open), {result['events']:,} events, "
            f"{result['organisations']} organisations; loaded in {result['load_seconds']} s; "
            f"views counted: {json.dumps(result['counts'], ensure_ascii=False)}\n",
            "| agent | page | median (ms) | p95 (ms) | queries | KB |",
            "|---|---|---:|---:|---:|---:|",
        ]
        for page in result["pages"]:
            lines.append(
                f"| {page['agent']} | `{page['page']}` | {page['median_ms']} | {page['p95_ms']} "
                f"| {page['queries']} | {page['bytes'] / 1024:.1f} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--reuse", action="store_true", help="measure a database loaded by an earlier run")
    parser.add_argument(
        "--workdir", default=str(OUT / "work"), help="where the SQLite file and the data go (e.g. under /tmp)"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.tickets, args.requests)
        return
    results = []
    for kind in args.databases.split(","):
        results.append(run(kind, args.tickets, args.requests, args.reuse, Path(args.workdir)))
        print(markdown(results[-1:]), flush=True)
    OUT.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    machine = {"python": platform.python_version(), "cpus": os.cpu_count()}
    (OUT / f"pages-{stamp}.json").write_text(json.dumps({"machine": machine, "results": results}, indent=1))


if __name__ == "__main__":
    main()
