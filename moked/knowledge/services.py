"""Writing articles: creating them and changing their details, saving variants (every version
kept, translations flagged stale when their source changes), the review lifecycle, restoring an
old version, the images articles show, and readers' views and feedback."""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from moked.people.access import served_organisation_ids
from moked.people.models import STAFF_ROLES
from moked.people.permissions import require
from moked.tickets.events import EventLog
from moked.tickets.models import Comment, EventChannel, EventKind, Ticket

from .image_types import HEAD_LENGTH, image_type
from .indexing import index_variant
from .models import (
    ARTICLES_FIELD,
    TRANSITIONS,
    Article,
    ArticleEvent,
    ArticleFeedback,
    ArticleImage,
    ArticleVariant,
    ArticleVersion,
    TicketArticle,
)
from .selectors import concerning_organisation, hidden_relations, variant_for_language, visible_articles

Action = ArticleEvent.Action


def _require_write(actor, article: Article | None = None) -> None:
    require(actor, "knowledge.write", article, message=_("Only the provider's staff write articles."))


def _require_publish(actor, article: Article) -> None:
    require(
        actor,
        "knowledge.publish",
        article,
        message=_("Only admins, the article's owner or its reviewers publish or retire it."),
    )


def _check_organisations_served(actor, organisations) -> None:
    served = served_organisation_ids(actor)
    if served is not None and any(o.pk not in served for o in organisations if o is not None):
        raise ValidationError(
            {"organisations": _("You may only write articles for organisations you serve.")}
        )


def _check_what_it_names(actor, fields, organisations, services) -> None:
    """The general article an article replaces must be one the actor may write; the
    organisations it names (its own, its chosen ones, its services') ones they serve."""
    replaces = fields.get("replaces")
    if replaces is not None:
        _require_write(actor, replaces)
    _check_organisations_served(
        actor, [fields.get("organisation"), *organisations, *(s.organisation for s in services)]
    )


def _check_owner(owner) -> None:
    if owner is not None and not (owner.is_active and owner.is_staff_member):
        raise ValidationError({"owner": _("An article's owner is one of the provider's active staff.")})


def _clean_tags(tags) -> list[str]:
    """Each tag once, without surrounding spaces, in the order given."""
    return list(dict.fromkeys(str(tag).strip() for tag in tags if str(tag).strip()))


def create_article(
    actor,
    *,
    key: str | None = None,
    language: str,
    title: str,
    body: str = "",
    organisations=(),
    categories=(),
    services=(),
    **fields,
) -> Article:
    """A draft article whose first variant, in `language`, is its source (publishing goes through
    review: `submit_for_review`, then `publish`). Without a `key`, one is made from the title."""
    _require_write(actor)
    _check_what_it_names(actor, fields, organisations, services)
    owner = fields.pop("owner", actor)
    _check_owner(owner)
    if "tags" in fields:
        fields["tags"] = _clean_tags(fields["tags"])
    with transaction.atomic():
        article = Article(
            key=key or _unused_key(title),
            source_language=language,
            owner=owner,
            state=Article.State.DRAFT,
            **fields,
        )
        article.full_clean()
        article.save()
        article.organisations.set(organisations)
        article.categories.set(categories)
        article.services.set(services)
        variant = _new_variant(actor, article, language, title, body)
        record(actor, article, Action.CREATED, variant)
    return article


# The details of an article that `update_article` changes (its key, source language, state and
# text have services of their own, or are fixed when it is made).
DETAILS = (
    "kind",
    "tags",
    "categories",
    "services",
    "owner",
    "reviewers",
    "review_date",
    "visibility",
    "organisations",
    "organisation",
    "replaces",
)
MANY = ("categories", "services", "organisations")


KEY_LENGTH = 80


def _unused_key(title: str) -> str:
    """A key no article has yet, read from the title (in its own script: keys may be Unicode)."""
    base = slugify(title, allow_unicode=True)[:KEY_LENGTH].strip("-_") or "article"
    taken = set(Article.objects.filter(key__startswith=base).values_list("key", flat=True))
    key, number = base, 1
    while key in taken:
        number += 1
        key = f"{base}-{number}"
    return key


