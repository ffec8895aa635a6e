"""Open tickets have indexes of their own (migration 0010): their text for searching within the
workspace's views, and the orders the views list them in. They must follow every change of status
and text, and queries must be written so that the database uses them."""

from datetime import UTC, datetime

import pytest
from django.db import connection

from moked.tickets import lifecycle, search, selectors, services
from moked.tickets.bulk import ImportedTicket, import_tickets
from moked.tickets.models import Ticket
from tests.factories import make_ticket

pytestmark = pytest.mark.django_db


def found_open(q: str) -> set[str]:
    tickets = selectors.only_open(Ticket.objects.all())
    return {t.subject for t in search.matching(tickets, q, open_only=True)}


def found_anywhere(q: str) -> set[str]:
    return {t.subject for t in search.matching(Ticket.objects.all(), q)}


def close(agent, ticket) -> Ticket:
    ticket = services.change_status(agent, ticket, "resolved", resolution_code="solved")
    return services.change_status(agent, ticket, "closed")


def test_only_open_keeps_the_open_tickets(requester, agent):
    opened = make_ticket(requester, subject="Still open")
    closed = close(agent, make_ticket(requester, subject="Done with"))
    assert set(selectors.only_open(Ticket.objects.all())) == {opened}
    assert set(Ticket.objects.filter(status__in=lifecycle.OPEN_STATUSES)) == {opened}
    assert closed.status == "closed"


def test_a_ticket_leaves_the_open_search_when_it_closes_and_comes_back_when_reopened(requester, agent):
    ticket = make_ticket(requester, subject="Scanner zorba jams", description="In the warehouse")
    assert found_open("zorba") == {"Scanner zorba jams"}
    ticket = close(agent, ticket)
    assert found_open("zorba") == set()
    assert found_anywhere("zorba") == {"Scanner zorba jams"}  # the whole index still has it
    services.reopen_ticket(agent, ticket, reason="Jams again")
    assert found_open("zorba warehouse") == {"Scanner zorba jams"}


def test_changed_text_of_an_open_ticket_is_found_by_its_new_words_only(requester, agent):
    ticket = make_ticket(requester, subject="Kiosk zorba frozen")
    services.update_ticket(agent, ticket, {"subject": "Kiosk quixote frozen"})
    assert found_open("quixote") == {"Kiosk quixote frozen"}
    assert found_open("zorba") == set()
    services.update_ticket(agent, ticket, {"assignee": agent})  # a save that leaves the text alone
    assert found_open("quixote") == {"Kiosk quixote frozen"}


def test_a_deleted_open_ticket_leaves_the_open_search(requester):
    ticket = make_ticket(requester, subject="Duplicate zorba entry")
    Ticket.objects.filter(pk=ticket.pk).delete()
    assert found_open("zorba") == set()


def test_imported_open_tickets_are_in_the_open_search_and_closed_ones_not(requester):
    when = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
    rows = [
        ImportedTicket(
            organisation_id=requester.organisation_id,
            requester_id=requester.pk,
            subject=f"Imported zorba {status}",
            description="from the old desk",
            created_at=when,
            status=status,
            closed_at=when if status == "closed" else None,
        )
        for status in ("new", "in_progress", "pending_customer", "closed")
    ]
    import_tickets(rows, batch_size=3)
    assert found_open("zorba") == {
        "Imported zorba new",
        "Imported zorba in_progress",
        "Imported zorba pending_customer",
    }


def test_a_reference_is_found_among_open_tickets(requester):
    ticket = make_ticket(requester)
    tickets = selectors.only_open(Ticket.objects.all())
    assert list(search.matching(tickets, ticket.reference, open_only=True)) == [ticket]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plans; PostgreSQL decides by statistics")
def test_sqlite_reads_an_agents_open_tickets_from_the_index_over_open_tickets(requester, agent):
    # SQLite takes a partial index only when the query names the open statuses exactly as its
    # condition does; `status__in` with parameters would not, and the agent's closed tickets,
    # years of them, would be read too.
    make_ticket(requester)
    query = selectors.only_open(Ticket.objects.filter(assignee=agent)).order_by("sla_due_at", "id")
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "ticket_open_assignee_due" in plan
