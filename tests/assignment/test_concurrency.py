"""Round robin under load: assignments at the same moment still take turns (PostgreSQL row lock)."""

import threading
from collections import Counter

import pytest
from django.db import connection

from moked.assignment import services
from moked.assignment.models import GroupAssignment
from moked.tickets.models import EventChannel, Ticket, TicketEvent
from tests.factories import AgentFactory, GroupFactory, OrganisationFactory, PersonFactory, make_ticket

THREADS, EACH = 6, 5


@pytest.mark.django_db(transaction=True)
def test_simultaneous_round_robin_assignments_take_turns():
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections to a server database (SQLite writes one at a time)")
    org = OrganisationFactory()
    requester = PersonFactory(organisation=org)
    agents = [AgentFactory(serves=[org]) for _ in range(3)]
    desk = GroupFactory(members=agents)
    GroupAssignment.objects.create(group=desk, strategy="round_robin")
    batches = [[make_ticket(requester).pk for _ in range(EACH)] for _ in range(THREADS)]
    start = threading.Barrier(THREADS)
    failures = []

    def assign(ticket_ids):
        try:
            start.wait(timeout=30)
            for pk in ticket_ids:
                ticket = Ticket.objects.get(pk=pk)
                services.assign_by_strategy(None, ticket, desk, channel=EventChannel.SYSTEM)
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=assign, args=(batch,)) for batch in batches]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert not failures, failures

    # In the order the assignments were made (each under the group's lock), they take turns.
    order = list(
        TicketEvent.objects.filter(field="assignee", ticket__group=desk)
        .order_by("pk")
        .values_list("ticket__assignee", flat=True)
    )
    assert len(order) == THREADS * EACH
    ids = sorted(agent.pk for agent in agents)
    assert order == [ids[n % 3] for n in range(THREADS * EACH)]
    assert Counter(order) == dict.fromkeys(ids, THREADS * EACH // 3)
