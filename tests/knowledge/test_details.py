"""Changing an article's details (update_article): who may change what, and its record."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from moked.knowledge import selectors, services
from moked.knowledge.models import Article, ArticleEvent
from tests.factories import (
    AdminFactory,
    AgentFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db

Action = ArticleEvent.Action


def make_article(actor, **fields):
    return services.create_article(actor, key="vpn", language="en", title="VPN", **fields)


def test_changed_details_are_saved_once_and_recorded_once():
    admin = AdminFactory()
    article = make_article(admin)
    changes = {"kind": Article.Kind.FAQ, "tags": ["vpn", " vpn", "", "remote"], "review_date": None}

    services.update_article(admin, article, changes)
    services.update_article(admin, article, changes)

    article.refresh_from_db()
    assert (article.kind, article.tags) == (Article.Kind.FAQ, ["vpn", "remote"])
    assert article.events.filter(action=Action.DETAILS_CHANGED).count() == 1


def test_only_whoever_may_publish_changes_the_owner_or_reviewers():
    writer, reviewer = AgentFactory(), AgentFactory()
    article = make_article(AdminFactory())
    for changes in ({"owner": writer}, {"reviewers": GroupFactory(members=[writer])}):
        with pytest.raises(PermissionDenied):
            services.update_article(writer, article, changes)
    article.reviewers = GroupFactory(members=[reviewer])
    article.save()

    services.update_article(reviewer, article, {"owner": writer})

    article.refresh_from_db()
    assert article.owner == writer


def test_the_owner_is_one_of_the_active_staff():
    admin = AdminFactory()
    article = make_article(admin)
    for owner in (AgentFactory(is_active=False), PersonFactory()):
        with pytest.raises(ValidationError):
            services.update_article(admin, article, {"owner": owner})
        with pytest.raises(ValidationError):
            services.create_article(admin, key="other", language="en", title="Other", owner=owner)
    article.refresh_from_db()
    assert article.owner == admin
    assert Article.objects.count() == 1


def test_an_agent_names_only_what_concerns_organisations_they_serve_and_the_rest_stays():
    served, other = OrganisationFactory(), OrganisationFactory()
    agent = AgentFactory(serves=[served])
    others_service = ServiceFactory(organisation=other)
    article = make_article(
        AdminFactory(),
        visibility=Article.Visibility.CHOSEN,
        organisations=[served, other],
        services=[others_service],
    )

    for changes in ({"organisations": [other]}, {"services": [ServiceFactory(organisation=other)]}):
        with pytest.raises(ValidationError):
            services.update_article(agent, article, changes)
    assert article.events.filter(action=Action.DETAILS_CHANGED).count() == 0

    own_service = ServiceFactory(organisation=served)
    services.update_article(agent, article, {"organisations": [], "services": [own_service]})

    assert list(article.organisations.all()) == [other]
    assert set(article.services.all()) == {own_service, others_service}
    assert article.events.filter(action=Action.DETAILS_CHANGED).count() == 1


def test_an_agent_is_shown_only_what_concerns_organisations_they_serve():
    served, other = OrganisationFactory(), OrganisationFactory()
    own_service, others_service = ServiceFactory(organisation=served), ServiceFactory(organisation=other)
    article = make_article(
        AdminFactory(), organisations=[served, other], services=[own_service, others_service]
    )

    agent = AgentFactory(serves=[served])
    assert selectors.visible_related(agent, article, "organisations") == [served]
    assert selectors.visible_related(agent, article, "services") == [own_service]
    assert len(selectors.visible_related(AdminFactory(), article, "organisations")) == 2


def test_a_translation_says_which_source_version_it_matches():
    admin = AdminFactory()
    article = make_article(admin)
    services.save_variant(admin, article, language="en", title="VPN", body="v2")

    old = services.save_variant(
        admin, article, language="fi", title="VPN", body="", translated_from_version=1
    )
    assert (old.translated_from_version, old.is_stale) == (1, True)
    current = services.save_variant(
        admin, article, language="fi", title="VPN", body="v2", translated_from_version=2
    )
    assert (current.translated_from_version, current.is_stale) == (2, False)
    for language, version in (("fi", 3), ("he", 0), ("en", 1)):
        with pytest.raises(ValidationError):
            services.save_variant(
                admin, article, language=language, title="x", body="y", translated_from_version=version
            )
    assert sorted(article.variants.values_list("language", "version")) == [("en", 2), ("fi", 2)]
