"""The plans SQLite chooses for the queries every page and the API run most, on data shaped like the
shared benchmark workload (one organisation, 40% of its tickets open, none with an SLA due time):
the workspace's counts read a bounded range of an index per organisation, and the API's list of an
organisation's open tickets reads them newest first and stops after a page, whatever the
statistics an ANALYZE left before the nightly upkeep (moked.jobs.tasks) removed them.

Plans, not timings: a plan that reads a range of an index costs the same at 1M tickets as at 3k.
"""

import datetime as dt

import pytest
from django.db import connection

from moked.jobs.tasks import forget_query_statistics
from moked.tickets.bulk import ImportedTicket, import_tickets
from moked.tickets.models import OPEN_STATUS_LIST
from moked.web.workspace.desk import counted_views
from moked.workspace.lists import VIEWS
from tests.factories import PersonFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        "connection.vendor != 'sqlite'", reason="PostgreSQL plans from the statistics autovacuum keeps"
    ),
]

# The workload's spread of statuses, ten tickets at a time (bench/seed.py): 40% open.
SPREAD = ("new", "new", "assigned", "in_progress", "pending_customer") + ("closed",) * 3 + ("resolved",) * 2
HELD = ("assigned", "in_progress", "pending_customer")
WHEN = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def workload(org, agent):
    requesters = [PersonFactory(organisation=org) for _ in range(20)]
    rows = (
        ImportedTicket(
            organisation_id=org.pk,
            requester_id=requesters[n % 20].pk,
            subject=f"Ticket {n}",
            description="As the workload writes them.",
            created_at=WHEN + dt.timedelta(minutes=n),
            status=SPREAD[n % 10],
            assignee_id=agent.pk
            if SPREAD[n % 10] in ("assigned", "in_progress", "pending_customer")
            else None,
            resolved_at=WHEN if SPREAD[n % 10] in ("resolved", "closed") else None,
            closed_at=WHEN if SPREAD[n % 10] == "closed" else None,
            resolution_code="solved" if SPREAD[n % 10] in ("resolved", "closed") else "",
        )
        for n in range(6000)
    )
    import_tickets(rows, actor=agent)
    return agent


def _sampled_analyze_then_nightly():
    with connection.cursor() as cursor:  # as Moked's nightly job did before, or an admin by hand
        cursor.execute("PRAGMA analysis_limit=1000")
        cursor.execute("ANALYZE")
    forget_query_statistics()


def _whole_analyze_then_nightly():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit=0")
        cursor.execute("ANALYZE")
    forget_query_statistics()


STATISTICS = {
    "none": lambda: None,
    "sampled ANALYZE, then nightly": _sampled_analyze_then_nightly,
    "whole ANALYZE, then nightly": _whole_analyze_then_nightly,
}


def _plan(sql, params) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [row[-1] for row in cursor.fetchall()]


def _queries_of(run) -> list[tuple[str, tuple]]:
    seen = []

    def keep(execute, sql, params, many, context):
        seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        run()
    return seen


def _fresh_planner():
    """Plans are made from the statistics a connection read (an in-memory test database keeps its
    one connection): have it read them again, as a new worker would."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE sqlite_schema")


@pytest.mark.parametrize("statistics", STATISTICS)
def test_each_count_reads_a_covering_index_range_per_organisation(workload, statistics):
    STATISTICS[statistics]()
    _fresh_planner()
    [(sql, params)] = [
        query for query in _queries_of(lambda: counted_views(workload)) if "COUNT(*)" in query[0]
    ]
    reads, view = {}, None
    for line in _plan(sql, params):
        if line.startswith("CO-ROUTINE "):
            view = line.removeprefix("CO-ROUTINE ").removesuffix("_view")
        elif "tickets_ticket" in line:
            reads.setdefault(view, []).append(line)
    assert set(reads) == set(VIEWS)
    for name, lines in reads.items():
        # One range per organisation served, in an index that holds every column tested: never a
        # walk through the organisation's tickets testing each, which grows with N.
        assert len(lines) == 1, (name, lines)
        assert lines[0].startswith("SEARCH tickets_ticket USING COVERING INDEX "), (name, lines)
        assert "organisation_id=?" in lines[0], (name, lines)
    assert "assignee_id=?" in reads["mine"][0]
    assert "assignee_id=?" in reads["unassigned"][0]
    # With no SLA due time on any ticket, a range over due times finds nothing at once.
    assert "sla_due_at<" in reads["breaching"][0]
    assert "status=?" in reads["waiting"][0]


def _vm_steps(sql, params) -> int:
    """How many steps (of ten instructions) SQLite's virtual machine takes to run the query: the
    work it does, counted, not timed."""
    connection.ensure_connection()
    raw, steps = connection.connection, [0]

    def tick():
        steps[0] += 1
        return 0

    raw.set_progress_handler(tick, 10)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()
    finally:
        raw.set_progress_handler(None, 10)
    return steps[0]


def test_counting_costs_the_same_when_tickets_that_count_nowhere_are_added(workload, org):
    """Each view holds as many tickets as before (or is past the cap both times); the thousands
    of new tickets, unassigned and in no group, in the organisation's index count nowhere more."""
    [(sql, params)] = [q for q in _queries_of(lambda: counted_views(workload)) if "COUNT(*)" in q[0]]
    before = _vm_steps(sql, params)
    counts = counted_views(workload)
    rows = (
        ImportedTicket(
            organisation_id=org.pk,
            requester_id=workload.pk,
            subject=f"More {n}",
            description="Not routed yet.",
            created_at=WHEN + dt.timedelta(days=30, minutes=n),
            status="new",
        )
        for n in range(6000)
    )
    import_tickets(rows, actor=workload)
    assert counted_views(workload) == counts
    after = _vm_steps(sql, params)
    assert after <= before * 1.05, (before, after)


@pytest.mark.parametrize("statistics", STATISTICS)
def test_the_api_reads_an_organisations_open_tickets_newest_first(workload, org, api_as, statistics):
    STATISTICS[statistics]()
    _fresh_planner()
    client = api_as(workload)
    path = f"/api/v1/tickets/?organisation={org.code}&status={','.join(OPEN_STATUS_LIST)}"
    queries = _queries_of(lambda: client.get(path))
    [(sql, params)] = [(sql, params) for sql, params in queries if 'FROM "tickets_ticket"' in sql]
    plan = _plan(sql, params)
    assert "SEARCH tickets_ticket USING INDEX ticket_open_org_id (organisation_id=?)" in plan, plan
    assert not any("TEMP B-TREE" in line for line in plan), plan  # no sort of all the open tickets
    answer = client.get(path).json()
    assert len(answer["results"]) == 25
    assert {ticket["status"] for ticket in answer["results"]} <= set(OPEN_STATUS_LIST)


def test_some_open_statuses_are_listed_as_asked(workload, org, api_as):
    answer = api_as(workload).get(f"/api/v1/tickets/?organisation={org.code}&status=new").json()
    assert {ticket["status"] for ticket in answer["results"]} == {"new"}
