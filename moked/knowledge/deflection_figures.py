"""Measuring deflection: of the request forms that were shown articles in a period, how many
opened one, were solved by one (no request made), were sent anyway or abandoned, per
organisation and per article. Staff only, scoped to the organisations the person serves (and,
per article, to the articles they may see). An attempt counts in the period it started in.

The deflection rate is solved ÷ shown: the share of forms shown articles that ended with no
request."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from moked.people.access import served_organisation_ids
from moked.tenancy.models import Organisation

from .models import Article, DeflectionAttempt, DeflectionStep
from .selectors import visible_articles

Step = DeflectionStep.Step
Outcome = DeflectionAttempt.Outcome

DEFAULT_DAYS = 30
LONGEST_PERIOD = timedelta(days=3 * 366)
# The days a period may start and end on: wide enough for any real report, narrow enough that
# midnight of the day after the last one is still a datetime in every time zone.
FIRST_DAY = date(1970, 1, 1)
LAST_DAY = date(9998, 12, 31)


def default_period(today: date) -> tuple[date, date]:
    """The last DEFAULT_DAYS days, today included."""
    return today - timedelta(days=DEFAULT_DAYS - 1), today


def period_is_valid(first: date, last: date) -> bool:
    """Whether [first, last] (both days included) ends on or after its start, within three years,
    between FIRST_DAY and LAST_DAY."""
    return FIRST_DAY <= first <= last <= LAST_DAY and last - first <= LONGEST_PERIOD


def period_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[start, end) of the days first to last, midnight to midnight in the current time zone."""
    zone = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(first, time.min), zone)
    return start, timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), zone)


@dataclass(frozen=True)
class Figures:
    """One row of the figures: `subject` is the organisation or the article."""

    subject: object
    shown: int
    opened: int
    solved: int
    sent: int
    abandoned: int

    @property
    def rate(self) -> float | None:
        """Solved ÷ shown, None when nothing was shown."""
        return self.solved / self.shown if self.shown else None

    @property
    def percent(self) -> int | None:
        """The rate as a whole percentage, None when nothing was shown."""
        return None if self.rate is None else round(self.rate * 100)


def attempts_seen_by(person, start: datetime, end: datetime) -> QuerySet[DeflectionAttempt]:
    """The attempts started in [start, end) of the organisations the staff person serves."""
    if not (person.is_active and person.is_staff_member):
        return DeflectionAttempt.objects.none()
    attempts = DeflectionAttempt.objects.filter(started_at__gte=start, started_at__lt=end)
    served = served_organisation_ids(person)
    return attempts if served is None else attempts.filter(organisation_id__in=served)


def _sum(rows: list[Figures]) -> Figures:
    return Figures(
        None,
        *(
            sum(getattr(row, name) for row in rows)
            for name in ("shown", "opened", "solved", "sent", "abandoned")
        ),
    )


def by_organisation(person, start: datetime, end: datetime) -> tuple[list[Figures], Figures]:
    """Each organisation's figures (most shown first) and their total."""
    opened = DeflectionStep.objects.filter(attempt=OuterRef("pk"), step=Step.OPENED)
    counts = (
        attempts_seen_by(person, start, end)
        .annotate(was_opened=Exists(opened))
        .values("organisation_id")
        .annotate(
            shown=Count("pk"),
            opened=Count("pk", filter=Q(was_opened=True)),
            solved=Count("pk", filter=Q(outcome=Outcome.SOLVED)),
            sent=Count("pk", filter=Q(outcome=Outcome.SENT)),
            abandoned=Count("pk", filter=Q(outcome=Outcome.ABANDONED)),
        )
        .order_by()
    )
    rows = list(counts)
    names = Organisation.objects.in_bulk([row["organisation_id"] for row in rows])
    figures = [Figures(names[row.pop("organisation_id")], **row) for row in rows]
    figures.sort(key=lambda row: (-row.shown, str(row.subject)))
    return figures, _sum(figures)


def by_article(person, start: datetime, end: datetime) -> list[Figures]:
    """Each suggested article's figures (most shown first): the forms it was shown in, opened in,
    solved, and of the forms it was shown in, those sent anyway or abandoned."""
    steps = DeflectionStep.objects.filter(
        attempt__in=attempts_seen_by(person, start, end),
        article__in=visible_articles(person),
    )
    counts = (
        steps.values("article_id")
        .annotate(
            shown=Count("attempt", distinct=True, filter=Q(step=Step.SHOWN)),
            opened=Count("attempt", distinct=True, filter=Q(step=Step.OPENED)),
            solved=Count(
                "attempt", distinct=True, filter=Q(step=Step.SOLVED, attempt__outcome=Outcome.SOLVED)
            ),
            sent=Count("attempt", distinct=True, filter=Q(step=Step.SHOWN, attempt__outcome=Outcome.SENT)),
            abandoned=Count(
                "attempt", distinct=True, filter=Q(step=Step.SHOWN, attempt__outcome=Outcome.ABANDONED)
            ),
        )
        .order_by()
    )
    rows = list(counts)
    articles = Article.objects.in_bulk([row["article_id"] for row in rows])
    figures = [Figures(articles[row.pop("article_id")], **row) for row in rows]
    figures.sort(key=lambda row: (-row.shown, str(row.subject)))
    return figures
