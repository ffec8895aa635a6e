"""The list of articles: what the agent may see, narrowed by the filters, a page at a time."""

import datetime as dt

import pytest

from moked.knowledge import services
from moked.knowledge.models import Article
from tests.factories import OrganisationFactory
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


def shown(client, query="") -> set[str]:
    answer = client.get(f"/desk/knowledge/{query}")
    assert answer.status_code == 200
    return {row["article"].pk for row in answer.context["rows"]}


def test_the_list_shows_the_articles_the_agent_may_see(admin, agent, alpha, article):
    bravo = OrganisationFactory(code="BRAVO", name="Bravo")
    own_alpha = services.create_article(admin, language="en", title="Alpha VPN", body="a", organisation=alpha)
    own_bravo = services.create_article(admin, language="en", title="Bravo VPN", body="b", organisation=bravo)

    assert shown(client_for(agent)) == {article.pk, own_alpha.pk}
    assert shown(client_for(admin)) == {article.pk, own_alpha.pk, own_bravo.pk}
    page = client_for(agent).get("/desk/knowledge/").content.decode()
    assert "Reset your password" in page and "Alpha VPN" in page and "Bravo VPN" not in page


def test_the_filters_narrow_the_list(admin, article):
    other = services.create_article(
        admin,
        language="he",
        title="מדפסת לא מדפיסה",
        body="x",
        kind=Article.Kind.KNOWN_ERROR,
        review_date=dt.date(2000, 1, 1),
    )
    services.submit_for_review(admin, other)
    services.save_variant(admin, article, language="en", title="Reset your password", body="v2")
    client = client_for(admin)

    assert shown(client, "?kind=known_error") == {other.pk}
    assert shown(client, "?state=in_review") == {other.pk}
    assert shown(client, "?language=fi") == {article.pk}
    assert shown(client, "?stale=1") == {article.pk}  # the Finnish variant waits for version 2
    assert shown(client, "?review=due") == {other.pk}
    assert shown(client, "?owner=me") == {article.pk, other.pk}
    assert shown(client, f"?owner={admin.pk + 1000}") == set()
    assert shown(client, "?q=salasana") == {article.pk}
    assert shown(client, "?q=מדפסת") == {other.pk}
    assert shown(client, "?state=nonsense&kind=&language=xx") == {article.pk, other.pk}
    assert shown(client, "?owner=99999999999999999999999") == set()


def test_the_list_comes_a_page_at_a_time(admin):
    for number in range(30):
        services.create_article(admin, language="en", title=f"Article {number}", body="x")
    client = client_for(admin)

    first, second = (
        client.get("/desk/knowledge/?kind=how_to"),
        client.get("/desk/knowledge/?kind=how_to&page=2"),
    )

    assert len(first.context["rows"]) == 25 and len(second.context["rows"]) == 5
    assert 'href="?kind=how_to&amp;page=2"' in first.content.decode()


def test_clients_may_not_open_the_staff_pages(alpha, article):
    from tests.factories import PersonFactory

    assert client_for(PersonFactory(organisation=alpha)).get("/desk/knowledge/").status_code == 403


def test_the_workspace_navigation_leads_to_the_knowledge_base(agent):
    page = client_for(agent).get("/desk/").content.decode()
    assert 'href="/desk/knowledge/"' in page


def test_the_search_box_finds_articles_in_every_state_best_first_with_a_snippet(admin, agent, alpha, article):
    bravo = OrganisationFactory(code="BRAVO", name="Bravo")
    services.create_article(
        admin, language="fi", title="Salasanan vaihto", body="Bravon oma.", organisation=bravo
    )
    printer = services.create_article(
        admin, language="en", title="Printer jams", body="Open the tray.", kind=Article.Kind.TROUBLESHOOTING
    )
    client = client_for(agent)

    assert shown(client, "?q=salasanan") == {article.pk}  # inflected Finnish; Bravo's own is not served
    assert shown(client, "?q=printer+tray") == {printer.pk}
    assert shown(client, "?q=printer&kind=how_to") == set()
    page = client.get("/desk/knowledge/?q=tray").content.decode()
    assert 'data-testid="snippet">Open the tray.</div>' in page


def test_the_list_reads_as_many_rows_in_the_same_number_of_queries(admin, alpha):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(admin)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/desk/knowledge/").status_code == 200
        return len(captured)

    services.create_article(admin, language="en", title="First", body="x", organisation=alpha)
    few = queries()
    for number in range(10):
        made = services.create_article(
            admin, language="en", title=f"More {number}", body="x", organisation=alpha
        )
        services.save_variant(admin, made, language="fi", title=f"Lisää {number}", body="x")
    assert queries() == few
