import uuid

import pytest
from django.conf import settings
from django.utils import translation
from huey.contrib.djhuey import HUEY
from rest_framework.test import APIClient

from moked.api.models import ApiToken
from moked.classification import process_cache

from .factories import AdminFactory, AgentFactory, OrganisationFactory, PersonFactory

# The live server's threads would otherwise keep their connections open after a test, and a
# connection left open holds up PostgreSQL's TRUNCATE between transactional tests.
settings.DATABASES["default"]["CONN_MAX_AGE"] = 0


def pytest_collection_modifyitems(items):
    """Tests that drive Chromium are marked `browser`, so `make test-fast` can leave them out."""
    for item in items:
        if {"browser", "page"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def _a_task_queue_of_its_own(tmp_path_factory):
    """Each test run (each xdist worker) queues into a queue of its own: the checkout's queue is
    the demo's, whose worker would otherwise send the mail that tests queued."""
    if "filename" in HUEY.storage_kwargs:  # SqliteHuey
        HUEY.storage_kwargs["filename"] = str(tmp_path_factory.mktemp("huey") / "huey.sqlite3")
    else:  # RedisHuey: the queue's name prefixes its keys
        HUEY.name = f"moked-test-{uuid.uuid4().hex[:12]}"
    if not HUEY.immediate:
        HUEY.storage = HUEY.create_storage()


@pytest.fixture
def immediate():
    """Huey runs each task inline (and its retries at once), on an in-memory queue."""
    before = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = before


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language():
    """Django's test client leaves the language of its last request active in the test's thread
    (LocaleMiddleware activates it and nothing deactivates it): a test after one whose last
    request was a Persian reader's would write its texts in Persian. Each test starts afresh."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _classification_forgets_between_tests():
    """What a process keeps of classification's settings, models and labels (for 30 s, and by
    organisation id) belongs to one test's database: the next test starts without it."""
    process_cache.forget_all()
    yield
    process_cache.forget_all()


@pytest.fixture
def api_as():
    """api_as(person) → an API client sending that person's real token."""

    def client_for(person) -> APIClient:
        _, key = ApiToken.issue(person)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return client_for


@pytest.fixture
def org(db):
    return OrganisationFactory(code="ACME", name="Acme", domains=["acme.example"])


@pytest.fixture
def requester(org):
    return PersonFactory(organisation=org, username="dana", name="Dana Cohen", email="dana@acme.example")


@pytest.fixture
def agent(org):
    return AgentFactory(username="agent", name="Avi Agent", serves=[org])


@pytest.fixture
def admin(db):
    return AdminFactory(username="admin", name="Ada Admin")


@pytest.fixture
def receiver(settings):
    """A real HTTP server on loopback that keeps the requests it is sent; the installation
    allows loopback for it (webhooks reach only public addresses otherwise)."""
    from .http_receiver import Receiver

    settings.MOKED_ALLOWED_PRIVATE_NETWORKS = ["127.0.0.0/8"]

    receiver = Receiver()
    yield receiver
    receiver.close()
