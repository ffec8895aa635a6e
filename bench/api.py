"""API benchmark: seed N tickets, serve with gunicorn (2 workers) on loopback, measure with one client.

    .venv/bin/python bench/api.py --sizes 10000,100000,1000000 --databases sqlite,postgresql

For each database and size: a fresh database, migrations, the shared workload seeded through the
bulk path (timed), then `moked serve` and three timed series over HTTP, each after 20 warm-ups:
creating tickets (300), the first page of the agent's open tickets of the organisation (300), and
a ticket's detail (300, tickets spread over the whole data set). Prints a Markdown table and writes
JSON to bench/out/api-<timestamp>.json. PostgreSQL runs use the database moked_bench on
127.0.0.1:5432 (dropped and created again for each size).
"""

import sys

# This folder goes last on the path: bench/email.py must not hide the standard library's email.
sys.path.append(sys.path.pop(0))

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable
from databases import PG, fresh_database, moked, shared_dir  # noqa: E402

sys.path.insert(0, str(shared_dir() / "bench"))
import workload  # noqa: E402

WARMUPS, TIMED = 20, 300
OPEN = "new,assigned,in_progress,pending_customer,pending_third_party"


def create_payload(k: int, size: int) -> dict:
    """The workload's k-th payload in Moked's terms (its submitter is the requester)."""
    payload = workload.create_payload(k, size)
    return {
        "subject": payload["subject"],
        "description": payload["description"],
        "requester_email": payload["submitter_email"],
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """One sequential HTTP client; a new connection whenever the server closes one (gunicorn sync)."""

    def __init__(self, port: int, token: str):
        self.port, self.headers = port, {"Authorization": f"Token {token}", "Accept": "application/json"}
        self.connection = None

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes, float]:
        payload = json.dumps(body).encode() if body is not None else None
        headers = {**self.headers, **({"Content-Type": "application/json"} if payload else {})}
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            started = time.perf_counter()
            try:
                self.connection.request(method, path, body=payload, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
                continue
            elapsed = (time.perf_counter() - started) * 1000
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = None
            return response.status, data, elapsed
        raise RuntimeError("unreachable")


def series(client: Client, requests, expected: int) -> dict:
    times = []
    for n, (method, path, body) in enumerate(requests):
        status, data, elapsed = client.request(method, path, body)
        if status != expected:
            raise RuntimeError(f"{method} {path} → {status}: {data[:300]!r}")
        if n >= WARMUPS:
            times.append(elapsed)
    times.sort()
    return {
        "n": len(times),
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
    }


def wait_until_up(port: int) -> None:
    for _ in range(600):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def run(kind: str, size: int, workdir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    env.update(DATABASE_URL=fresh_database(kind, workdir), MOKED_DATA_DIR=str(workdir), MOKED_ACCESS_LOG="")
    moked(env, "migrate", "--noinput", "-v0")
    seeded = json.loads(
        subprocess.run(
            [PYTHON, str(ROOT / "bench" / "seed.py"), str(size)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    print(f"  {kind} {size:>9,}: seeded in {seeded['seconds']} s", flush=True)
    if kind == "postgresql":
        subprocess.run(
            [
                PYTHON,
                "-c",
                "import psycopg; psycopg.connect(host='127.0.0.1', user='postgres', "
                f"dbname='{PG['dbname']}', autocommit=True).execute('VACUUM ANALYZE')",
            ],
            check=True,
        )
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, "-m", "moked.manage", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(port)
        client = Client(port, seeded["token"])
        total = WARMUPS + TIMED
        creates = series(
            client,
            [("POST", "/api/v1/tickets/", create_payload(k, size)) for k in range(total)],
            201,
        )
        first_page = series(
            client, [("GET", f"/api/v1/tickets/?organisation=BENCH&status={OPEN}", None)] * total, 200
        )
        references = seeded["references"]
        details = series(
            client,
            [
                ("GET", f"/api/v1/tickets/{references[(k * 7919) % len(references)]}/", None)
                for k in range(total)
            ],
            200,
        )
    finally:
        server.terminate()
        server.wait(30)
    return {
        "database": kind,
        "tickets": size,
        "seed_seconds": seeded["seconds"],
        "create": creates,
        "first_page_open": first_page,
        "detail": details,
    }


def markdown(results: list[dict]) -> str:
    lines = [
        "| database | tickets | seed (s) | create median / p95 (ms) | open tickets page 1 median / p95 (ms) "
        "| detail median / p95 (ms) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        cells = [f"{r[k]['median_ms']} / {r[k]['p95_ms']}" for k in ("create", "first_page_open", "detail")]
        lines.append(
            f"| {r['database']} | {r['tickets']:,} | {r['seed_seconds']} | " + " | ".join(cells) + " |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    workdir = OUT / "work"
    workdir.mkdir(exist_ok=True)
    results = []
    for kind in args.databases.split(","):
        for size in (int(s) for s in args.sizes.split(",")):
            results.append(run(kind, size, workdir))
    machine = f"{platform.node()}: {os.cpu_count()} CPUs, Python {platform.python_version()}"
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    (OUT / f"api-{stamp}.json").write_text(json.dumps({"machine": machine, "results": results}, indent=2))
    print(f"\n{machine}\n\n{markdown(results)}")


if __name__ == "__main__":
    main()
