"""The nightly upkeep of the query planner: SQLite plans without statistics."""

import pytest
from django.db import connection

from moked.jobs.tasks import forget_query_statistics
from tests.factories import make_ticket

pytestmark = pytest.mark.django_db


def test_statistics_an_analyze_left_are_removed(requester):
    if connection.vendor != "sqlite":
        assert forget_query_statistics() is False  # PostgreSQL keeps its own
        return
    for _ in range(3):
        make_ticket(requester)
    assert forget_query_statistics() is False  # nothing to remove
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'tickets_ticket'")
        assert cursor.fetchone()[0] > 0
    assert forget_query_statistics() is True
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1")
        assert cursor.fetchone()[0] == 0
