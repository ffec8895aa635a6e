"""Schemathesis sends generated requests, valid and invalid, to every operation of the published
schema: whatever comes in, the answer is never a server error."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from moked.api.models import ApiToken
from moked.tickets import services
from moked.wsgi import application
from tests.examples import examples
from tests.factories import CategoryFactory, GroupFactory, ServiceFactory, make_ticket

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


# Generating the schema needs no database; the requests do.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_transaction():
    """The requests go through the WSGI handler, which would close the database connection (and
    with it the test's transaction) after each; Django's own test client switches that off too."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(org, requester, agent, admin):
    """An admin's token, and data for the generated requests to hit: a ticket with a reply, a
    group, a service and a category."""
    GroupFactory(members=[agent])
    ServiceFactory(organisation=org)
    CategoryFactory()
    ticket = make_ticket(requester, actor=agent, tags=["vpn"])
    services.add_comment(agent, ticket, "hello")
    return ApiToken.issue(admin)[1]


@schema.parametrize()
@settings(max_examples=examples(10), deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_is_a_server_error(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=[not_a_server_error])
