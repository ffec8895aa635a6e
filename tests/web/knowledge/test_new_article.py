"""Writing a new article: its source text and its settings; a known error as its sections."""

import pytest

from moked.knowledge.models import Article, ArticleEvent
from tests.factories import GroupFactory, OrganisationFactory, ServiceFactory
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


def form(**fields):
    return {
        "kind": "how_to",
        "language": "en",
        "title": "Connect to the VPN",
        "body": "1. Open the client.",
        "tags": "vpn, remote,  vpn",
        "owner": "",
        "visibility": "all_clients",
        **fields,
    }


def test_a_new_article_is_a_draft_with_every_setting(agent, alpha):
    group = GroupFactory(name="Reviewers", members=[agent])
    service = ServiceFactory(organisation=alpha, name="Remote access")
    answer = client_for(agent).post(
        "/desk/knowledge/new/",
        form(
            owner=agent.pk,
            reviewers=group.pk,
            review_date="2027-01-31",
            services=[service.pk],
            visibility="chosen",
            organisations=[alpha.pk],
        ),
    )

    article = Article.objects.get()
    assert answer.status_code == 302 and answer.headers["Location"] == f"/desk/knowledge/{article.pk}/"
    assert (article.state, article.kind, article.source_language, article.owner) == (
        "draft",
        "how_to",
        "en",
        agent,
    )
    assert (article.reviewers, str(article.review_date), article.tags) == (
        group,
        "2027-01-31",
        ["vpn", "remote"],
    )
    assert list(article.services.all()) == [service] and list(article.organisations.all()) == [alpha]
    assert article.key == "connect-to-the-vpn"
    variant = article.variants.get()
    assert (variant.language, variant.title, variant.body) == (
        "en",
        "Connect to the VPN",
        "1. Open the client.",
    )
    assert article.events.get().action == ArticleEvent.Action.CREATED


def test_a_known_error_is_written_as_its_symptom_cause_and_workaround(admin):
    client_for(admin).post(
        "/desk/knowledge/new/",
        form(
            kind="known_error",
            language="fi",
            title="Tulostin jumittaa",
            body="",
            owner=admin.pk,
            symptom="Tulostin ei tulosta.",
            cause="Ajuri on vanha.",
            workaround="Käynnistä tulostin uudelleen.",
        ),
    )

    body = Article.objects.get().variants.get().body
    assert body.split("\n\n") == [
        "## Oire",
        "Tulostin ei tulosta.",
        "## Syy",
        "Ajuri on vanha.",
        "## Kiertotie",
        "Käynnistä tulostin uudelleen.",
    ]


def test_an_organisations_own_article_replaces_a_general_one(admin, alpha, article):
    client_for(admin).post(
        "/desk/knowledge/new/",
        form(title="Alpha's own VPN", owner=admin.pk, organisation=alpha.pk, replaces=article.pk),
    )

    own = Article.objects.get(organisation=alpha)
    assert own.replaces == article


def test_bad_input_is_shown_and_nothing_is_kept(agent, alpha):
    bravo = OrganisationFactory(code="BRAVO")
    client = client_for(agent)

    answers = [
        client.post("/desk/knowledge/new/", form(owner=agent.pk, title="")),
        client.post("/desk/knowledge/new/", form(owner=agent.pk, body="")),
        client.post("/desk/knowledge/new/", form(owner=agent.pk, visibility="chosen")),
        client.post("/desk/knowledge/new/", form(owner=agent.pk, organisation=bravo.pk)),  # not served
        client.post("/desk/knowledge/new/", form(owner=agent.pk, replaces=12345)),
        # more digits than an id has: a choice that does not exist (it was a server error on SQLite)
        client.post("/desk/knowledge/new/", form(owner=agent.pk, categories=["99999999999999999999999"])),
        client.post("/desk/knowledge/new/", form(owner="99999999999999999999999")),
    ]

    assert [answer.status_code for answer in answers] == [200] * 7
    assert all('id="not-saved"' in answer.content.decode() for answer in answers)
    assert Article.objects.count() == 0


def test_the_address_may_start_the_article(agent):
    page = client_for(agent).get(
        "/desk/knowledge/new/?title=Printer+jams&body=Turn+it+off&kind=troubleshooting"
    )
    form_ = page.context["form"]
    assert (form_["title"].value(), form_["body"].value(), form_["kind"].value()) == (
        "Printer jams",
        "Turn it off",
        "troubleshooting",
    )
    assert form_["owner"].value() == agent.pk


def test_the_preview_shows_the_text_as_readers_will(agent):
    client = client_for(agent)
    answer = client.post(
        "/desk/knowledge/preview/",
        {"title": "שלום", "body": "**חשוב** <script>x</script>", "language": "he", "kind": "how_to"},
    )
    html = answer.content.decode()
    assert 'dir="rtl"' in html and "<strong>חשוב</strong>" in html and "<script>" not in html
    sections = client.post(
        "/desk/knowledge/preview/", {"title": "t", "symptom": "Slow", "language": "en", "kind": "known_error"}
    ).content.decode()
    assert "Symptom</h2>" in sections and "Slow" in sections


def test_save_and_add_images_opens_the_editor_where_images_are_uploaded(agent):
    client = client_for(agent)
    answer = client.post("/desk/knowledge/new/", form(owner=agent.pk, then="images"))

    article = Article.objects.get()
    assert answer.status_code == 302
    assert answer.headers["Location"] == f"/desk/knowledge/{article.pk}/en/edit/#article-images"
    editor = client.get(f"/desk/knowledge/{article.pk}/en/edit/").content.decode()
    assert "Saved as a draft. Upload its images here" in editor
    assert f'action="/desk/knowledge/{article.pk}/images/"' in editor
