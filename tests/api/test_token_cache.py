"""Who an API key belongs to is remembered between requests (moked.api.credentials), and forgotten
as soon as the key, its person or the organisations they serve change."""

import os
import socket
import subprocess
import sys

import pytest
from django.core.cache import caches
from django.db import connection
from rest_framework.test import APIClient

from moked.api import credentials
from moked.api.models import ApiToken, hash_key
from moked.people import services as people
from moked.settings import DATA_DIR
from tests.factories import OrganisationFactory, make_ticket

pytestmark = pytest.mark.django_db


def _client(person):
    token, key = ApiToken.issue(person)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client, token, key


def _tables_read(client, path):
    seen = []

    def keep(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        answer = client.get(path)
    assert answer.status_code == 200, answer.content
    return " ".join(seen)


def test_a_known_key_reads_neither_tokens_nor_people(agent):
    client, _, _ = _client(agent)
    first = _tables_read(client, "/api/v1/tickets/")
    assert '"api_apitoken"' in first and '"people_person_organisations"' in first
    again = _tables_read(client, "/api/v1/tickets/")
    assert '"api_apitoken"' not in again
    assert '"people_person_organisations"' not in again
    assert 'FROM "people_person"' not in again


def test_a_revoked_key_is_refused_at_once(agent):
    client, token, _ = _client(agent)
    assert client.get("/api/v1/tickets/").status_code == 200
    token.delete()
    assert client.get("/api/v1/tickets/").status_code == 401


def test_a_deactivated_person_is_refused_at_once(agent, admin):
    client, _, _ = _client(agent)
    assert client.get("/api/v1/tickets/").status_code == 200
    people.update_person(admin, agent, {"is_active": False})
    assert client.get("/api/v1/tickets/").status_code == 401


def test_an_agent_no_longer_serving_an_organisation_no_longer_sees_it(agent, admin, org, requester):
    ticket = make_ticket(requester)
    other = OrganisationFactory(code="OTHER", name="Other", domains=["other.example"])
    client, _, _ = _client(agent)
    assert client.get(f"/api/v1/tickets/{ticket.reference}/").status_code == 200
    people.update_person(admin, agent, {"organisations": [other]})
    assert client.get(f"/api/v1/tickets/{ticket.reference}/").status_code == 404
    assert client.get("/api/v1/tickets/").json()["results"] == []
    org.agents.add(agent)  # from the organisation's side of the relation
    assert client.get(f"/api/v1/tickets/{ticket.reference}/").status_code == 200
    org.agents.clear()
    assert client.get(f"/api/v1/tickets/{ticket.reference}/").status_code == 404


def test_a_role_change_counts_at_once(agent, admin, requester):
    client, _, _ = _client(agent)
    assert client.get("/api/v1/people/me/").json()["role"] == "agent"
    people.update_person(admin, agent, {"role": "team_lead"})
    assert client.get("/api/v1/people/me/").json()["role"] == "team_lead"


def test_the_password_stays_out_of_the_cache(agent):
    client, token, _ = _client(agent)
    client.get("/api/v1/tickets/")
    entry = caches[credentials.CACHE].get(f"api-token:{token.key_hash}")
    assert entry is not None
    assert agent.password not in repr(entry)


REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis_running() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture(params=["files", "redis"])
def shared_cache(request, settings):
    """The cache as configured without REDIS_URL (files under MOKED_DATA_DIR) and with it."""
    if request.param == "files":
        return {}
    if not _redis_running():
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {
        **settings.CACHES,
        "credentials": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "moked",
        },
    }
    return {"REDIS_URL": REDIS_URL}


def _seen_by_another_process(key: str, environment: dict) -> bool:
    """Whether a separate process, reading the same cache, knows the key."""
    code = (
        "import django, sys; django.setup(); from moked.api import credentials; "
        f"print(credentials.remembered({hash_key(key)!r}) is not None)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "moked.settings",
        "MOKED_DATA_DIR": str(DATA_DIR),
        **environment,
    }
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1] == "True"


@pytest.mark.slow
def test_every_process_forgets_a_revoked_key(agent, shared_cache):
    """Several gunicorn workers: the key revoked through one is refused by all, so the cache is
    shared (files, or Redis with REDIS_URL), never each process's own memory."""
    client, token, key = _client(agent)
    client.get("/api/v1/tickets/")
    assert _seen_by_another_process(key, shared_cache)
    token.delete()
    assert not _seen_by_another_process(key, shared_cache)
