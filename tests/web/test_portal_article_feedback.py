"""An end user tells whether an article helped, with an optional comment."""

import pytest

from moked.knowledge.models import ArticleFeedback
from tests.factories import AdminFactory, OrganisationFactory, PersonFactory
from tests.web.articles import published
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    alpha, bravo = OrganisationFactory(code="ALPHA"), OrganisationFactory(code="BRAVO")
    admin = AdminFactory()
    return {
        "vpn": published(admin, "vpn", "Connect to the VPN"),
        "alpha_own": published(admin, "alpha-own", "Alpha's own", organisation=alpha),
        "reader": PersonFactory(organisation=alpha),
        "outsider": PersonFactory(organisation=bravo),
    }


def test_a_reader_says_it_did_not_help_and_why(world):
    vpn, client = world["vpn"], client_for(world["reader"])
    answer = client.post(f"/portal/knowledge/{vpn.pk}/", {"helpful": "no", "comment": "The port is wrong."})
    assert answer.status_code == 302
    feedback = ArticleFeedback.objects.get()
    assert (feedback.person, feedback.helpful, feedback.comment) == (
        world["reader"],
        False,
        "The port is wrong.",
    )
    page = client.get(answer.url).content.decode()
    assert "Thank you for telling us." in page and "You said this article was not helpful." in page


def test_a_second_answer_replaces_the_first(world):
    vpn, client = world["vpn"], client_for(world["reader"])
    client.post(f"/portal/knowledge/{vpn.pk}/", {"helpful": "no"})
    client.post(f"/portal/knowledge/{vpn.pk}/", {"helpful": "yes"})
    assert list(ArticleFeedback.objects.values_list("helpful", flat=True)) == [True]


@pytest.mark.parametrize(
    "data", [{}, {"helpful": "maybe"}, {"helpful": "yes", "comment": "x" * 2001}], ids=["none", "bad", "long"]
)
def test_a_bad_answer_is_refused_and_changes_nothing(world, data):
    client = client_for(world["reader"])
    answer = client.post(f"/portal/knowledge/{world['vpn'].pk}/", data, follow=True)
    assert answer.status_code == 200 and answer.context["refusals"]
    assert not ArticleFeedback.objects.exists()


def test_feedback_on_an_article_the_reader_may_not_read_is_not_found(world):
    answer = client_for(world["outsider"]).post(
        f"/portal/knowledge/{world['alpha_own'].pk}/", {"helpful": "yes"}
    )
    assert answer.status_code == 404
    assert not ArticleFeedback.objects.exists()
