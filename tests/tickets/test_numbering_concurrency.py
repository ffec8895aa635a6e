"""Ticket numbers stay unique when several processes open tickets at the same moment."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from moked.tickets.models import Ticket
from tests.factories import PersonFactory

pytestmark = pytest.mark.slow

WORKERS, EACH = 4, 60
CREATOR = Path(__file__).with_name("concurrent_creator.py")
ROOT = Path(__file__).parents[2]


def run_creators(database_url: str, requester_id: int) -> list[int]:
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}
    start_at = str(time.time() + 4)  # after every process has started and connected
    workers = [
        subprocess.Popen(
            [sys.executable, str(CREATOR), str(requester_id), str(EACH), start_at],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(WORKERS)
    ]
    numbers = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
        numbers += [int(line) for line in out.split()]
    return numbers


def assert_unique_and_complete(numbers: list[int]) -> None:
    assert len(numbers) == WORKERS * EACH
    assert sorted(numbers) == list(range(1, WORKERS * EACH + 1))  # unique, and nothing rolled back here


@pytest.mark.django_db(transaction=True)
def test_concurrent_creation_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the SQLite leg runs test_concurrent_creation_on_sqlite_file instead")
    requester = PersonFactory()
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    assert_unique_and_complete(run_creators(url, requester.pk))
    assert Ticket.objects.count() == WORKERS * EACH


def test_concurrent_creation_on_sqlite_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'moked.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url, "MOKED_DATA_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-m", "moked.manage", "migrate", "-v0"], env=env, check=True, timeout=300)
    setup = "from tests.factories import PersonFactory; print(PersonFactory().pk)"
    made = subprocess.run(
        [sys.executable, "-m", "moked.manage", "shell", "-c", setup],
        env={**env, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert_unique_and_complete(run_creators(url, int(made.stdout.split()[-1])))
