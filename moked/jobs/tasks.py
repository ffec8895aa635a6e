"""Upkeep of the database itself (run by `moked worker`)."""

from django.db import connection
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task


def forget_query_statistics() -> bool:
    """On SQLite, remove the statistics an ANALYZE left (sqlite_stat1), so that plans stay those
    the indexes were made for. Returns whether there were any.

    With statistics, SQLite's plans follow a sample of the data, and went wrong on the ticket
    table: sampled at 1,000 rows an index (ANALYZE takes minutes on 1M tickets otherwise), an
    organisation seemed to hold a thousand tickets, so the API read all of an organisation's open
    tickets and sorted them for a page of 25 (1,964 ms at 1M, 178 ms before ANALYZE); statistics of
    the small tables alone turn joins round the same way. Without statistics the planner's fixed
    estimates choose the partial indexes over open tickets (Ticket.Meta), at any size and on any
    data: tests/tickets/test_query_plans.py holds the plans. PostgreSQL samples better and keeps
    its own statistics (autovacuum).
    """
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return False
        cursor.execute("SELECT count(*) FROM sqlite_stat1")
        if cursor.fetchone()[0] == 0:
            return False
        cursor.execute("DELETE FROM sqlite_stat1")
        cursor.execute("ANALYZE sqlite_schema")  # the planner reads what is left: nothing
    return True


@db_periodic_task(crontab(minute="17", hour="3"))
@lock_task("forget-query-statistics")
def forget_query_statistics_nightly() -> bool:
    """Every night at 03:17: an ANALYZE run by hand (or by an earlier Moked, which ran one nightly)
    is undone within a day."""
    return forget_query_statistics()
