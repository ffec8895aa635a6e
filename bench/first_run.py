"""The first run: `make demo` from a fresh clone until the sign-in page answers.

    .venv/bin/python bench/first_run.py [--repo .] [--runs 1] [--cache warm|cold|both]

Each run clones the repository (HEAD, or --commit) into a new temporary folder, runs
`make demo` there with the web server on a free loopback port, and polls
`/accounts/login/` until it answers 200. It records the seconds from the start of `make` to each
phase (from the lines `make demo` prints) and to the first answer, and the CPU time of the whole
process tree, with the machine's load average before and after: on a shared machine the load says
how far the wall-clock figures are from a quiet machine's. Then it stops the demo (its process
group) and deletes the clone.

Pip cache: `warm` uses the user's pip cache as it is (run once before, so it holds everything);
`cold` gives pip an empty cache folder of its own (`PIP_CACHE_DIR`), so every package is
downloaded again.
"""

import sys

# This folder goes last on the path: bench/email.py must not hide the standard library's email.
sys.path.append(sys.path.pop(0))

import argparse
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The first output line of each phase of `make demo`, in order.
PHASES = (
    ("venv", re.compile(r"-m venv")),
    ("install", re.compile(r"pip install")),
    ("migrate", re.compile(r"moked migrate|moked demo")),
    ("demo data", re.compile(r"Loading the demo")),
    ("serve", re.compile(r"moked worker|moked serve|Moked serving")),
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
            return response.status == 200 and b'name="password"' in response.read()
    except OSError:
        return False


def one_run(repo: Path, cache: str, timeout: float, priority: bool, commit: str | None) -> dict:
    work = Path(tempfile.mkdtemp(prefix="moked-first-run-"))
    clone = work / "moked"
    subprocess.run(["git", "clone", "--quiet", str(repo), str(clone)], check=True)
    if commit:
        subprocess.run(["git", "-C", str(clone), "checkout", "--quiet", commit], check=True)
    revision = subprocess.run(
        ["git", "-C", str(clone), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    port = free_port()
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "DATABASE_URL", "MOKED_DATA_DIR")},
        "MOKED_BIND": f"127.0.0.1:{port}",
        "MOKED_BASE_URL": f"http://127.0.0.1:{port}",
    }
    if cache == "cold":
        environment["PIP_CACHE_DIR"] = str(work / "pip-cache")
    load_before = os.getloadavg()
    usage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    command = ["make", "demo"]
    if priority:
        # The run's own session gets the CPU before the other sessions' (a quiet machine, nearly).
        command = ["sh", "-c", 'echo -20 > /proc/self/autogroup && exec "$@"', "sh", *command]
    process = subprocess.Popen(
        command,
        cwd=clone,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        text=True,
        errors="replace",
    )
    phases: dict[str, float] = {}
    lines: list[str] = []

    def read():
        for line in process.stdout:
            now = time.monotonic() - started
            lines.append(f"{now:7.2f} {line.rstrip()}")
            for name, pattern in PHASES:
                if name not in phases and pattern.search(line):
                    phases[name] = round(now, 2)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    url = f"http://127.0.0.1:{port}/accounts/login/"
    answered = None
    while time.monotonic() - started < timeout and process.poll() is None:
        if answers(url):
            answered = round(time.monotonic() - started, 2)
            break
        time.sleep(0.25)
    load_after = os.getloadavg()
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)
    reader.join(timeout=5)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime - usage_before.ru_utime - usage_before.ru_stime
    shutil.rmtree(work, ignore_errors=True)
    return {
        "commit": revision,
        "cache": cache,
        "priority": priority,
        "sign_in_answered_s": answered,
        "phases_s": phases,
        # user + system seconds of every process `make demo` ran (the server and worker until
        # they were stopped), which a quiet machine would turn into wall-clock time.
        "cpu_s": round(cpu, 1),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in load_after],
        "output_tail": lines[-40:] if answered is None else [],
        "output": lines,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repo", default=str(ROOT), help="the repository to clone (default: this one)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--cache", choices=("warm", "cold", "both"), default="warm")
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument(
        "--priority",
        action="store_true",
        help="on a machine shared with other work, give the run's session (its autogroup) nice -20 "
        "(Linux, as root), which comes near a quiet machine's figures",
    )
    parser.add_argument("--commit", help="clone at this commit (default: HEAD)")
    options = parser.parse_args()
    caches = ("warm", "cold") if options.cache == "both" else (options.cache,)
    results = []
    for _ in range(options.runs):
        for cache in caches:
            result = one_run(
                Path(options.repo).resolve(), cache, options.timeout, options.priority, options.commit
            )
            results.append(result)
            summary = {k: v for k, v in result.items() if k not in ("output", "output_tail")}
            print(json.dumps(summary), flush=True)
            for line in result["output_tail"]:
                print(line, file=sys.stderr)
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (out / f"first-run-{stamp}.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
