"""Upkeep of the database itself (run by `moked worker`)."""

from django.db import connection
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task


def refresh_query_statistics() -> bool:
    """On SQLite, refresh the statistics the query planner chooses indexes by (ANALYZE, sampling
    each index). Without them SQLite sorts an agent's open tickets instead of reading the partial
    indexes in order (bench/RESULTS.md). PostgreSQL's autovacuum keeps its own statistics.
    Returns whether anything was run."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "PRAGMA analysis_limit=1000"
        )  # a sample per index: seconds, not minutes, on 1M tickets
        cursor.execute("ANALYZE")
    return True


@db_periodic_task(crontab(minute="17", hour="3"))
@lock_task("refresh-query-statistics")
def refresh_query_statistics_nightly() -> bool:
    """Every night at 03:17."""
    return refresh_query_statistics()
