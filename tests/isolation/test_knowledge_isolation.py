"""Articles reach only the people whose organisation may see them.

Organisation A has an article chosen for it alone and its own VPN article replacing the general
one; the general VPN article is for all clients, and an internal article is for staff. People of
B and agents who do not serve A never see A's articles; A's people see A's VPN article instead of
the general one; nobody outside the provider's staff sees an internal or unpublished article.
"""

import pytest

from moked.knowledge import services
from moked.knowledge.models import Article
from moked.knowledge.selectors import visible_articles
from tests.factories import (
    AdminFactory,
    AgentFactory,
    ClientManagerFactory,
    OrganisationFactory,
    PersonFactory,
)

Visibility = Article.Visibility


@pytest.fixture
def world(db):
    a = OrganisationFactory(code="ALPHA", domains=["alpha.example"])
    b = OrganisationFactory(code="BRAVO", domains=["bravo.example"])
    admin = AdminFactory()

    def published(key, **fields):
        article = services.create_article(admin, key=key, language="en", title=key, **fields)
        services.submit_for_review(admin, article)
        return services.publish(admin, article)

    general_vpn = published("vpn", visibility=Visibility.ALL_CLIENTS)
    return {
        "a": a,
        "b": b,
        "a_user": PersonFactory(organisation=a),
        "a_manager": ClientManagerFactory(organisation=a),
        "b_user": PersonFactory(organisation=b),
        "b_manager": ClientManagerFactory(organisation=b),
        "agent_of_a": AgentFactory(serves=[a]),
        "agent_of_b": AgentFactory(serves=[b]),
        "agent_of_none": AgentFactory(),
        "admin": admin,
        "general_vpn": general_vpn,
        "alpha_vpn": published("alpha-vpn", organisation=a, replaces=general_vpn),
        "alpha_only": published("alpha-only", visibility=Visibility.CHOSEN, organisations=[a]),
        "internal": published("internal", visibility=Visibility.INTERNAL),
        "draft": services.create_article(admin, key="draft", language="en", title="draft"),
    }


def keys(person):
    return set(visible_articles(person).values_list("key", flat=True))


@pytest.mark.parametrize("who", ["a_user", "a_manager"])
def test_organisation_a_sees_its_own_articles_and_its_vpn_instead_of_the_general_one(world, who):
    assert keys(world[who]) == {"alpha-vpn", "alpha-only"}


@pytest.mark.parametrize("who", ["b_user", "b_manager"])
def test_organisation_b_never_sees_what_is_for_a(world, who):
    assert keys(world[who]) == {"vpn"}


def test_the_replacement_only_counts_once_it_is_published(world):
    services.retire(world["admin"], world["alpha_vpn"])
    assert keys(world["a_user"]) == {"vpn", "alpha-only"}


def test_agents_see_internal_articles_and_what_concerns_the_organisations_they_serve(world):
    assert keys(world["agent_of_a"]) == {"vpn", "alpha-vpn", "alpha-only", "internal", "draft"}
    assert keys(world["agent_of_b"]) == {"vpn", "internal", "draft"}
    assert keys(world["agent_of_none"]) == {"vpn", "internal", "draft"}


def test_admins_see_every_article_and_inactive_people_none(world):
    assert keys(world["admin"]) == {"vpn", "alpha-vpn", "alpha-only", "internal", "draft"}
    world["a_user"].is_active = False
    assert keys(world["a_user"]) == set()


def test_an_agent_not_serving_a_may_not_change_or_publish_its_articles(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.save_variant(world["agent_of_b"], world["alpha_only"], language="fi", title="x", body="")
    with pytest.raises(PermissionDenied):
        services.retire(world["agent_of_b"], world["alpha_only"])
    assert world["alpha_only"].variants.count() == 1
    world["alpha_only"].refresh_from_db()
    assert world["alpha_only"].state == Article.State.PUBLISHED


def test_an_agent_not_serving_a_may_not_remove_the_image_of_its_article(world):
    """The removal page answers 404 (the image does not exist for them); the service refuses."""
    from django.core.exceptions import PermissionDenied
    from django.core.files.uploadedfile import SimpleUploadedFile

    from moked.knowledge.models import ArticleImage
    from tests.web.clients import client_for

    article = world["alpha_only"]
    image = services.add_image(world["admin"], article, SimpleUploadedFile("a.gif", b"GIF89a" + b"\0" * 20))
    address = f"/desk/knowledge/{article.pk}/images/{image.pk}/remove/"

    for outsider in ("agent_of_b", "agent_of_none"):
        assert client_for(world[outsider]).post(address).status_code == 404
        with pytest.raises(PermissionDenied):
            services.remove_image(world[outsider], image)
    assert ArticleImage.objects.filter(pk=image.pk).exists()