def update_article(actor, article: Article, changes: dict) -> Article:
    """Change the article's `DETAILS` given in `changes` and record it (nothing when nothing
    differs). Whoever writes the article changes them, with two limits: changing its owner or
    reviewers takes the right to publish it (else a writer could make themselves its owner and
    publish), and an agent names only organisations they serve, and their services and
    categories, among the article's: those of other organisations, which the agent is not shown
    (selectors.visible_related), stay as they are."""
    unknown = set(changes) - set(DETAILS)
    if unknown:
        raise ValueError(f"Not an article detail: {', '.join(sorted(unknown))}")
    _require_write(actor, article)
    _check_what_it_names(actor, changes, (), ())
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        changes = dict(changes)
        if "tags" in changes:
            changes["tags"] = _clean_tags(changes["tags"])
        many = {name: set(changes.pop(name)) for name in MANY if name in changes}
        for name, values in many.items():
            if hidden_relations(actor, name, values):
                raise ValidationError({name: _("You may only write articles for organisations you serve.")})
            values |= hidden_relations(actor, name, getattr(article, name).all())
        single = [name for name, value in changes.items() if getattr(article, name) != value]
        many = {name: values for name, values in many.items() if values != set(getattr(article, name).all())}
        if not (single or many):
            return article
        if {"owner", "reviewers"} & set(single):
            _require_publish(actor, article)
        if "owner" in single:
            _check_owner(changes["owner"])
        for name in single:
            setattr(article, name, changes[name])
        article.full_clean()
        article.save()
        for name, values in many.items():
            getattr(article, name).set(values)
        record(actor, article, Action.DETAILS_CHANGED)
    return article


def save_variant(
    actor,
    article: Article,
    *,
    language: str,
    title: str,
    body: str,
    translated_from_version: int | None = None,
) -> ArticleVariant:
    """Save the article's text in `language` as a new version (nothing when the text is unchanged).

    A new version of the source-language variant leaves the other variants stale until they are
    saved again or confirmed. Saving a translation marks it as matching the source's current
    version, or `translated_from_version` when the translator says it matches an older one (it
    then stays stale)."""
    _require_write(actor, article)
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if write_text(actor, article, language, title, body, translated_from_version):
            record(actor, article, Action.VARIANT_SAVED, article.variants.get(language=language))
    return article.variants.get(language=language)


def write_text(
    actor, article: Article, language: str, title: str, body: str, translated_from: int | None = None
) -> bool:
    """Save a variant's text as its new version; False when it is unchanged. Checks no
    permission and takes no lock: for services (and the import) that already have both."""
    variant = article.variants.filter(language=language).first()
    if variant is None:
        _new_variant(actor, article, language, title, body, translated_from)
    elif (variant.title, variant.body) != (title, body):
        _write_version(actor, article, variant, title, body, translated_from)
    else:
        return False
    return True


def confirm_variant(actor, variant: ArticleVariant) -> ArticleVariant:
    """Mark a translation as current with the source's latest version, its text unchanged."""
    _require_write(actor, variant.article)
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=variant.article_id)
        variant = ArticleVariant.objects.get(pk=variant.pk)
        if variant.language == article.source_language:
            raise ValidationError({"language": _("The source variant is always current.")})
        variant.translated_from_version = _source(article).version
        variant.is_stale = False
        variant.save(update_fields=["translated_from_version", "is_stale"])
        record(actor, article, Action.VARIANT_CONFIRMED, variant)
    return variant


def restore_version(actor, version: ArticleVersion) -> ArticleVariant:
    """Save an old version's text as the variant's newest version (history is never rewritten)."""
    article = version.variant.article
    _require_write(actor, article)
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        variant = ArticleVariant.objects.get(pk=version.variant_id)
        _write_version(actor, article, variant, version.title, version.body)
        record(actor, article, Action.VERSION_RESTORED, variant)
    return variant


def submit_for_review(actor, article: Article) -> Article:
    _require_write(actor, article)
    return _move(actor, article, "submit", Action.SUBMITTED)


def publish(actor, article: Article) -> Article:
    _require_publish(actor, article)
    return _move(actor, article, "publish", Action.PUBLISHED)


def retire(actor, article: Article) -> Article:
    _require_publish(actor, article)
    return _move(actor, article, "retire", Action.RETIRED)


def _move(actor, article: Article, step: str, action: str) -> Article:
    sources, target = TRANSITIONS[step]
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if article.state not in sources:
            raise ValidationError(
                {
                    "state": _("This step is not open to an article in the state “%(state)s”.")
                    % {"state": article.get_state_display()}
                }
            )
        article.state = target
        article.save(update_fields=["state", "updated_at"])
        record(actor, article, action)
    return article


def _source(article: Article) -> ArticleVariant:
    return article.variants.get(language=article.source_language)


