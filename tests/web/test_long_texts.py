"""The description's limit on the desk's side: the phone desk refuses notes too long to be a
description, says why, and opens nothing."""

import pytest

from moked.tickets.models import MAX_DESCRIPTION_LENGTH, Ticket
from tests.factories import AgentFactory, GroupFactory, OrganisationFactory, PersonFactory
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


def test_the_phone_desk_refuses_notes_longer_than_a_description():
    org = OrganisationFactory()
    agent = AgentFactory(serves=[org])
    GroupFactory(members=[agent])
    caller = PersonFactory(organisation=org)
    url = f"/desk/phone/?caller={caller.pk}"
    call = {"subject": "Backup failed", "impact": 3, "urgency": 3, "ticket": ""}
    page = client_for(agent).post(url, {**call, "notes": "x" * (MAX_DESCRIPTION_LENGTH + 1)}).content.decode()
    assert "at most 30,000 characters" in page
    assert not Ticket.objects.exists()
    answer = client_for(agent).post(url, {**call, "notes": "Read out the error: E-42."})
    assert answer.status_code == 302 and Ticket.objects.get().description == "Read out the error: E-42."
