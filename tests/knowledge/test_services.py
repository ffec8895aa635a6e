import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from moked.knowledge import services
from moked.knowledge.models import Article, ArticleEvent, ArticleVariant, ArticleVersion
from tests.factories import AdminFactory, AgentFactory, GroupFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def make_article(actor, **fields):
    defaults = {"key": "reset-password", "language": "en", "title": "Reset your password", "body": "v1"}
    return services.create_article(actor, **{**defaults, **fields})


def test_creating_an_article_keeps_its_first_version_and_records_it():
    admin = AdminFactory()
    article = make_article(admin)

    variant = article.variants.get()
    assert (article.state, article.source_language, article.owner) == (Article.State.DRAFT, "en", admin)
    assert (variant.version, variant.translated_from_version, variant.is_stale) == (1, None, False)
    assert list(variant.versions.values_list("number", "body", "author")) == [(1, "v1", admin.pk)]
    assert list(article.events.values_list("action", flat=True)) == [ArticleEvent.Action.CREATED]


def test_every_saved_version_is_kept_and_an_unchanged_text_makes_none():
    admin = AdminFactory()
    article = make_article(admin)

    services.save_variant(admin, article, language="en", title="Reset your password", body="v2")
    services.save_variant(admin, article, language="en", title="Reset your password", body="v2")

    variant = article.variants.get()
    assert variant.version == 2
    assert list(variant.versions.values_list("number", "body")) == [(1, "v1"), (2, "v2")]
    assert article.events.filter(action=ArticleEvent.Action.VARIANT_SAVED).count() == 1


def test_a_new_source_version_makes_translations_stale_until_updated_or_confirmed():
    admin = AdminFactory()
    article = make_article(admin)
    finnish = services.save_variant(admin, article, language="fi", title="Vaihda salasana", body="fi1")
    hebrew = services.save_variant(admin, article, language="he", title="איפוס סיסמה", body="he1")
    assert (finnish.translated_from_version, finnish.is_stale) == (1, False)

    services.save_variant(admin, article, language="en", title="Reset your password", body="v2")
    finnish.refresh_from_db()
    hebrew.refresh_from_db()
    assert finnish.is_stale and hebrew.is_stale

    services.save_variant(admin, article, language="fi", title="Vaihda salasana", body="fi2")
    services.confirm_variant(admin, hebrew)
    finnish.refresh_from_db()
    hebrew.refresh_from_db()
    assert (finnish.translated_from_version, finnish.is_stale, finnish.version) == (2, False, 2)
    assert (hebrew.translated_from_version, hebrew.is_stale, hebrew.version) == (2, False, 1)
    assert article.events.filter(action=ArticleEvent.Action.VARIANT_CONFIRMED, language="he").exists()


def test_restoring_a_version_saves_its_text_as_a_new_version():
    admin = AdminFactory()
    article = make_article(admin)
    services.save_variant(admin, article, language="en", title="Changed", body="v2")
    first = ArticleVersion.objects.get(variant__article=article, number=1)

    variant = services.restore_version(admin, first)

    assert (variant.version, variant.title, variant.body) == (3, "Reset your password", "v1")
    assert variant.versions.count() == 3
    assert article.events.filter(action=ArticleEvent.Action.VERSION_RESTORED, version=3).exists()


def test_a_translation_needs_the_source_and_the_source_cannot_be_confirmed():
    admin = AdminFactory()
    article = make_article(admin)
    with pytest.raises(ValidationError):
        services.confirm_variant(admin, article.variants.get())


def test_the_lifecycle_runs_draft_review_published_retired():
    admin = AdminFactory()
    article = make_article(admin)

    services.submit_for_review(admin, article)
    services.publish(admin, article)
    services.retire(admin, article)

    article.refresh_from_db()
    assert article.state == Article.State.RETIRED
    assert list(article.events.values_list("action", flat=True)) == [
        ArticleEvent.Action.CREATED,
        ArticleEvent.Action.SUBMITTED,
        ArticleEvent.Action.PUBLISHED,
        ArticleEvent.Action.RETIRED,
    ]


