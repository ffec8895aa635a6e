"""An end user browses the help articles they may read (by category and kind, searched) and
reads one in their own language, the others a click away; each reading is counted."""

import pytest

from moked.knowledge import services
from moked.knowledge.models import Article
from tests.factories import AdminFactory, CategoryFactory, OrganisationFactory, PersonFactory
from tests.web.articles import published
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    alpha, bravo = OrganisationFactory(code="ALPHA"), OrganisationFactory(code="BRAVO")
    admin = AdminFactory()
    network = CategoryFactory(name="Network")
    vpn = published(
        admin,
        "vpn",
        "Connect to the VPN",
        "Open the **client** and choose *Connect*.\n\n<script>alert(1)</script>",
        translations=[("he", "התחברות ל־VPN", "פתחו את התוכנה ובחרו *התחבר*.")],
        categories=[network],
    )
    printer = published(admin, "printer", "Printer prints blank pages", kind=Article.Kind.TROUBLESHOOTING)
    return {
        "admin": admin,
        "vpn": vpn,
        "printer": printer,
        "network": network,
        "bravo_only": published(
            admin, "bravo-only", "Bravo's wiki", visibility=Article.Visibility.CHOSEN, organisations=[bravo]
        ),
        "draft": services.create_article(admin, key="draft", language="en", title="Unpublished draft"),
        "reader": PersonFactory(organisation=alpha, language="en"),
        "hebrew_reader": PersonFactory(organisation=alpha, language="he"),
    }


def listed(answer) -> list[str]:
    return [title for _article, title in answer.context["rows"]]


def test_the_list_shows_only_what_the_reader_may_read(world):
    answer = client_for(world["reader"]).get("/portal/knowledge/")
    assert answer.status_code == 200
    assert sorted(listed(answer)) == ["Connect to the VPN", "Printer prints blank pages"]
    assert "Help articles" in answer.content.decode()


def test_the_list_filters_by_kind_category_and_words(world):
    client = client_for(world["reader"])
    assert listed(client.get("/portal/knowledge/?kind=troubleshooting")) == ["Printer prints blank pages"]
    assert listed(client.get(f"/portal/knowledge/?category={world['network'].pk}")) == ["Connect to the VPN"]
    assert listed(client.get("/portal/knowledge/?q=blank+pages")) == ["Printer prints blank pages"]
    assert listed(client.get("/portal/knowledge/?q=wiki")) == []  # Bravo's, not the reader's


def test_bad_filters_are_left_out(world):
    answer = client_for(world["reader"]).get("/portal/knowledge/?kind=nonsense&category=x&page=-3")
    assert answer.status_code == 200 and len(listed(answer)) == 2


def test_titles_are_in_the_readers_language_where_there_is_one(world):
    answer = client_for(world["hebrew_reader"]).get("/portal/knowledge/")
    assert "התחברות ל־VPN" in listed(answer)


def test_an_article_reads_in_the_readers_language_and_counts_the_view(world):
    vpn = world["vpn"]
    answer = client_for(world["hebrew_reader"]).get(f"/portal/knowledge/{vpn.pk}/")
    page = answer.content.decode()
    assert answer.context["variant"].language == "he"
    assert "<em>התחבר</em>" in page
    assert f'href="/portal/knowledge/{vpn.pk}/?lang=en"' in page  # the English one, a click away
    vpn.refresh_from_db()
    assert vpn.view_count == 1


def test_another_language_may_be_chosen_and_the_body_is_safe(world):
    vpn = world["vpn"]
    page = client_for(world["hebrew_reader"]).get(f"/portal/knowledge/{vpn.pk}/?lang=en").content.decode()
    assert "<strong>client</strong>" in page
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_a_language_the_article_lacks_falls_back_to_the_readers_own(world):
    answer = client_for(world["reader"]).get(f"/portal/knowledge/{world['vpn'].pk}/?lang=fi")
    assert answer.context["variant"].language == "en"


@pytest.mark.parametrize("article", ["bravo_only", "draft"])
def test_an_article_the_reader_may_not_read_is_not_found_and_not_counted(world, article):
    hidden = world[article]
    assert client_for(world["reader"]).get(f"/portal/knowledge/{hidden.pk}/").status_code == 404
    hidden.refresh_from_db()
    assert hidden.view_count == 0


def test_staff_are_not_served_the_portals_pages(world):
    assert client_for(world["admin"]).get("/portal/knowledge/").status_code == 403
