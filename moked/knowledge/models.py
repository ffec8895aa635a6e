"""Articles, their language variants, every saved version, and the record of every change."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moked.catalog.models import Category, Service
from moked.people.models import Person, SupportGroup
from moked.tenancy.models import Organisation
from moked.tickets.models import Ticket

LANGUAGE_CHOICES = settings.LANGUAGES


class Article(models.Model):
    """One piece of knowledge; its text lives in one variant per language."""

    class Kind(models.TextChoices):
        HOW_TO = "how_to", _("How-to")
        FAQ = "faq", _("FAQ")
        TROUBLESHOOTING = "troubleshooting", _("Troubleshooting")
        # A known error's variants hold its symptom, cause and workaround as sections of the body.
        KNOWN_ERROR = "known_error", _("Known error")

    class Visibility(models.TextChoices):
        INTERNAL = "internal", _("Internal (staff only)")
        ALL_CLIENTS = "all_clients", _("All clients")
        CHOSEN = "chosen", _("Chosen organisations")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    key = models.CharField(
        _("key"),
        max_length=100,
        unique=True,
        validators=[RegexValidator(r"^[\w.-]+\Z")],
        error_messages={"unique": _("An article with this key already exists.")},
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind, default=Kind.HOW_TO)
    source_language = models.CharField(
        _("source language"), max_length=8, choices=LANGUAGE_CHOICES, default="en"
    )
    categories = models.ManyToManyField(
        Category, blank=True, related_name="articles", verbose_name=_("categories")
    )
    tags = models.JSONField(_("tags"), default=list, blank=True)
    services = models.ManyToManyField(
        Service, blank=True, related_name="articles", verbose_name=_("related services")
    )
    owner = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_articles",
        verbose_name=_("owner"),
    )
    reviewers = models.ForeignKey(
        SupportGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_articles",
        verbose_name=_("reviewers"),
    )
    review_date = models.DateField(_("review date"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility, default=Visibility.ALL_CLIENTS
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="chosen_articles", verbose_name=_("chosen organisations")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_articles",
        verbose_name=_("organisation"),
        help_text=_("Empty: a general article. Set: this organisation's own article."),
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replacements",
        verbose_name=_("replaces"),
        help_text=_("The general article this organisation's users see this one instead of."),
    )
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.DRAFT)
    view_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key

    def clean(self):
        if self.replaces_id and (
            self.organisation_id is None or self.replaces_id == self.pk or self.replaces.organisation_id
        ):
            raise ValidationError(
                {"replaces": _("Only an organisation's own article replaces a general article.")}
            )


# Which state each lifecycle action leads from, and to.
TRANSITIONS = {
    "submit": ({Article.State.DRAFT}, Article.State.IN_REVIEW),
    "publish": ({Article.State.IN_REVIEW}, Article.State.PUBLISHED),
    "retire": ({Article.State.PUBLISHED}, Article.State.RETIRED),
}


class ArticleVariant(models.Model):
    """An article's text in one language; `version` counts its saved versions."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="variants", verbose_name=_("article")
    )
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    version = models.PositiveIntegerField(_("version"), default=1)
    translated_from_version = models.PositiveIntegerField(
        _("translated from version"),
        null=True,
        blank=True,
        help_text=_("The version of the source-language variant this translation matches."),
    )
    is_stale = models.BooleanField(_("stale"), default=False)

    class Meta:
        verbose_name = _("article variant")
        verbose_name_plural = _("article variants")
        ordering = ["article", "language"]
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="unique_variant_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.article.key} ({self.language})"