@pytest.mark.parametrize("step", [services.publish, services.retire])
def test_a_step_not_open_from_the_state_is_refused_and_changes_nothing(step):
    admin = AdminFactory()
    article = make_article(admin)

    with pytest.raises(ValidationError):
        step(admin, article)

    article.refresh_from_db()
    assert article.state == Article.State.DRAFT
    assert article.events.count() == 1


def test_reviewers_and_the_owner_publish_other_agents_may_not():
    owner, reviewer, other = AgentFactory(), AgentFactory(), AgentFactory()
    group = GroupFactory(members=[reviewer])
    article = make_article(owner, reviewers=group)
    services.submit_for_review(owner, article)

    with pytest.raises(PermissionDenied):
        services.publish(other, article)
    article.refresh_from_db()
    assert article.state == Article.State.IN_REVIEW
    assert article.events.count() == 2

    services.publish(reviewer, article)
    services.retire(owner, article)
    article.refresh_from_db()
    assert article.state == Article.State.RETIRED


def test_client_people_write_nothing():
    end_user = PersonFactory()
    with pytest.raises(PermissionDenied):
        make_article(end_user)
    assert not Article.objects.exists()

    article = make_article(AdminFactory(), visibility=Article.Visibility.ALL_CLIENTS)
    with pytest.raises(PermissionDenied):
        services.save_variant(end_user, article, language="en", title="Hacked", body="")
    assert ArticleVariant.objects.get().title == "Reset your password"


def test_an_agent_writes_only_for_organisations_they_serve():
    served, other = OrganisationFactory(), OrganisationFactory()
    agent = AgentFactory(serves=[served])

    with pytest.raises(ValidationError):
        make_article(agent, organisation=other)
    assert not Article.objects.exists()

    article = make_article(agent, key="vpn", organisation=served)
    assert article.organisation == served

    foreign = make_article(AdminFactory(), key="foreign-vpn", organisation=other)
    with pytest.raises(PermissionDenied):
        services.save_variant(agent, foreign, language="en", title="Changed", body="")


def test_only_an_organisations_own_article_replaces_a_general_one():
    admin = AdminFactory()
    general = make_article(admin, key="vpn")
    with pytest.raises(ValidationError):
        make_article(admin, key="vpn-copy", replaces=general)
    assert Article.objects.count() == 1


def test_versions_and_history_are_read_by_staff_who_see_the_article_only():
    from moked.knowledge import selectors

    served, other = OrganisationFactory(), OrganisationFactory()
    article = make_article(AdminFactory(), organisation=served)
    services.save_variant(AdminFactory(), article, language="en", title="Changed", body="v2")
    variant = article.variants.get()

    agent_of_served = AgentFactory(serves=[served])
    assert selectors.variant_versions(agent_of_served, variant).count() == 2
    assert selectors.article_history(agent_of_served, article).count() == 2
    for outsider in (AgentFactory(serves=[other]), PersonFactory(organisation=served)):
        assert not selectors.variant_versions(outsider, variant).exists()
        assert not selectors.article_history(outsider, article).exists()
        assert not selectors.visible_variants(outsider, article).exists()


def test_updating_an_article_changes_only_its_details():
    admin = AdminFactory()
    article = make_article(admin)
    with pytest.raises(ValueError):
        services.update_article(admin, article, {"state": Article.State.PUBLISHED})
    with pytest.raises(ValueError):
        services.update_article(admin, article, {"source_language": "fi"})
    services.update_article(admin, article, {"kind": Article.Kind.FAQ, "tags": ["a"]})
    article.refresh_from_db()
    assert (article.kind, article.tags, article.state) == (Article.Kind.FAQ, ["a"], Article.State.DRAFT)


def test_an_agent_updates_no_article_for_an_organisation_they_do_not_serve():
    admin, alpha, bravo = AdminFactory(), OrganisationFactory(), OrganisationFactory()
    agent = AgentFactory(serves=[alpha])
    article = make_article(admin)
    with pytest.raises(ValidationError):
        services.update_article(agent, article, {"organisation": bravo})
    with pytest.raises(ValidationError):
        services.update_article(
            agent, article, {"visibility": Article.Visibility.CHOSEN, "organisations": [bravo]}
        )
    assert Article.objects.get(pk=article.pk).organisation is None
