"""SLA figures of an organisation for a month: what a provider shows a client at the service review.

A target is *met* by a clock that stopped within it in the month, and *breached* by a clock whose
breach fell in the month (stopped or not). Months are the organisation's local calendar months.
Times are business minutes on each clock's calendar.
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from .models import ClockKind, SlaClock


@dataclass(frozen=True)
class TargetFigures:
    kind: str
    met: int
    breached: int
    compliance_percent: float | None  # None when nothing was decided in the month
    mean_minutes: float | None
    p90_minutes: float | None


def month_bounds(year: int, month: int, timezone: str) -> tuple[datetime, datetime]:
    zone = ZoneInfo(timezone)
    start = datetime.combine(date(year, month, 1), time.min, tzinfo=zone)
    following = date(year + month // 12, month % 12 + 1, 1)
    return start, datetime.combine(following, time.min, tzinfo=zone)


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (0 < share <= 1) of `values`."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def monthly_figures(organisation, year: int, month: int) -> list[TargetFigures]:
    """Met, breached, compliance, and the mean and 90th percentile of business minutes to the
    response or resolution, for each kind of target of `organisation` in the month."""
    start, end = month_bounds(year, month, organisation.timezone)
    clocks = SlaClock.objects.filter(ticket__organisation=organisation)
    figures = []
    for kind in ClockKind.values:
        of_kind = clocks.filter(kind=kind)
        stopped = of_kind.filter(stopped_at__gte=start, stopped_at__lt=end)
        met = stopped.filter(breached_at__isnull=True).count()
        breached = of_kind.filter(breached_at__gte=start, breached_at__lt=end).count()
        minutes = list(stopped.values_list("elapsed_minutes", flat=True))
        decided = met + breached
        figures.append(
            TargetFigures(
                kind=kind,
                met=met,
                breached=breached,
                compliance_percent=round(100 * met / decided, 1) if decided else None,
                mean_minutes=round(sum(minutes) / len(minutes), 1) if minutes else None,
                p90_minutes=round(percentile(minutes, 0.9), 1) if minutes else None,
            )
        )
    return figures
