"""Writing articles: creating them, saving variants (every version kept, translations flagged
stale when their source changes), the review lifecycle, restoring an old version, the images
articles show, and readers' views and feedback."""

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
from .selectors import concerning_organisation, variant_for_language, visible_articles

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
    with transaction.atomic():
        owner = fields.pop("owner", actor)
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


# What `update_article` changes: everything about an article but its key, source language, state
# (the lifecycle's) and text (its variants').
DETAILS = (
    "kind",
    "tags",
    "owner",
    "reviewers",
    "review_date",
    "visibility",
    "organisation",
    "replaces",
)


def update_article(
    actor, article: Article, *, organisations=(), categories=(), services=(), **fields
) -> Article:
    """Change the article's details (DETAILS, and its chosen organisations, categories and related
    services), all or nothing; recorded in its history when anything changed."""
    unknown = set(fields) - set(DETAILS)
    if unknown:
        raise TypeError(f"update_article does not change {sorted(unknown)}")
    _require_write(actor, article)
    _check_what_it_names(actor, fields, organisations, services)
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        before = _details(article)
        for name, value in fields.items():
            setattr(article, name, value)
        article.full_clean()
        article.save()
        article.organisations.set(organisations)
        article.categories.set(categories)
        article.services.set(services)
        if _details(article) != before:
            record(actor, article, Action.DETAILS_CHANGED)
    return article


def _details(article: Article) -> tuple:
    return (
        *(getattr(article, article._meta.get_field(name).attname) for name in DETAILS),
        sorted(article.organisations.values_list("pk", flat=True)),
        sorted(article.categories.values_list("pk", flat=True)),
        sorted(article.services.values_list("pk", flat=True)),
    )


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


def save_variant(actor, article: Article, *, language: str, title: str, body: str) -> ArticleVariant:
    """Save the article's text in `language` as a new version (nothing when the text is unchanged).

    A new version of the source-language variant leaves the other variants stale until they are
    saved again or confirmed; saving a translation marks it as matching the source's version."""
    _require_write(actor, article)
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        if write_text(actor, article, language, title, body):
            record(actor, article, Action.VARIANT_SAVED, article.variants.get(language=language))
    return article.variants.get(language=language)


def write_text(actor, article: Article, language: str, title: str, body: str) -> bool:
    """Save a variant's text as its new version; False when it is unchanged. Checks no
    permission and takes no lock: for services (and the import) that already have both."""
    variant = article.variants.filter(language=language).first()
    if variant is None:
        _new_variant(actor, article, language, title, body)
    elif (variant.title, variant.body) != (title, body):
        _write_version(actor, article, variant, title, body)
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


def _new_variant(actor, article: Article, language: str, title: str, body: str) -> ArticleVariant:
    source_version = None
    if language != article.source_language:
        source = article.variants.filter(language=article.source_language).first()
        if source is None:
            raise ValidationError({"language": _("Write the article in its source language first.")})
        source_version = source.version
    variant = ArticleVariant(
        article=article, language=language, title=title, body=body, translated_from_version=source_version
    )
    variant.full_clean()
    variant.save()
    ArticleVersion.objects.create(variant=variant, number=1, title=title, body=body, author=actor)
    index_variant(variant)
    return variant


def _write_version(actor, article: Article, variant: ArticleVariant, title: str, body: str) -> None:
    variant.title, variant.body, variant.version = title, body, variant.version + 1
    if variant.language == article.source_language:
        article.variants.exclude(pk=variant.pk).filter(translated_from_version__lt=variant.version).update(
            is_stale=True
        )
    else:
        variant.translated_from_version, variant.is_stale = _source(article).version, False
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