class ArticleVersion(models.Model):
    """One saved version of a variant, kept for reading, comparing and restoring."""

    variant = models.ForeignKey(
        ArticleVariant, on_delete=models.CASCADE, related_name="versions", verbose_name=_("variant")
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    author = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        ordering = ["variant", "number"]
        constraints = [
            models.UniqueConstraint(fields=["variant", "number"], name="unique_version_number_per_variant")
        ]

    def __str__(self) -> str:
        return f"{self.variant} v{self.number}"


class ArticleEvent(models.Model):
    """One change to an article: who made it, when, and what (the article's history)."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        VARIANT_SAVED = "variant_saved", _("Variant saved")
        VARIANT_CONFIRMED = "variant_confirmed", _("Translation confirmed current")
        VERSION_RESTORED = "version_restored", _("Version restored")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")
        IMPORTED = "imported", _("Imported")
        FEEDBACK_GIVEN = "feedback_given", _("Feedback given")
        FOLLOW_UP_CLOSED = "follow_up_closed", _("Follow-up closed")
        IMAGE_ADDED = "image_added", _("Image added")
        IMAGE_REMOVED = "image_removed", _("Image removed")
        DETAILS_CHANGED = "details_changed", _("Details changed")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="events", verbose_name=_("article")
    )
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGE_CHOICES, blank=True)
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=24, choices=Action)
    actor = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("article event")
        verbose_name_plural = _("article events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.article.key}: {self.action}"


class ArticleImage(models.Model):
    """An image of an article, kept in Django's storage and shown where a variant's Markdown
    names it (`![description](attachment:ID)`); served only to people who may see the article."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="images", verbose_name=_("article")
    )
    file = models.FileField(_("file"), upload_to="knowledge/%Y/%m/")
    name = models.CharField(_("name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=40)  # as read from the file's first bytes
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("article image")
        verbose_name_plural = _("article images")
        ordering = ["article", "pk"]

    def __str__(self) -> str:
        return f"{self.article.key}: {self.name}"

    @property
    def reference(self) -> str:
        """What a variant's Markdown writes to show the image."""
        return f"attachment:{self.pk}"


FEEDBACK_COMMENT_MAX_LENGTH = 2000


class ArticleFeedback(models.Model):
    """One reader's verdict on an article (a second verdict replaces the first). A not-helpful
    verdict with a comment is a follow-up for the article's owner until someone closes it."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("article")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="article_feedback", verbose_name=_("by")
    )
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(
        _("comment"),
        max_length=FEEDBACK_COMMENT_MAX_LENGTH,
        blank=True,
        # A TextField's max_length only sizes the form's widget; the validator enforces it.
        validators=[MaxLengthValidator(FEEDBACK_COMMENT_MAX_LENGTH)],
    )
    created_at = models.DateTimeField(_("at"), auto_now=True)
    follow_up_closed_at = models.DateTimeField(_("follow-up closed"), null=True, blank=True)
    follow_up_closed_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("follow-up closed by"),
    )

    class Meta:
        verbose_name = _("article feedback")
        verbose_name_plural = _("article feedback")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="unique_feedback_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.article.key}: {self.person_id} {self.helpful}"


# The field a ticket's timeline names the articles linked to it by (see KnowledgeConfig.ready).
ARTICLES_FIELD = "knowledge_articles"


class TicketArticle(models.Model):
    """An article linked to a ticket it helped with: who linked it and when (once per pair). The
    count of an article's links is how often it was used."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="article_links", verbose_name=_("ticket")
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="ticket_links", verbose_name=_("article")
    )
    linked_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("linked by"),
    )
    linked_at = models.DateTimeField(_("linked"), default=timezone.now)

    class Meta:
        verbose_name = _("article linked to a ticket")
        verbose_name_plural = _("articles linked to tickets")
        ordering = ["linked_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "article"], name="unique_article_per_ticket")
        ]

    def __str__(self) -> str:
        return f"{self.article.key} ↔ {self.ticket_id}"


class SearchDocument(models.Model):
    """A variant's text as the search index reads it (plain text, no Markdown), stamped with the
    generation of the change that wrote it, so that each process catches up on what changed."""

    variant = models.OneToOneField(
        ArticleVariant, on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    # The terms the index reads (textsimilarity.ranking.document_terms), space-separated and
    # repeated as often as they count: computed once here rather than by every process.
    terms = models.TextField(blank=True)
    generation = models.PositiveBigIntegerField(db_index=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self) -> str:
        return f"{self.article_id} ({self.language})"


class SearchIndexState(models.Model):
    """One row: the generation of the latest change to the search documents (microseconds since
    the epoch, taken under this row's lock, so it grows in the order changes commit), the file of
    the current semantic model in Django's storage ("" when none was trained), and the index's
    `epoch`: renewed when search documents are deleted (which leaves no generation to catch up
    from) and new with a new row (an emptied or restored database), so that every process reads
    the whole index again."""

    generation = models.PositiveBigIntegerField(default=0)
    epoch = models.UUIDField(default=uuid.uuid4)
    model_file = models.CharField(max_length=200, blank=True)
    model_trained_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("search index state")
        verbose_name_plural = _("search index state")

    def __str__(self) -> str:
        return f"generation {self.generation}"


class DeflectionAttempt(models.Model):
    """One filling-in of the portal's new-request form that was shown articles, from the first
    suggestion to its outcome: solved by an article (no request made), sent anyway, or abandoned
    (no outcome for some hours, settled by the periodic sweep). `token` is what the browser
    holds; it is only ever read together with the person it belongs to."""

    class Outcome(models.TextChoices):
        SOLVED = "solved", _("Solved by an article")
        SENT = "sent", _("Request sent anyway")
        ABANDONED = "abandoned", _("Request abandoned")

    token = models.UUIDField(_("token"), unique=True, editable=False)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="deflection_attempts", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="deflection_attempts",
        verbose_name=_("organisation"),
    )
    started_at = models.DateTimeField(_("started"), db_index=True)
    last_step_at = models.DateTimeField(_("last step"), db_index=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("solving article"),
    )
    ticket = models.ForeignKey(
        Ticket, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("request")
    )

    class Meta:
        verbose_name = _("deflection attempt")
        verbose_name_plural = _("deflection attempts")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.token} ({self.outcome or '-'})"


class DeflectionStep(models.Model):
    """One step of an attempt, with its time: articles shown (one step per article), an article
    opened, and the outcome."""

    class Step(models.TextChoices):
        SHOWN = "shown", _("Suggested")
        OPENED = "opened", _("Opened")
        SOLVED = "solved", _("Solved")
        SENT = "sent", _("Sent anyway")
        ABANDONED = "abandoned", _("Abandoned")

    attempt = models.ForeignKey(
        DeflectionAttempt, on_delete=models.CASCADE, related_name="steps", verbose_name=_("attempt")
    )
    step = models.CharField(_("step"), max_length=16, choices=Step)
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deflection_steps",
        verbose_name=_("article"),
    )
    at = models.DateTimeField(_("at"), db_index=True)

    class Meta:
        verbose_name = _("deflection step")
        verbose_name_plural = _("deflection steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.attempt_id}: {self.step}"
