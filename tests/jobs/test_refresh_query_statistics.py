"""The nightly upkeep of the query planner's statistics."""

import pytest
from django.db import connection

from moked.jobs.tasks import refresh_query_statistics
from tests.factories import make_ticket

pytestmark = pytest.mark.django_db


def test_sqlite_gets_statistics_for_the_ticket_indexes(requester):
    if connection.vendor != "sqlite":
        assert refresh_query_statistics() is False  # PostgreSQL keeps its own
        return
    for _ in range(3):
        make_ticket(requester)
    assert refresh_query_statistics() is True
    with connection.cursor() as cursor:
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = 'tickets_ticket'")
        indexes = {row[0] for row in cursor.fetchall()}
    assert "ticket_open_id" in indexes
