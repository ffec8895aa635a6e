"""The SLA check runs in a real background worker (`moked worker`, Huey on SQLite)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).parents[2]
SCENARIO = Path(__file__).with_name("worker_scenario.py")


def test_the_worker_breaches_an_overdue_clock(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "HUEY_IMMEDIATE")}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'moked.sqlite3'}",
        MOKED_DATA_DIR=str(tmp_path),
        PYTHONPATH=str(ROOT),
    )

    def step(name: str) -> str:
        done = subprocess.run(
            [sys.executable, str(SCENARIO), name],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    subprocess.run([sys.executable, "-m", "moked.manage", "migrate", "-v0"], env=env, check=True, timeout=300)
    step("setup")
    assert step("breached") == "0"
    worker = subprocess.Popen(
        [sys.executable, "-m", "moked.manage", "worker", "--workers", "1"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        step("enqueue")
        for _ in range(100):
            if step("breached") == "1":
                break
            time.sleep(0.3)
        else:
            pytest.fail("the worker did not run the SLA check")
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    assert "moked.sla.tasks.check_sla_clocks" in output
