"""What Moked answers a signed-in person is kept by no shared cache (issue 12, finding 9)."""

import pytest
from django.test import Client

from tests.factories import PASSWORD, AgentFactory, OrganisationFactory, PersonFactory, make_ticket

pytestmark = pytest.mark.django_db


def directives(answer) -> set[str]:
    return {part.strip() for part in answer.get("Cache-Control", "").split(",") if part.strip()}


def test_signed_in_pages_are_private_and_not_stored():
    customer = PersonFactory(organisation=OrganisationFactory())
    ticket = make_ticket(customer)
    client = Client()
    assert client.login(username=customer.username, password=PASSWORD)
    for path in ("/portal/", f"/portal/tickets/{ticket.reference}/", "/portal/new/"):
        answer = client.get(path)
        assert answer.status_code == 200 and {"private", "no-store"} <= directives(answer), path


def test_the_workspace_and_its_htmx_fragments_are_private():
    org = OrganisationFactory()
    agent = AgentFactory(serves=[org])
    client = Client()
    assert client.login(username=agent.username, password=PASSWORD)
    for path in ("/desk/", "/desk/counts/"):
        assert {"private", "no-store"} <= directives(client.get(path)), path


def test_api_answers_to_a_token_are_private(api_as):
    customer = PersonFactory(organisation=OrganisationFactory())
    make_ticket(customer)
    answer = api_as(customer).get("/api/v1/tickets/")
    assert answer.status_code == 200 and {"private", "no-store"} <= directives(answer)


def test_pages_for_nobody_in_particular_stay_cacheable():
    assert "private" not in directives(Client().get("/health/"))