def _translated_from(article: Article, language: str, given: int | None) -> tuple[int | None, bool]:
    """The source version a variant in `language` matches, and whether that leaves it stale:
    the source's current version unless the translator `given` an older one."""
    if language == article.source_language:
        if given is not None:
            raise ValidationError(
                {"translated_from_version": _("The source-language variant is no translation.")}
            )
        return None, False
    source = article.variants.filter(language=article.source_language).first()
    if source is None:
        raise ValidationError({"language": _("Write the article in its source language first.")})
    if given is None:
        return source.version, False
    if not 1 <= given <= source.version:
        raise ValidationError(
            {
                "translated_from_version": _("The source has versions 1 to %(version)d.")
                % {"version": source.version}
            }
        )
    return given, given < source.version


def _new_variant(
    actor, article: Article, language: str, title: str, body: str, translated_from: int | None = None
) -> ArticleVariant:
    source_version, stale = _translated_from(article, language, translated_from)
    variant = ArticleVariant(
        article=article,
        language=language,
        title=title,
        body=body,
        translated_from_version=source_version,
        is_stale=stale,
    )
    variant.full_clean()
    variant.save()
    ArticleVersion.objects.create(variant=variant, number=1, title=title, body=body, author=actor)
    index_variant(variant)
    return variant


def _write_version(
    actor,
    article: Article,
    variant: ArticleVariant,
    title: str,
    body: str,
    translated_from: int | None = None,
) -> None:
    source_version, stale = _translated_from(article, variant.language, translated_from)
    variant.title, variant.body, variant.version = title, body, variant.version + 1
    if variant.language == article.source_language:
        article.variants.exclude(pk=variant.pk).filter(translated_from_version__lt=variant.version).update(
            is_stale=True
        )
    else:
        variant.translated_from_version, variant.is_stale = source_version, stale
    variant.full_clean()
    variant.save()
    ArticleVersion.objects.create(
        variant=variant, number=variant.version, title=title, body=body, author=actor
    )
    index_variant(variant)


def record(actor, article: Article, action: str, variant: ArticleVariant | None = None) -> None:
    """Record one change to the article in its history."""
    ArticleEvent.objects.create(
        article=article,
        action=action,
        actor=actor,
        language=variant.language if variant else "",
        version=variant.version if variant else None,
    )


def record_view(person, article: Article) -> None:
    """Count one reading of the article; a person who may not see it counts nothing."""
    visible_articles(person).filter(pk=article.pk).update(view_count=F("view_count") + 1)


def give_feedback(person, article: Article, helpful: bool, comment: str = "") -> ArticleFeedback:
    """The person's verdict on an article they may see; it replaces their earlier one and, being
    new, reopens its follow-up."""
    require(
        person, "knowledge.read", article, message=_("You may only give feedback on articles you may read.")
    )
    with transaction.atomic():
        feedback = ArticleFeedback.objects.select_for_update().filter(article=article, person=person).first()
        if feedback is None:
            feedback = ArticleFeedback(article=article, person=person)
        feedback.helpful, feedback.comment = helpful, comment.strip()
        feedback.follow_up_closed_at, feedback.follow_up_closed_by = None, None
        feedback.full_clean(validate_constraints=False)
        feedback.save()
        record(person, article, Action.FEEDBACK_GIVEN)
    return feedback


def close_follow_up(actor, feedback: ArticleFeedback) -> ArticleFeedback:
    """Mark a reader's comment as dealt with (the feedback itself stays in the counts)."""
    article = feedback.article
    require(
        actor,
        "knowledge.close_follow_up",
        article,
        message=_("Only admins, the article's owner or its reviewers close its follow-ups."),
    )
    with transaction.atomic():
        feedback = ArticleFeedback.objects.select_for_update().get(pk=feedback.pk)
        if feedback.follow_up_closed_at is None:
            feedback.follow_up_closed_at, feedback.follow_up_closed_by = timezone.now(), actor
            feedback.save(update_fields=["follow_up_closed_at", "follow_up_closed_by"])
            record(actor, article, Action.FOLLOW_UP_CLOSED)
    return feedback


def link_to_ticket(
    actor, ticket: Ticket, article: Article, *, channel: str = EventChannel.API
) -> TicketArticle:
    """Record that `article` helped with `ticket` (staff who work the ticket and see the article,
    an article that concerns the ticket's organisation). Linking again changes nothing; a new link
    is on the ticket's timeline."""
    _check_ticket_and_article(actor, ticket, article)
    with transaction.atomic():
        link, created = TicketArticle.objects.get_or_create(
            ticket=ticket, article=article, defaults={"linked_by": actor}
        )
        if created:
            _log_on_ticket(actor, ticket, article, EventKind.ARTICLE_LINKED, channel, new=True)
    return link


