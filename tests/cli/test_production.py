"""`moked serve` and production settings, run as a user would: separate processes, real gunicorn."""

import os
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from tests.ports import free_port

pytestmark = pytest.mark.slow

MOKED = [sys.executable, "-m", "moked.manage"]


def environment(tmp_path: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(MOKED_DATA_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", **extra)
    return env


def test_check_deploy_passes_with_production_settings(tmp_path):
    production = environment(
        tmp_path,
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="desk.example.com",
        MOKED_HTTPS="true",
        MOKED_BEHIND_PROXY="true",
        MOKED_TRUSTED_PROXIES="1",
        DEBUG="false",
        MOKED_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
    )
    result = subprocess.run(
        [*MOKED, "check", "--deploy", "--fail-level", "WARNING"],
        env=production,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    plain_http = {**production, "MOKED_HTTPS": "false"}
    result = subprocess.run(
        [*MOKED, "check", "--deploy", "--fail-level", "WARNING"],
        env=plain_http,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "SECURE_SSL_REDIRECT" in result.stderr


def test_serve_runs_gunicorn_with_static_files(tmp_path):
    env = environment(tmp_path)
    subprocess.run([*MOKED, "migrate", "--noinput", "-v0"], env=env, check=True, timeout=300)
    port = free_port()
    server = subprocess.Popen(
        [*MOKED, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                health = urllib.request.urlopen(f"{base}/health/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not answer")
        assert b'"ok"' in health
        docs = urllib.request.urlopen(f"{base}/api/v1/docs/", timeout=5).read().decode()
        assert "swagger-ui" in docs
        script = urllib.request.urlopen(
            f"{base}/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"
        )
        assert script.status == 200 and len(script.read()) > 100_000
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{base}/api/v1/tickets/", timeout=5)
        assert refused.value.code == 401
    finally:
        server.terminate()
        server.wait(10)
