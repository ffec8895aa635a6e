"""Killing the mail gate half way through, then running it again, loses nothing and doubles nothing."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import DESK, mail

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
COUNT = 60
SETUP = """
from moked.mail import configuration
from tests.factories import AdminFactory, OrganisationFactory
organisation = OrganisationFactory(code="ACME", domains=["acme.example"])
configuration.create_mailbox(AdminFactory(), organisation=organisation, address="desk@support.example")
"""
COUNTS = """
from moked.mail.models import InboundMessage
from moked.tickets.models import Ticket
import json
print(json.dumps({"messages": InboundMessage.objects.count(), "tickets": Ticket.objects.count(),
                  "subjects": sorted(Ticket.objects.values_list("subject", flat=True)),
                  "unprocessed": InboundMessage.objects.filter(status="received").count()}))
"""


def test_a_killed_ingest_loses_nothing_and_duplicates_nothing(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MOKED_DATA_DIR=str(tmp_path),
        PYTHONPATH=str(ROOT),
    )
    manage = [sys.executable, "-m", "moked.manage"]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, timeout=300)
    subprocess.run([*manage, "shell", "-v0", "-c", SETUP], env=env, cwd=ROOT, check=True, timeout=120)
    files = []
    for n in range(COUNT):
        path = tmp_path / f"{n:03d}.eml"
        path.write_bytes(mail(sender=f"user{n}@acme.example", subject=f"Request {n:03d}", body="x" * 2000))
        files.append(str(path))

    first = subprocess.Popen(
        [*manage, "ingest-email", "--to", DESK, *files], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    done = 0
    for _line in first.stdout:
        done += 1
        if done == COUNT // 3:
            first.send_signal(signal.SIGKILL)  # mid-run, possibly mid-message
            break
    first.wait(30)
    time.sleep(0.2)

    second = subprocess.run(
        [*manage, "ingest-email", "--to", DESK, *files],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert second.returncode == 0, second.stderr
    outcomes = [json.loads(line)["outcome"] for line in second.stdout.splitlines()]
    assert len(outcomes) == COUNT and set(outcomes) <= {"ticket", "duplicate"}
    assert outcomes.count("duplicate") >= COUNT // 3 - 1  # what the first run finished

    shell = [*manage, "shell", "-v0", "-c", COUNTS]
    output = subprocess.run(shell, env=env, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    counts = json.loads(output)
    assert counts["messages"] == counts["tickets"] == COUNT and counts["unprocessed"] == 0
    assert counts["subjects"] == [f"Request {n:03d}" for n in range(COUNT)]  # each exactly once
