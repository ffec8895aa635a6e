"""Staff read how well the help articles deflect requests, per organisation and per article, for
a period they choose; each sees only the organisations they serve."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from moked.knowledge import deflection
from moked.knowledge.models import DeflectionAttempt
from moked.tenancy.models import Organisation
from tests.factories import AdminFactory, AgentFactory, OrganisationFactory, PersonFactory, make_ticket
from tests.web.articles import published
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    alpha = OrganisationFactory(code="ALPHA", name="Alpha Ltd")
    bravo = OrganisationFactory(code="BRAVO", name="Bravo Ltd")
    admin = AdminFactory()
    vpn = published(admin, "vpn", "Connect to the VPN")
    reader, outsider = PersonFactory(organisation=alpha), PersonFactory(organisation=bravo)
    solved, sent = deflection.new_token(), deflection.new_token()
    for token in (solved, sent):
        deflection.record_shown(reader, token, [vpn])
    deflection.record_solved(reader, solved, vpn)
    deflection.record_sent(reader, sent, make_ticket(reader))
    deflection.record_shown(outsider, deflection.new_token(), [vpn])
    return {"admin": admin, "agent_of_alpha": AgentFactory(serves=[alpha]), "reader": reader}


def test_an_admin_sees_every_organisation_and_the_articles(world):
    answer = client_for(world["admin"]).get("/desk/reports/deflection/")
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "Alpha Ltd" in page and "Bravo Ltd" in page and "Connect to the VPN" in page
    total = answer.context["total"]
    assert (total.shown, total.solved, total.sent, total.percent) == (3, 1, 1, 33)
    assert "33%" in page


def test_an_agent_sees_only_the_organisations_they_serve(world):
    answer = client_for(world["agent_of_alpha"]).get("/desk/reports/deflection/")
    page = answer.content.decode()
    assert "Alpha Ltd" in page and "Bravo Ltd" not in page
    assert answer.context["total"].shown == 2


def test_a_period_chosen_counts_the_forms_started_in_it(world):
    DeflectionAttempt.objects.update(started_at=timezone.now() - timedelta(days=60))
    client = client_for(world["admin"])
    assert client.get("/desk/reports/deflection/").context["total"].shown == 0
    today = timezone.localdate()
    start = (today - timedelta(days=90)).isoformat()
    answer = client.get(f"/desk/reports/deflection/?start={start}&end={today.isoformat()}")
    assert answer.context["total"].shown == 3


@pytest.mark.parametrize(
    "query",
    [
        "?start=2026-05-01&end=2026-04-01",
        "?start=yesterday&end=",
        "?start=2000-01-01&end=2026-01-01",
        "?start=9999-12-30&end=9999-12-31",
    ],
)
def test_a_bad_period_is_said_and_the_last_thirty_days_shown(world, query):
    answer = client_for(world["admin"]).get(f"/desk/reports/deflection/{query}")
    assert answer.status_code == 200 and answer.context["period"].errors
    assert answer.context["total"].shown == 3


def test_the_portals_people_do_not_see_it(world):
    assert client_for(world["reader"]).get("/desk/reports/deflection/").status_code == 403


def test_the_figures_download_as_csv_for_the_period_shown(world):
    client = client_for(world["admin"])
    page = client.get("/desk/reports/deflection/").content.decode()
    today = timezone.localdate()
    start = today - timedelta(days=29)
    link = f"/desk/reports/deflection.csv?start={start.isoformat()}&amp;end={today.isoformat()}"
    assert link in page
    answer = client.get(link.replace("&amp;", "&"))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="deflection-{start}-{today}.csv"' in answer["Content-Disposition"]
    assert answer.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Organisation",
        "Shown articles",
        "Opened one",
        "Solved",
        "Sent anyway",
        "Abandoned",
        "Deflection rate",
    ]
    assert ["Alpha Ltd", "2", "0", "1", "1", "0", "50%"] in rows
    assert ["Bravo Ltd", "1", "0", "0", "0", "0", "0%"] in rows
    assert ["Total", "3", "0", "1", "1", "0", "33%"] in rows
    assert rows[rows.index([]) + 1][0] == "Article"
    assert rows[-1] == ["Connect to the VPN", "3", "0", "1", "1", "0", "33%"]


def test_the_csv_keeps_hebrew_and_persian_and_never_holds_a_formula(world):
    alpha = Organisation.objects.get(code="ALPHA")
    alpha.name = '=HYPERLINK("x") אלפא'
    alpha.save()
    Organisation.objects.filter(code="BRAVO").update(name="شرکت براوو")
    world["admin"].language = "he"
    world["admin"].save()
    answer = client_for(world["admin"]).get("/desk/reports/deflection.csv")
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert ['\'=HYPERLINK("x") אלפא', "2", "0", "1", "1", "0", "50%"] in rows
    assert ["شرکت براوو", "1", "0", "0", "0", "0", "0%"] in rows
    assert rows[0][0] != "Organisation"  # the headings are in the reader's language


def test_the_csv_of_a_period_counts_the_forms_started_in_it(world):
    DeflectionAttempt.objects.update(started_at=timezone.now() - timedelta(days=60))
    client = client_for(world["admin"])
    rows = list(
        csv.reader(io.StringIO(client.get("/desk/reports/deflection.csv").content.decode("utf-8-sig")))
    )
    assert rows[1] == ["Total", "0", "0", "0", "0", "0", ""]
    start = (timezone.localdate() - timedelta(days=90)).isoformat()
    answer = client.get(f"/desk/reports/deflection.csv?start={start}&end={timezone.localdate().isoformat()}")
    assert ["Total", "3", "0", "1", "1", "0", "33%"] in list(
        csv.reader(io.StringIO(answer.content.decode("utf-8-sig")))
    )


def test_the_portals_people_do_not_download_it(world):
    assert client_for(world["reader"]).get("/desk/reports/deflection.csv").status_code == 403
