from datetime import UTC, datetime

import pytest

from moked.tickets import selectors
from moked.tickets.bulk import ImportedTicket, import_tickets
from moked.tickets.models import Ticket, TicketEvent
from tests.factories import make_ticket

pytestmark = pytest.mark.django_db

WHEN = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


def imported(requester, n: int, **fields) -> ImportedTicket:
    values = dict(
        organisation_id=requester.organisation_id,
        requester_id=requester.pk,
        subject=f"Imported zanzibar {n}",
        description="from the old desk",
        created_at=WHEN,
    )
    return ImportedTicket(**(values | fields))


def test_imported_tickets_keep_their_data_and_get_numbers_and_an_event(requester, agent):
    make_ticket(requester)  # INC-000001 exists already
    rows = [imported(requester, n) for n in range(3)] + [
        imported(
            requester, 9, ticket_type="service_request", status="closed", closed_at=WHEN, source={"id": 77}
        )
    ]
    assert import_tickets(rows, actor=agent, batch_size=2) == 4
    tickets = {t.reference: t for t in Ticket.objects.filter(subject__startswith="Imported")}
    assert sorted(tickets) == ["INC-000002", "INC-000003", "INC-000004", "REQ-000001"]
    closed = tickets["REQ-000001"]
    assert (closed.status, closed.created_at, closed.closed_at, closed.updated_at) == (
        "closed",
        WHEN,
        WHEN,
        WHEN,
    )
    event = TicketEvent.objects.get(ticket=closed)
    assert (event.kind, event.actor, event.channel, event.at, event.data["source"]) == (
        "imported",
        agent,
        "system",
        WHEN,
        {"id": 77},
    )


def test_imported_and_live_tickets_are_both_searchable(requester):
    import_tickets([imported(requester, n) for n in range(5)], batch_size=3)
    live = make_ticket(requester, subject="Live zanzibar ticket")
    found = {t.subject for t in selectors.ticket_list(requester, q="zanzibar")}
    assert found == {f"Imported zanzibar {n}" for n in range(5)} | {live.subject}


@pytest.mark.django_db(transaction=True)  # foreign keys are checked when the batch really commits
def test_a_failed_batch_writes_nothing(requester):
    good, bad = imported(requester, 1), imported(requester, 2, requester_id=10**9)  # no such person
    with pytest.raises(Exception):  # noqa: B017 - the database's own integrity error, whichever backend
        import_tickets([good, bad], batch_size=10)
    assert not Ticket.objects.exists()
    assert list(selectors.ticket_list(requester, q="zanzibar")) == []
