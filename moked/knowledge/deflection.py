"""Recording deflection: what happened after the portal's new-request form suggested articles.

Each filling-in of the form carries a token (a UUID the page holds). The first time the form is
shown articles, an attempt is made for that token, the person and their organisation; then each
step is recorded with its time: the articles shown (once per article), an article opened from a
suggestion, and the outcome: solved by an article (no request made), sent anyway, or abandoned
(told by the page as it is left unsent, else settled by `sweep_abandoned`, run hourly by the
worker, since a browser does not always tell).

The token comes from the browser, so it is untrusted: an attempt is only ever found by its token
together with the person it belongs to, and a token of someone else's attempt records nothing.
"""

import uuid
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moked.people.permissions import require

from .models import Article, DeflectionAttempt, DeflectionStep

Step = DeflectionStep.Step
Outcome = DeflectionAttempt.Outcome

# An attempt whose last step is this old, with no outcome, was abandoned.
ABANDONED_AFTER = timedelta(hours=4)
# The most articles one showing of suggestions records.
MOST_SHOWN = 10


def new_token() -> str:
    """A fresh token for one filling-in of the new-request form."""
    return str(uuid.uuid4())


def parse_token(token) -> uuid.UUID:
    """The token as a UUID; a clear refusal for anything else."""
    try:
        return uuid.UUID(str(token))
    except ValueError:
        raise ValidationError(_("This request form has expired: open a new one.")) from None


def _require_client(person) -> None:
    if not (person.is_active and person.is_client and person.organisation_id):
        raise PermissionDenied(_("Only the clients' people fill in the request form."))


def _own_attempt(person, token, *, lock: bool = False) -> DeflectionAttempt | None:
    """The person's attempt with this token, or None when there is none; another person's
    attempt is refused (changes nothing)."""
    attempts = DeflectionAttempt.objects.select_for_update() if lock else DeflectionAttempt.objects
    attempt = attempts.filter(token=parse_token(token)).first()
    if attempt is not None and (
        attempt.person_id != person.pk or attempt.organisation_id != person.organisation_id
    ):
        raise PermissionDenied(_("This request form is not yours."))
    return attempt


def _readable(person, article: Article) -> None:
    require(person, "knowledge.read", article, message=_("You may only open articles you may read."))


def _step(attempt: DeflectionAttempt, step: str, article: Article | None, at: datetime) -> None:
    DeflectionStep.objects.create(attempt=attempt, step=step, article=article, at=at)
    attempt.last_step_at = at


def record_shown(person, token, articles) -> DeflectionAttempt | None:
    """The form showed these articles (the person may read each); the first showing makes the
    attempt. An article already shown in this attempt is not counted again, and nothing is
    recorded once the request is sent or solved. None when no article was shown."""
    _require_client(person)
    articles = list(articles)[:MOST_SHOWN]
    for article in articles:
        _readable(person, article)
    if not articles:
        return None
    now = timezone.now()
    with transaction.atomic():
        attempt = _own_attempt(person, token, lock=True)
        if attempt is None:
            attempt = DeflectionAttempt.objects.create(
                token=parse_token(token),
                person=person,
                organisation_id=person.organisation_id,
                started_at=now,
                last_step_at=now,
            )
        if attempt.outcome in (Outcome.SOLVED, Outcome.SENT):
            return attempt
        already = set(attempt.steps.filter(step=Step.SHOWN).values_list("article_id", flat=True))
        new = [article for article in articles if article.pk not in already]
        for article in new:
            _step(attempt, Step.SHOWN, article, now)
        if new:
            attempt.save(update_fields=["last_step_at"])
    return attempt


def _existing_attempt(person, token, article: Article) -> DeflectionAttempt:
    """The person's attempt with this token, locked, for a step about an article they may read
    (inside a transaction); refused when there is none."""
    _require_client(person)
    _readable(person, article)
    attempt = _own_attempt(person, token, lock=True)
    if attempt is None:
        raise ValidationError(_("This request form has expired: open a new one."))
    return attempt


def record_opened(person, token, article: Article) -> DeflectionAttempt:
    """The person opened an article from a suggestion of their attempt."""
    with transaction.atomic():
        attempt = _existing_attempt(person, token, article)
        _step(attempt, Step.OPENED, article, timezone.now())
        attempt.save(update_fields=["last_step_at"])
    return attempt


def record_solved(person, token, article: Article) -> DeflectionAttempt:
    """The article solved the person's problem: the attempt ends with no request made. An
    attempt already sent stays sent (a request exists); one swept as abandoned is solved after
    all."""
    with transaction.atomic():
        attempt = _existing_attempt(person, token, article)
        if attempt.outcome == Outcome.SENT:
            raise ValidationError(_("This request was already sent."))
        if attempt.outcome != Outcome.SOLVED:
            now = timezone.now()
            _step(attempt, Step.SOLVED, article, now)
            attempt.outcome, attempt.ended_at, attempt.article = Outcome.SOLVED, now, article
            attempt.save(update_fields=["outcome", "ended_at", "article", "last_step_at"])
    return attempt


def record_sent(person, token, ticket) -> DeflectionAttempt | None:
    """The person sent the request anyway. Whatever the attempt's outcome was, a request now
    exists, so it is sent. None (nothing recorded) when the form was never shown articles, or its
    token is not one of the person's attempts: the request itself is made either way."""
    _require_client(person)
    try:
        with transaction.atomic():
            attempt = _own_attempt(person, token, lock=True)
            if attempt is None or attempt.outcome == Outcome.SENT:
                return attempt
            now = timezone.now()
            _step(attempt, Step.SENT, None, now)
            attempt.outcome, attempt.ended_at, attempt.ticket = Outcome.SENT, now, ticket
            attempt.save(update_fields=["outcome", "ended_at", "ticket", "last_step_at"])
    except (ValidationError, PermissionDenied):
        return None
    return attempt


def record_left(person, token) -> DeflectionAttempt | None:
    """The person left the form unsent (the page's beacon): an attempt with no outcome is
    abandoned now rather than at the sweep. None (nothing recorded) when the form was never shown
    articles. Sending or solving it later still counts."""
    _require_client(person)
    with transaction.atomic():
        attempt = _own_attempt(person, token, lock=True)
        if attempt is None or attempt.outcome:
            return attempt
        _abandon(attempt, timezone.now())
    return attempt


def _abandon(attempt: DeflectionAttempt, now: datetime) -> None:
    _step(attempt, Step.ABANDONED, None, now)
    attempt.outcome, attempt.ended_at = Outcome.ABANDONED, now
    attempt.save(update_fields=["outcome", "ended_at", "last_step_at"])


def sweep_abandoned(now: datetime | None = None) -> int:
    """Settle as abandoned every attempt with no outcome whose last step is older than
    ABANDONED_AFTER. Returns how many."""
    now = now or timezone.now()
    settled = 0
    stale = DeflectionAttempt.objects.filter(outcome="", last_step_at__lt=now - ABANDONED_AFTER)
    for pk in stale.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            attempt = DeflectionAttempt.objects.select_for_update().get(pk=pk)
            if attempt.outcome or attempt.last_step_at >= now - ABANDONED_AFTER:
                continue  # settled or resumed meanwhile
            _abandon(attempt, now)
            settled += 1
    return settled
