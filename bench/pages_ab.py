"""Two versions of Moked side by side on the same database: the same pages requested from each in
turn, for comparing a change on a busy machine (the drift of the load hits both alike).

    git archive <base> | tar -x -C /tmp/base
    DATABASE_URL=sqlite:////tmp/pages.sqlite3 MOKED_DATA_DIR=/tmp .venv/bin/python bench/pages_ab.py \\
        --a /tmp/base --b . --as omar --requests 20 /desk/ /desk/views/all/ /desk/tickets/INC-000001/

Each version runs in a process of its own (its folder first on PYTHONPATH), signed in as the same
person through Django's test client (the whole middleware stack). After 5 warm-ups of a page on
both, its requests alternate A, B, B, A...; for each page: the median CPU time of the process
(SQLite's work included: steadier than the clock on a shared machine) and of the clock, the
queries, the size, and the load average meanwhile. With --dump FOLDER, each version writes the last
HTML of each page there (CSRF tokens removed), to check that a change left the pages as they were.
"""

import sys

# This folder goes last on the path: bench/email.py must not hide the standard library's email.
sys.path.append(sys.path.pop(0))

import argparse
import hashlib
import json
import os
import re
import statistics
import subprocess
import time


def serve(username: str, dump: str, side: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moked.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    import moked
    from moked.people.models import Person

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(Person.objects.get(username=username))
    print(json.dumps({"ready": moked.__file__}), flush=True)
    for line in sys.stdin:
        path, queries = line.strip(), []

        def counted(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            cpu, clock = time.process_time(), time.perf_counter()
            answer = client.get(path)
            cpu, clock = (time.process_time() - cpu) * 1000, (time.perf_counter() - clock) * 1000
        if dump:
            page = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", answer.content)
            page = re.sub(rb'"X-CSRFToken": "[^"]+"', b"", page)
            name = f"{side}-{hashlib.sha256(path.encode()).hexdigest()[:12]}.html"
            with open(os.path.join(dump, name), "wb") as file:
                file.write(page)
        result = {"status": answer.status_code, "cpu": cpu, "wall": clock, "queries": len(queries)}
        print(json.dumps({**result, "bytes": len(answer.content)}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--a", help="folder of version A (e.g. a `git archive` of the base)")
    parser.add_argument("--b", help="folder of version B")
    parser.add_argument("--as", dest="username", default="omar")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--dump", default="", help="write each version's HTML of each page here")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--side", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.dump, args.side)
        return
    sides = {}
    for side, folder in (("A", args.a), ("B", args.b)):
        folder = os.path.abspath(folder)
        command = [sys.executable, os.path.abspath(__file__), "--serve", args.username, "--side", side]
        if args.dump:
            command += ["--dump", os.path.abspath(args.dump)]
        env = {**os.environ, "PYTHONPATH": folder}
        sides[side] = subprocess.Popen(
            command, cwd=folder, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        print(side, sides[side].stdout.readline().strip(), file=sys.stderr)

    def ask(side: str, path: str) -> dict:
        sides[side].stdin.write(path + "\n")
        sides[side].stdin.flush()
        return json.loads(sides[side].stdout.readline())

    print(
        "| page | A CPU (ms) | B CPU (ms) | B/A | A clock (ms) | B clock (ms) | queries A → B | KB B | load |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for path in args.paths:
        for _ in range(5):
            for side in sides:
                assert ask(side, path)["status"] == 200, (side, path)
        got, loads = {"A": [], "B": []}, []
        for n in range(args.requests):
            for side in ("A", "B") if n % 2 == 0 else ("B", "A"):
                got[side].append(ask(side, path))
            loads.append(os.getloadavg()[0])

        def median(side, key, got=got):
            return statistics.median(result[key] for result in got[side])

        print(
            f"| `{path}` | {median('A', 'cpu'):.1f} | {median('B', 'cpu'):.1f} "
            f"| {median('B', 'cpu') / median('A', 'cpu'):.2f} "
            f"| {median('A', 'wall'):.1f} | {median('B', 'wall'):.1f} "
            f"| {got['A'][0]['queries']} → {got['B'][0]['queries']} | {got['B'][0]['bytes'] / 1024:.0f} "
            f"| {statistics.median(loads):.1f} |",
            flush=True,
        )
    for process in sides.values():
        process.stdin.close()
        process.wait()


if __name__ == "__main__":
    main()