def unlink_from_ticket(actor, ticket: Ticket, article: Article, *, channel: str = EventChannel.API) -> None:
    """Remove the article's link to the ticket (nothing when there is none)."""
    _check_ticket_and_article(actor, ticket, article)
    with transaction.atomic():
        deleted, _counts = TicketArticle.objects.filter(ticket=ticket, article=article).delete()
        if deleted:
            _log_on_ticket(actor, ticket, article, EventKind.ARTICLE_UNLINKED, channel, new=False)


def _check_ticket_and_article(actor, ticket: Ticket, article: Article) -> None:
    require(actor, "tickets.work_ticket", ticket, message=_("You may not do this to this ticket."))
    require(actor, "knowledge.link", article, message=_("You may only link articles you may read."))
    if not Article.objects.filter(concerning_organisation(ticket.organisation_id), pk=article.pk).exists():
        raise ValidationError({"article": _("This article does not concern the ticket's organisation.")})


def _log_on_ticket(actor, ticket: Ticket, article: Article, kind: str, channel: str, *, new: bool) -> None:
    variant = variant_for_language(article, ticket.requester.preferred_language)
    label = (variant.title if variant else article.key)[:300]
    side = "new" if new else "old"
    value = {f"{side}_value": str(article.pk), f"{side}_label": label}
    log = EventLog(ticket, actor, channel, timezone.now())
    log.add(kind, is_public=False, field=ARTICLES_FIELD, data={"article": article.pk}, **value)
    log.save()


def create_article_from_ticket(actor, ticket: Ticket, *, channel: str = EventChannel.API) -> Article:
    """A draft troubleshooting article written from a ticket: its subject as the title, its
    description as the problem and its resolution note (else the desk's last public reply) as the
    resolution, in the requester's language, linked to the ticket.

    It is the ticket's organisation's own article, so nothing of one client's ticket reaches
    another client until an editor makes it general."""
    require(actor, "tickets.work_ticket", ticket, message=_("You may not do this to this ticket."))
    language = ticket.requester.preferred_language
    with translation.override(language):
        body = render_to_string(
            "knowledge/from_ticket.md",
            {"problem": ticket.description.strip(), "resolution": _resolution_of(ticket)},
        ).strip()
    with transaction.atomic():
        article = create_article(
            actor,
            language=language,
            title=ticket.subject[:300],
            body=body,
            kind=Article.Kind.TROUBLESHOOTING,
            organisation=ticket.organisation,
        )
        link_to_ticket(actor, ticket, article, channel=channel)
    return article


def _resolution_of(ticket: Ticket) -> str:
    if ticket.resolution_text.strip():
        return ticket.resolution_text.strip()
    reply = (
        Comment.objects.filter(ticket=ticket, is_public=True, author__role__in=STAFF_ROLES)
        .order_by("-created_at", "-pk")
        .first()
    )
    return reply.body.strip() if reply else ""


IMAGE_NAME_LENGTH = ArticleImage._meta.get_field("name").max_length


def add_image(actor, article: Article, upload) -> ArticleImage:
    """Keep an uploaded image with the article, for its variants to show. The file must be a PNG,
    JPEG, GIF or WebP image by its content (whatever its name says) of at most
    MOKED_ARTICLE_IMAGE_MAX_BYTES; anything else is refused and nothing is kept."""
    _require_write(actor, article)
    limit = settings.MOKED_ARTICLE_IMAGE_MAX_BYTES
    if not upload.size:
        raise ValidationError({"image": _("The file is empty.")})
    if upload.size > limit:
        raise ValidationError(
            {
                "image": _("The image is %(size)s; images may be at most %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            }
        )
    upload.seek(0)
    content_type = image_type(upload.read(HEAD_LENGTH))
    upload.seek(0)
    if content_type is None:
        raise ValidationError({"image": _("This file is not a PNG, JPEG, GIF or WebP image.")})
    name = PurePath(upload.name or "").name[-IMAGE_NAME_LENGTH:] or "image"
    with transaction.atomic():
        image = ArticleImage(
            article=article, name=name, content_type=content_type, size=upload.size, uploaded_by=actor
        )
        image.file.save(name, upload, save=False)
        image.save()
        record(actor, article, Action.IMAGE_ADDED)
    return image


def remove_image(actor, image: ArticleImage) -> None:
    """Remove an image from its article (recorded in the article's history) and, once that is
    committed, its file. A variant that still names it shows its description in its place."""
    article = image.article
    _require_write(actor, article)
    file = image.file
    with transaction.atomic():
        image.delete()
        record(actor, article, Action.IMAGE_REMOVED)
        # The file goes only with the row: a rolled-back removal keeps an image that still shows.
        transaction.on_commit(lambda: file.storage.delete(file.name))
