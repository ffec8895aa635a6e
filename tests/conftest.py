import pytest
from django.conf import settings
from rest_framework.test import APIClient

from moked.api.models import ApiToken

from .factories import AdminFactory, AgentFactory, OrganisationFactory, PersonFactory

# The live server's threads would otherwise keep their connections open after a test, and a
# connection left open holds up PostgreSQL's TRUNCATE between transactional tests.
settings.DATABASES["default"]["CONN_MAX_AGE"] = 0


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


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
