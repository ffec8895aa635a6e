"""Throughput of the SLA business calendar: calls per second on one core.

Run: .venv/bin/python bench/sla_calendar.py

Builds the Israeli, Iranian and Finnish country calendars (public holidays included),
then times ``add_business_minutes`` and ``business_minutes_between`` over a deterministic
spread of start instants across 2024-2025 (every time of day and weekday, holidays and
clock changes included) with targets from 30 minutes to 5 business days. Each figure is
the median of 5 runs after one warm-up run, which builds the per-year tables; the cost of
that first use is reported separately.
"""

from __future__ import annotations

import sys

# This folder goes last on the path: bench/email.py must not hide the standard library's email.
sys.path.append(sys.path.pop(0))

import statistics
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

# Run from a checkout without relying on the package being installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from moked.businesstime.calendar import BusinessCalendar
from moked.businesstime.country_calendars import country_calendar

CALLS_PER_RUN = 20_000
RUNS = 5
SPREAD_START = datetime(2024, 1, 1, tzinfo=UTC)
SPREAD_LENGTH = timedelta(days=2 * 365)
# 30 minutes up to 5 business days (5 x 8 or 9 hours, depending on the country).
TARGET_MINUTES = (30, 60, 120, 240, 480, 960, 1440, 2400, 2700)
# Prime strides spread the cases over times of day and weekdays without a pattern.
SECOND_STRIDE = 7_919
SPAN_STRIDE_MINUTES = 613


def start_instants(count: int) -> list[datetime]:
    step = SPREAD_LENGTH / count
    return [
        SPREAD_START + step * index + timedelta(seconds=index * SECOND_STRIDE % 3_600)
        for index in range(count)
    ]


def add_cases(count: int) -> list[tuple[datetime, int]]:
    return [
        (start, TARGET_MINUTES[index % len(TARGET_MINUTES)])
        for index, start in enumerate(start_instants(count))
    ]


def between_cases(count: int) -> list[tuple[datetime, datetime]]:
    # Spans of up to 10 calendar days.
    return [
        (start, start + timedelta(minutes=index * SPAN_STRIDE_MINUTES % (10 * 24 * 60)))
        for index, start in enumerate(start_instants(count))
    ]


def calls_per_second(run, cases) -> float:
    """Median calls per second of *run* over *cases*, after one warm-up run."""
    run(cases)
    rates = []
    for _ in range(RUNS):
        began = time.perf_counter()
        run(cases)
        rates.append(len(cases) / (time.perf_counter() - began))
    return statistics.median(rates)


def run_add(calendar: BusinessCalendar):
    add = calendar.add_business_minutes

    def run(cases):
        for start, minutes in cases:
            add(start, minutes)

    return run


def run_between(calendar: BusinessCalendar):
    between = calendar.business_minutes_between

    def run(cases):
        for start, end in cases:
            between(start, end)

    return run


def first_use_milliseconds(country: str) -> float:
    """Time to build a fresh calendar and answer its first query in a new year."""
    began = time.perf_counter()
    country_calendar(country).add_business_minutes(SPREAD_START, 30)
    return (time.perf_counter() - began) * 1000


def main() -> None:
    adds = add_cases(CALLS_PER_RUN)
    betweens = between_cases(CALLS_PER_RUN)
    print(f"Python {sys.version.split()[0]}; {CALLS_PER_RUN} calls per run, median of {RUNS} runs")
    print(f"{'calendar':<22} {'add_business_minutes':>22} {'business_minutes_between':>26} {'first use':>11}")
    for country, label in (("IL", "Israel (IL)"), ("IR", "Iran (IR)"), ("FI", "Finland (FI)")):
        calendar = country_calendar(country)
        add_rate = calls_per_second(run_add(calendar), adds)
        between_rate = calls_per_second(run_between(calendar), betweens)
        cold = first_use_milliseconds(country)
        print(f"{label:<22} {add_rate:>16,.0f} /s {between_rate:>20,.0f} /s {cold:>8.1f} ms")


if __name__ == "__main__":
    main()
