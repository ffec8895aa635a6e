"""Time `classification.similar.similar_tickets` on a seeded database (bench/seed.py N): the
candidates' queries and the ranking, for a sample of the organisation's tickets.

    DATABASE_URL=... python bench/similar_tickets_bench.py [SAMPLE]

Prints one line of JSON: the median and 90th percentile milliseconds, the candidates ranked and
the tickets shown per call.
"""

import sys

# This folder goes last on the path: bench/email.py must not hide the standard library's email.
sys.path.append(sys.path.pop(0))

import json
import os
import statistics
import time

import django


def main(sample: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moked.settings")
    django.setup()
    from moked.classification import similar
    from moked.people.models import Person
    from moked.tickets.models import Ticket

    agent = Person.objects.get(username="bench-agent")
    count = Ticket.objects.count()
    step = max(1, count // sample)
    tickets = list(Ticket.objects.filter(id__in=range(1, count + 1, step))[:sample])
    timings, candidates, shown = [], [], []
    for ticket in tickets:
        started = time.perf_counter()
        found = similar.similar_tickets(agent, ticket)
        timings.append((time.perf_counter() - started) * 1000)
        pool = Ticket.objects.filter(organisation_id=ticket.organisation_id).exclude(pk=ticket.pk)
        candidates.append(len(similar.candidate_ids(pool, ticket)))
        shown.append(len(found))
    timings.sort()
    print(
        json.dumps(
            {
                "tickets": count,
                "calls": len(timings),
                "median_ms": round(statistics.median(timings), 1),
                "p90_ms": round(timings[int(len(timings) * 0.9)], 1),
                "candidates_median": statistics.median(candidates),
                "shown_mean": round(statistics.mean(shown), 2),
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
