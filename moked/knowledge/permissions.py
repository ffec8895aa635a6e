"""Who may write, publish and import articles, as `rules` predicates (see people.permissions)."""

import rules

from moked.people.permissions import is_active_admin, is_active_staff

from .selectors import visible_articles


@rules.predicate
def can_see_article(person, article) -> bool:
    """`None` (an article not yet made) passes: the service checks the organisations it names."""
    return article is None or visible_articles(person).filter(pk=article.pk).exists()


@rules.predicate
def owns_article(person, article) -> bool:
    return article is not None and article.owner_id == person.pk


@rules.predicate
def reviews_article(person, article) -> bool:
    return (
        article is not None
        and article.reviewers_id is not None
        and article.reviewers.members.filter(pk=person.pk).exists()
    )


# Writing: the provider's staff, on articles they may see.
rules.add_perm("knowledge.write", is_active_staff & can_see_article)
# Publishing and retiring: admins, or the article's owner or a member of its reviewers.
rules.add_perm(
    "knowledge.publish",
    is_active_admin | (is_active_staff & can_see_article & (owns_article | reviews_article)),
)
rules.add_perm("knowledge.import", is_active_admin)
# Reading (and so giving feedback): whoever may see the article.
rules.add_perm("knowledge.read", can_see_article)
# Closing a reader's follow-up: whoever may publish the article.
rules.add_perm(
    "knowledge.close_follow_up",
    is_active_admin | (is_active_staff & can_see_article & (owns_article | reviews_article)),
)
# Linking an article to a ticket (and so offering it in a reply): the staff who may read it.
rules.add_perm("knowledge.link", is_active_staff & can_see_article)
# An article's versions and history: the provider's staff who may see it (readers see its text).
rules.add_perm("knowledge.read_history", is_active_staff & can_see_article)
