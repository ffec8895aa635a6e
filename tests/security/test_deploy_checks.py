"""`moked check --deploy` warns about a production set-up behind a proxy that does not say how
many proxies to look past, and about a cache that each process keeps alone (issue 12)."""

import os
import secrets
import subprocess
import sys

import pytest

from moked.server import checks


def ids(found) -> list[str]:
    return [warning.id for warning in found]


@pytest.mark.parametrize(("https", "behind_proxy"), [(True, False), (False, True), (True, True)])
def test_behind_a_proxy_without_a_trusted_proxy_count(settings, https, behind_proxy):
    settings.HTTPS, settings.MOKED_BEHIND_PROXY, settings.MOKED_TRUSTED_PROXIES = https, behind_proxy, 0
    assert ids(checks.trusted_proxy_count(None)) == ["moked.proxy.W001"]
    settings.MOKED_TRUSTED_PROXIES = 1
    assert checks.trusted_proxy_count(None) == []


def test_reached_directly_nothing_to_say(settings):
    settings.HTTPS, settings.MOKED_BEHIND_PROXY, settings.MOKED_TRUSTED_PROXIES = False, False, 0
    assert checks.trusted_proxy_count(None) == []


def test_a_cache_kept_per_process(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert ids(checks.shared_cache(None)) == ["moked.cache.W001"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "t"}}
    assert checks.shared_cache(None) == []


def settings_of(environment: dict) -> str:
    env = {
        k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    return subprocess.run(
        [sys.executable, "-m", "moked.manage", "shell", "-c", code],
        env={**env, **environment},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout.strip()


@pytest.mark.slow
def test_the_cache_is_shared_by_default(tmp_path):
    assert settings_of({"MOKED_DATA_DIR": str(tmp_path)}).endswith("db.DatabaseCache")
    assert settings_of({"MOKED_DATA_DIR": str(tmp_path), "REDIS_URL": "redis://127.0.0.1:6379/0"}).endswith(
        "redis.RedisCache"
    )


@pytest.mark.slow
def test_check_deploy_names_the_missing_proxy_count(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        MOKED_DATA_DIR=str(tmp_path),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="desk.example.com",
        MOKED_HTTPS="true",
        MOKED_BEHIND_PROXY="true",
        DEBUG="false",
    )
    result = subprocess.run(
        [sys.executable, "-m", "moked.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "moked.proxy.W001" in result.stderr + result.stdout
    assert "MOKED_TRUSTED_PROXIES" in result.stderr + result.stdout
