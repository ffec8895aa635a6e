"""The portal's knowledge pages, suggestions and deflection records stay within an organisation.

Organisation A has its own VPN article replacing the general one, and B has an article chosen for
it alone. People of A never reach B's article (list, search, article page, feedback, suggestions,
"this solved it"), and A's people read A's VPN article in place of the general one. A request
form's attempt belongs to its person: nobody else (a colleague in A, a person of B) writes into
it. Staff see deflection figures only for the organisations they serve. Beside each refusal
stands its positive control.
"""

import pytest

from moked.knowledge import deflection
from moked.knowledge.models import Article, ArticleFeedback, DeflectionAttempt
from tests.factories import AdminFactory, AgentFactory, OrganisationFactory, PersonFactory
from tests.web.articles import published
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db

Visibility = Article.Visibility
VPN_TEXT = "Connect to the office VPN with the client"


@pytest.fixture
def world():
    a = OrganisationFactory(code="ALPHA", name="Alpha Ltd")
    b = OrganisationFactory(code="BRAVO", name="Bravo Ltd")
    admin = AdminFactory()
    general = published(admin, "vpn", "Connect to the VPN", VPN_TEXT)
    return {
        "general_vpn": general,
        "alpha_vpn": published(
            admin,
            "alpha-vpn",
            "Alpha: connect to the VPN",
            VPN_TEXT + " Alpha",
            organisation=a,
            replaces=general,
        ),
        "bravo_only": published(
            admin,
            "bravo-only",
            "Bravo printers print blank pages",
            "Bravo printers print blank pages: call Bravo's technician.",
            visibility=Visibility.CHOSEN,
            organisations=[b],
        ),
        "a_user": PersonFactory(organisation=a),
        "a_colleague": PersonFactory(organisation=a),
        "b_user": PersonFactory(organisation=b),
        "agent_of_a": AgentFactory(serves=[a]),
        "agent_of_b": AgentFactory(serves=[b]),
        "admin": admin,
    }


def listed(person, query=""):
    answer = client_for(person).get(f"/portal/knowledge/{query}")
    return {article.key for article, _title in answer.context["rows"]}


def test_the_list_and_search_show_an_organisation_only_what_it_may_read(world):
    assert listed(world["a_user"]) == {"alpha-vpn"}  # A's own article stands in for the general one
    assert listed(world["b_user"]) == {"vpn", "bravo-only"}
    assert listed(world["a_user"], "?q=Bravo+printers") == set()
    assert listed(world["b_user"], "?q=Bravo+printers") == {"bravo-only"}


def test_an_article_page_of_another_organisation_is_not_found(world):
    bravo_only, alpha_vpn = world["bravo_only"], world["alpha_vpn"]
    assert client_for(world["a_user"]).get(f"/portal/knowledge/{bravo_only.pk}/").status_code == 404
    assert client_for(world["b_user"]).get(f"/portal/knowledge/{alpha_vpn.pk}/").status_code == 404
    assert client_for(world["b_user"]).get(f"/portal/knowledge/{bravo_only.pk}/").status_code == 200
    # the general article A's own replaces is not A's to read
    assert client_for(world["a_user"]).get(f"/portal/knowledge/{world['general_vpn'].pk}/").status_code == 404
    assert client_for(world["a_user"]).get(f"/portal/knowledge/{alpha_vpn.pk}/").status_code == 200


def test_feedback_on_another_organisations_article_changes_nothing(world):
    address = f"/portal/knowledge/{world['bravo_only'].pk}/"
    assert client_for(world["a_user"]).post(address, {"helpful": "no"}).status_code == 404
    assert not ArticleFeedback.objects.exists()
    assert client_for(world["b_user"]).post(address, {"helpful": "no"}).status_code == 302
    assert ArticleFeedback.objects.get().person == world["b_user"]


def suggested(person, text, token=None):
    data = {"subject": text, "description": "", "attempt": token or deflection.new_token()}
    return client_for(person).post("/portal/new/suggestions/", data)


def test_suggestions_never_offer_another_organisations_article(world):
    for_a = suggested(world["a_user"], "Bravo printers print blank pages").content.decode()
    for_b = suggested(world["b_user"], "Bravo printers print blank pages").content.decode()
    assert "Bravo printers" not in for_a and "Bravo printers" in for_b
    a_vpn = suggested(world["a_user"], VPN_TEXT).content.decode()
    assert (
        "Alpha: connect to the VPN" in a_vpn and f"/portal/knowledge/{world['general_vpn'].pk}/" not in a_vpn
    )


@pytest.mark.parametrize("intruder", ["a_colleague", "b_user"])
def test_nobody_else_writes_into_a_persons_attempt(world, intruder):
    owner, token, vpn = world["a_user"], deflection.new_token(), world["alpha_vpn"]
    suggested(owner, VPN_TEXT, token)
    other = client_for(world[intruder])
    assert suggested(world[intruder], VPN_TEXT, token).status_code == 403
    assert other.post("/portal/solved/", {"attempt": token, "article": vpn.pk}).status_code in (403, 404)
    other.get(f"/portal/knowledge/{vpn.pk}/?attempt={token}")
    other.post("/portal/new/", {"subject": "VPN", "description": "Down.", "attempt": token})
    attempt = DeflectionAttempt.objects.get(token=token)
    assert (attempt.person, attempt.outcome, attempt.steps.count()) == (owner, "", 1)
    # positive control: the owner's own steps are recorded
    client_for(owner).post("/portal/solved/", {"attempt": token, "article": vpn.pk})
    assert DeflectionAttempt.objects.get(token=token).outcome == DeflectionAttempt.Outcome.SOLVED


def test_staff_see_deflection_only_for_organisations_they_serve(world):
    suggested(world["a_user"], VPN_TEXT)
    suggested(world["b_user"], "Bravo printers print blank pages")

    def figures(person):
        answer = client_for(person).get("/desk/reports/deflection/")
        page = answer.content.decode()
        return {name for name in ("Alpha Ltd", "Bravo Ltd") if name in page}, answer.context["total"].shown

    assert figures(world["agent_of_a"]) == ({"Alpha Ltd"}, 1)
    assert figures(world["agent_of_b"]) == ({"Bravo Ltd"}, 1)
    assert figures(world["admin"]) == ({"Alpha Ltd", "Bravo Ltd"}, 2)
    by_article = client_for(world["agent_of_a"]).get("/desk/reports/deflection/").context["articles"]
    assert [row.subject.key for row, _title in by_article] == ["alpha-vpn"]


def test_the_portals_people_see_no_deflection_figures(world):
    suggested(world["a_user"], VPN_TEXT)
    assert client_for(world["a_user"]).get("/desk/reports/deflection/").status_code == 403
