"""Where one page's time goes: its SQL (each query with its time and, on SQLite, its plan) and a
profile of the Python, in-process (Django's test client, the whole middleware stack).

    DATABASE_URL=sqlite:///bench/out/work/pages.sqlite3 .venv/bin/python bench/profile_page.py \\
        --as dana /desk/ /desk/tickets/INC-000001/ [--plans] [--profile] [--requests 20]

For each path: 3 warm-ups, then the queries of one request (time, and the plan with --plans), the
median of --requests requests split into SQL and the rest, and with --profile the functions that
took the most time (cProfile, cumulative and own time).
"""

import sys

# This folder goes last on the path: bench/email.py must not hide the standard library's email.
sys.path.append(sys.path.pop(0))

import argparse
import cProfile
import io
import os
import pstats
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--as", dest="username", required=True, help="whose session requests the pages")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--plans", action="store_true", help="EXPLAIN QUERY PLAN of each query (SQLite)")
    parser.add_argument("--profile", action="store_true", help="cProfile the requests")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moked.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from moked.people.models import Person

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(Person.objects.get(username=args.username))
    for path in args.paths:
        for _ in range(3):
            assert client.get(path).status_code == 200, path
        queries = []

        def timed(execute, sql, params, many, context, seen=queries):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                seen.append(((time.perf_counter() - started) * 1000, sql, params))

        with connection.execute_wrapper(timed):
            client.get(path)
        print(f"\n== {path}: {len(queries)} queries, {sum(q[0] for q in queries):.1f} ms of SQL")
        for ms, sql, params in queries:
            print(f"{ms:7.2f} ms  {sql[:300]}")
            if args.plans and connection.vendor == "sqlite" and sql.lstrip().upper().startswith("SELECT"):
                with connection.cursor() as cursor:
                    cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
                    for row in cursor.fetchall():
                        print(f"{'':12}{row[-1]}")
        totals, sql_totals, cpu = [], [], []
        profiler = cProfile.Profile() if args.profile else None
        for _ in range(args.requests):
            spent = []

            def sql_time(execute, sql, params, many, context, spent=spent):
                started = time.perf_counter()
                try:
                    return execute(sql, params, many, context)
                finally:
                    spent.append(time.perf_counter() - started)

            with connection.execute_wrapper(sql_time):
                started, cpu_started = time.perf_counter(), time.process_time()
                if profiler:
                    profiler.enable()
                client.get(path)
                if profiler:
                    profiler.disable()
                totals.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
            sql_totals.append(sum(spent) * 1000)
        total, sql = statistics.median(totals), statistics.median(sql_totals)
        print(f"median {total:.1f} ms: SQL {sql:.1f} ms, the rest {total - sql:.1f} ms", end="")
        # CPU time of this process (SQLite's work included): steadier than the clock on a busy machine
        print(f"; CPU {statistics.median(cpu):.1f} ms ({args.requests} requests)")
        if profiler:
            for order in ("cumulative", "tottime"):
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(args.top)
                print(out.getvalue())


if __name__ == "__main__":
    main()
