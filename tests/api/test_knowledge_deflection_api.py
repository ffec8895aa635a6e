"""Staff read the deflection figures through the API for a period they choose: per organisation
they serve with the total, and per article; clients are refused and a bad period is a 400."""

from datetime import timedelta

import pytest
from django.utils import timezone

from moked.knowledge import deflection
from moked.knowledge.models import DeflectionAttempt
from tests.api.knowledge_world import published
from tests.factories import OrganisationFactory, PersonFactory, make_ticket

pytestmark = pytest.mark.django_db

DEFLECTION = "/api/v1/knowledge/deflection/"


@pytest.fixture
def world(org, requester, admin):
    vpn = published(admin, "vpn", title="Connect to the VPN")
    solved, sent, left = deflection.new_token(), deflection.new_token(), deflection.new_token()
    for token in (solved, sent, left):
        deflection.record_shown(requester, token, [vpn])
    deflection.record_opened(requester, solved, vpn)
    deflection.record_solved(requester, solved, vpn)
    deflection.record_sent(requester, sent, make_ticket(requester))
    other = PersonFactory(organisation=OrganisationFactory(code="OTHER", name="Other Oy"))
    deflection.record_shown(other, deflection.new_token(), [vpn])
    return {"vpn": vpn}


def test_an_admin_reads_every_organisation_the_total_and_the_articles(api_as, admin, world):
    answer = api_as(admin).get(DEFLECTION)
    assert answer.status_code == 200, answer.json()
    figures = answer.json()
    today = timezone.localdate()
    assert (figures["since"], figures["until"]) == (str(today - timedelta(days=29)), str(today))
    rows = {row["organisation"]: row for row in figures["organisations"]}
    assert set(rows) == {"ACME", "OTHER"}
    acme = rows["ACME"]
    assert (acme["name"], acme["shown"], acme["opened"], acme["solved"], acme["sent"]) == ("Acme", 3, 1, 1, 1)
    assert acme["rate"] == pytest.approx(1 / 3)
    assert rows["OTHER"]["rate"] == 0
    assert (figures["total"]["shown"], figures["total"]["solved"]) == (4, 1)
    [article] = figures["articles"]
    assert (article["article"], article["key"], article["title"]) == (
        world["vpn"].pk,
        "vpn",
        "Connect to the VPN",
    )
    assert (article["shown"], article["solved"], article["sent"]) == (4, 1, 1)


def test_an_agent_reads_only_the_organisations_they_serve(api_as, agent, world):
    figures = api_as(agent).get(DEFLECTION).json()
    assert [row["organisation"] for row in figures["organisations"]] == ["ACME"]
    assert figures["total"]["shown"] == 3


def test_the_period_counts_the_forms_started_in_it(api_as, admin, world):
    DeflectionAttempt.objects.update(started_at=timezone.now() - timedelta(days=60))
    client = api_as(admin)
    assert client.get(DEFLECTION).json()["total"] == {
        "shown": 0,
        "opened": 0,
        "solved": 0,
        "sent": 0,
        "abandoned": 0,
        "rate": None,
    }
    today = timezone.localdate()
    since = today - timedelta(days=61)
    answer = client.get(DEFLECTION, {"since": since.isoformat(), "until": today.isoformat()})
    assert answer.json()["total"]["shown"] == 4
    assert (
        client.get(DEFLECTION, {"until": (today - timedelta(days=50)).isoformat()}).json()["total"]["shown"]
        == 4
    )


@pytest.mark.parametrize(
    "query",
    [
        {"since": "2026-05-01", "until": "2026-04-01"},
        {"since": "yesterday"},
        {"since": "2000-01-01", "until": "2026-01-01"},
        {"until": "9999-12-31"},
        {"until": "0001-01-01"},
    ],
)
def test_a_bad_period_is_a_400(api_as, admin, world, query):
    answer = api_as(admin).get(DEFLECTION, query)
    assert answer.status_code == 400
    assert answer.json()["errors"]


def test_clients_are_refused(api_as, requester, world):
    assert api_as(requester).get(DEFLECTION).status_code == 403
