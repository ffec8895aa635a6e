"""Failed sign-ins are counted once for the whole installation: two `moked serve` processes (as
two gunicorn workers would be) share the count, through the database cache of a SQLite-only
installation and through Redis when REDIS_URL is set (issue 12, finding 5)."""

import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.ports import free_port

pytestmark = pytest.mark.slow

MOKED = [sys.executable, "-m", "moked.manage"]
PASSWORD = "a long enough passphrase"
REFUSED = "Too many failed login attempts"
REDIS_URL = "redis://127.0.0.1:6379/13"


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), 0.5).close()
        return True
    except OSError:
        return False


def forget_failures_counted_before() -> None:
    """Counts by this machine's address from an earlier run (within the hour) stay in Redis."""
    import redis

    store = redis.Redis.from_url(REDIS_URL)
    for key in store.scan_iter("*allauth:rl:*"):
        store.delete(key)


def serve(env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [*MOKED, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if requests.get(f"{base}/health/", timeout=2).status_code == 200:
                return server, base
        except requests.RequestException:
            time.sleep(0.1)
    server.terminate()
    pytest.fail("the server did not answer")


def sign_in(base: str, login: str, password: str) -> str:
    session = requests.Session()
    form = session.get(f"{base}/accounts/login/", timeout=30).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    answer = session.post(
        f"{base}/accounts/login/",
        data={"login": login, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
        timeout=60,
    )
    if answer.status_code == 302:
        return "in"
    return "refused" if REFUSED in answer.text else "wrong"


@pytest.mark.parametrize("cache", ["database", "redis"])
def test_two_processes_count_failed_sign_ins_together(tmp_path: Path, cache):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.pop("CACHE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(MOKED_DATA_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    if cache == "redis":
        if not redis_answers():
            pytest.skip("no Redis on 127.0.0.1:6379")
        env["REDIS_URL"] = REDIS_URL
        forget_failures_counted_before()
    username = f"maya{secrets.token_hex(4)}"
    subprocess.run([*MOKED, "migrate", "--noinput", "-v0"], env=env, check=True, timeout=600)
    subprocess.run(
        [
            *MOKED,
            "createsuperuser",
            "--noinput",
            "--username",
            username,
            "--email",
            f"{username}@example.com",
        ],
        env={**env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD},
        check=True,
        timeout=120,
    )
    first, first_url = serve(env)
    try:
        second, second_url = serve(env)
        try:
            tries = [sign_in(url, username, "guess") for url in [first_url, second_url] * 3]
            assert tries == ["wrong"] * 5 + ["refused"]
            assert sign_in(first_url, username, PASSWORD) == "refused"
        finally:
            second.terminate()
            second.wait(10)
    finally:
        first.terminate()
        first.wait(10)
