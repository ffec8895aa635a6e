"""An agent or team lead who serves no organisation yet (a new hire, or one between clients) sees
empty workspace lists and API lists, not an error: an empty set of organisations is a scope like
any other."""

import pytest

from tests.factories import (
    AgentFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
    TeamLeadFactory,
    make_ticket,
)
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db

VIEWS = ("mine", "unassigned", "breaching", "waiting", "all")
PAGES = [
    "/desk/",
    "/desk/counts/",
    "/desk/phone/",
    "/desk/phone/?q=dana",
    *(f"/desk/views/{name}/" for name in VIEWS),
    *(f"/desk/views/{name}/?q=vpn" for name in VIEWS),
    "/desk/views/all/?sort=-due",
    "/desk/views/all/?sort=organisation",
    "/desk/views/all/?status=closed",
    "/desk/views/all/?organisation=ACME",
    "/desk/views/all/?assignee=me&group=none",
]


@pytest.fixture(params=[AgentFactory, TeamLeadFactory], ids=["agent", "team lead"])
def serving_nobody(request):
    """Someone of staff serving no organisation, in a group, while another organisation has tickets."""
    organisation = OrganisationFactory(code="ACME", domains=["acme.example"])
    customer = PersonFactory(organisation=organisation, name="Dana Customer")
    for _ in range(3):
        make_ticket(customer, subject="VPN is down")
    person = request.param(serves=[])
    GroupFactory(members=[person])
    return person


@pytest.mark.parametrize("path", PAGES)
def test_a_workspace_page_lists_nothing(serving_nobody, path):
    answer = client_for(serving_nobody).get(path)
    assert answer.status_code == 200
    assert "VPN is down" not in answer.content.decode()


def test_every_view_counts_nothing(serving_nobody):
    from moked.web.workspace import desk

    assert {name: count for name, _, count in desk.counted_views(serving_nobody)} == dict.fromkeys(VIEWS, 0)


def test_a_saved_view_lists_nothing(serving_nobody):
    from moked.workspace.models import SavedView

    saved = SavedView.objects.create(
        owner=serving_nobody, name="Open VPN", base="unassigned", filters={"organisation": "ACME"}, q="vpn"
    )
    answer = client_for(serving_nobody).get(f"/desk/saved/{saved.pk}/")
    assert answer.status_code == 200
    assert "VPN is down" not in answer.content.decode()


def test_a_team_lead_serving_nobody_has_the_macros_page():
    lead = TeamLeadFactory(serves=[])
    assert client_for(lead).get("/desk/administration/macros/").status_code == 200
