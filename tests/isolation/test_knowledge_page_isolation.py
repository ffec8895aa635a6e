"""The knowledge base's staff pages and images reach only people who may see the article
(tests/isolation/test_knowledge_isolation.py checks the selectors underneath).

Organisation B has its own article (written in English and Finnish, two versions, an image, a
reader's follow-up) and a general article chosen for B alone. Agents who do not serve B, and
every client, reach nothing of them: each page is not found (clients are refused the staff pages
as a whole), the lists and the search do not name them, and every refused action changes
nothing. Beside each refusal stands its positive control: an agent who serves B opens the same
page, so that no case passes because a page is broken.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from moked.knowledge import deflection, services
from moked.knowledge.models import Article, ArticleEvent, ArticleFeedback, ArticleImage
from tests.factories import (
    AdminFactory,
    AgentFactory,
    ClientManagerFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.web.clients import client_for
from tests.web.knowledge.test_images import PNG

pytestmark = pytest.mark.django_db

STAFF_OUTSIDERS = ("agent_of_a", "agent_of_none")
CLIENTS = ("a_user", "a_manager", "b_user", "b_manager")
TITLE = "Bravo quokka gateway"
CHOSEN = "Bravo chosen wombat"


@pytest.fixture
def world():
    a = OrganisationFactory(code="ALPHA", name="Alpha")
    b = OrganisationFactory(code="BRAVO", name="Bravo")
    admin = AdminFactory()
    own = services.create_article(admin, language="en", title=TITLE, body="Quokka v1", organisation=b)
    services.save_variant(admin, own, language="en", title=TITLE, body="Quokka v2")
    services.save_variant(admin, own, language="fi", title="Bravon quokka", body="Quokka fi")
    services.submit_for_review(admin, own)
    services.publish(admin, own)
    chosen = services.create_article(
        admin,
        language="en",
        title=CHOSEN,
        body="Wombat",
        visibility=Article.Visibility.CHOSEN,
        organisations=[b],
    )
    people = {
        "agent_of_a": AgentFactory(serves=[a]),
        "agent_of_b": AgentFactory(serves=[b]),
        "agent_of_none": AgentFactory(),
        "a_user": PersonFactory(organisation=a),
        "a_manager": ClientManagerFactory(organisation=a),
        "b_user": PersonFactory(organisation=b),
        "b_manager": ClientManagerFactory(organisation=b),
    }
    image = services.add_image(admin, own, SimpleUploadedFile("q.png", PNG))
    feedback = services.give_feedback(people["b_user"], own, helpful=False, comment="Quokka step fails")
    return {"own": own, "chosen": chosen, "image": image, "feedback": feedback, **people}


def pages(world) -> list[str]:
    own, chosen = world["own"].pk, world["chosen"].pk
    return [
        f"/desk/knowledge/{own}/",
        f"/desk/knowledge/{own}/details/",
        f"/desk/knowledge/{own}/en/edit/",
        f"/desk/knowledge/{own}/he/edit/",
        f"/desk/knowledge/{own}/en/versions/",
        f"/desk/knowledge/{own}/en/versions/1/",
        f"/desk/knowledge/{own}/en/versions/1/restore/",
        f"/desk/knowledge/{own}/en/compare/?a=1&b=2",
        f"/desk/knowledge/{own}/fi/versions/",
        f"/desk/knowledge/{chosen}/",
        f"/desk/knowledge/{chosen}/en/versions/1/",
    ]


def state(world) -> tuple:
    own = Article.objects.get(pk=world["own"].pk)
    return (
        own.state,
        own.kind,
        sorted(own.variants.values_list("language", "version", "is_stale")),
        ArticleEvent.objects.filter(article=own).count(),
        ArticleImage.objects.count(),
        ArticleFeedback.objects.filter(follow_up_closed_at__isnull=True).count(),
    )


@pytest.mark.parametrize("who", STAFF_OUTSIDERS)
def test_an_agent_not_serving_b_finds_none_of_its_article_pages(world, who):
    for address in pages(world):
        assert client_for(world["agent_of_b"]).get(address).status_code == 200, address
        assert client_for(world[who]).get(address).status_code == 404, address


@pytest.mark.parametrize("who", CLIENTS)
def test_clients_are_refused_every_staff_page(world, who):
    client = client_for(world[who])
    for address in [*pages(world), "/desk/knowledge/", "/desk/knowledge/new/", "/desk/knowledge/follow-ups/"]:
        assert client.get(address).status_code == 403, address


@pytest.mark.parametrize("who", STAFF_OUTSIDERS)
def test_the_lists_and_the_search_do_not_name_bs_articles(world, who):
    for address in ("/desk/knowledge/", "/desk/knowledge/?q=quokka", "/desk/knowledge/?q=wombat"):
        shown = client_for(world["agent_of_b"]).get(address).content.decode()
        assert TITLE in shown or CHOSEN in shown, address
        hidden = client_for(world[who]).get(address).content.decode()
        assert TITLE not in hidden and CHOSEN not in hidden, address
    assert (
        "Quokka step fails"
        in client_for(world["agent_of_b"]).get("/desk/knowledge/follow-ups/").content.decode()
    )
    assert (
        "Quokka step fails" not in client_for(world[who]).get("/desk/knowledge/follow-ups/").content.decode()
    )


@pytest.mark.parametrize("who", STAFF_OUTSIDERS)
def test_no_action_on_bs_article_is_open_to_an_agent_not_serving_b(world, who):
    own, before = world["own"].pk, state(world)
    client = client_for(world[who])
    actions = [
        (f"/desk/knowledge/{own}/en/edit/", {"title": "Hacked", "body": "x"}),
        (f"/desk/knowledge/{own}/de/edit/", {"title": "Hacked", "body": "x"}),
        (f"/desk/knowledge/{own}/he/edit/", {"title": "Hacked", "body": "x"}),
        (f"/desk/knowledge/{own}/fi/confirm/", {}),
        (f"/desk/knowledge/{own}/details/", {"kind": "faq", "owner": world["agent_of_a"].pk}),
        (f"/desk/knowledge/{own}/lifecycle/retire/", {}),
        (f"/desk/knowledge/{own}/en/versions/1/restore/", {}),
        (f"/desk/knowledge/{own}/images/", {"image": SimpleUploadedFile("x.png", PNG)}),
        (f"/desk/knowledge/follow-ups/{world['feedback'].pk}/close/", {}),
    ]
    for address, data in actions:
        assert client.post(address, data).status_code == 404, address
    assert state(world) == before
    preview = client.post(
        "/desk/knowledge/preview/", {"article": own, "body": f"![i](attachment:{world['image'].pk})"}
    )
    assert "<img" not in preview.content.decode()


def test_bs_image_is_served_only_to_who_may_see_the_article(world):
    address = f"/knowledge/images/{world['image'].pk}/"
    for who in ("agent_of_b", "b_user", "b_manager"):
        assert client_for(world[who]).get(address).status_code == 200, who
    for who in ("agent_of_a", "agent_of_none", "a_user", "a_manager"):
        assert client_for(world[who]).get(address).status_code == 404, who
    assert client_for(world["agent_of_b"]).get("/knowledge/images/999999/").status_code == 404


@pytest.mark.parametrize("who", STAFF_OUTSIDERS)
def test_the_deflection_csv_names_neither_b_nor_its_articles_to_an_agent_not_serving_b(world, who):
    deflection.record_shown(world["b_user"], deflection.new_token(), [world["own"]])
    bravo = client_for(world["agent_of_b"]).get("/desk/reports/deflection.csv").content.decode("utf-8-sig")
    assert "Bravo" in bravo and TITLE in bravo
    answer = client_for(world[who]).get("/desk/reports/deflection.csv")
    assert answer.status_code == 200
    text = answer.content.decode("utf-8-sig")
    assert "Bravo" not in text and "quokka" not in text.lower()


@pytest.mark.parametrize("who", CLIENTS)
def test_clients_are_refused_the_deflection_csv(world, who):
    assert client_for(world[who]).get("/desk/reports/deflection.csv").status_code == 403
