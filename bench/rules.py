"""Rules engine benchmark: evaluating 200 rules against a new ticket, and the cost of rules on
creating a ticket through the API.

    .venv/bin/python bench/rules.py --databases sqlite,postgresql

For each database, a fresh one with one organisation, its requesters and 200 active rules of the
"ticket created" trigger: text patterns, organisation and priority tests, any/all groups, as an
organisation's routing rules look. Each rule's patterns differ: the tickets of the benchmark
(subject "VPN down since ...") match one of them, which adds a tag and sets the priority.
  - evaluate: the engine's work for one trigger on a new ticket: load the rules, read the ticket's
    facts, test every rule (those that match are not applied), 2,000 times;
  - create: POST /api/v1/tickets/ in-process (Django's test client, no network), 300 times after
    20 warm-ups, with the 200 rules active and again with none; the rules that match do their
    actions (a tag, a priority), as they would.
Reports medians and p95 in milliseconds and the ratio of the create medians.
"""

import sys

# This folder goes last on the path: bench/email.py must not hide the standard library's email.
sys.path.append(sys.path.pop(0))

import argparse
import json
import os
import statistics
import time

from databases import run_child_per_database

WORDS = [
    "password",
    "vpn",
    "printer",
    "outage",
    "laptop",
    "email",
    "teams",
    "license",
    "backup",
    "wifi",
    "invoice",
    "payroll",
    "badge",
    "monitor",
    "phone",
    "salasana",
    "סיסמה",
    "چاپگر",
    "server",
    "disk",
]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(times):
    return {"median_ms": round(statistics.median(times), 3), "p95_ms": round(percentile(times, 0.95), 3)}


def make_rules(admin, organisation, count):
    from moked.automation import services

    for n in range(count):
        word, other = WORDS[n % len(WORDS)], WORDS[(n * 7 + 3) % len(WORDS)]
        services.create_rule(
            admin,
            organisation=organisation if n % 2 else None,
            name=f"Rule {n}",
            trigger="ticket_created",
            position=n,
            conditions={
                "all": [
                    {"field": "organisation", "operator": "in", "value": ["BENCH", f"X{n}"]},
                    {"field": "priority", "operator": "gte", "value": 1 + n % 3},
                ],
                "any": [
                    # one rule per word reacts to "<word> down"; the others to rarer phrases
                    {
                        "field": "text",
                        "operator": "matches",
                        "value": rf"\b{word}\w*\s+(broken|{'down' if n < len(WORDS) else n})\b",
                    },
                    {"field": "subject", "operator": "contains", "value": f"{other} {n}"},
                ],
            },
            actions=[
                {"type": "add_tag", "tag": f"rule-{n}"},
                {"type": "set_priority", "priority": 1 + n % 4},
            ],
        )


def child(rule_count: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moked.settings")
    django.setup()
    from django.test import Client

    from moked.api.models import ApiToken
    from moked.automation import conditions, engine
    from moked.automation.facts import ticket_facts
    from moked.automation.models import Rule
    from moked.people.models import Person, Role
    from moked.tenancy.models import EmailDomain, Organisation
    from moked.tickets import services as tickets

    admin = Person.objects.create(username="admin", name="Admin", role=Role.ADMIN)
    organisation = Organisation.objects.create(
        code="BENCH", name="Bench", timezone="Asia/Jerusalem", country="IL"
    )
    EmailDomain.objects.create(organisation=organisation, domain="bench.example")
    requester = Person.objects.create(
        username="req",
        name="Requester",
        email="req@bench.example",
        role=Role.END_USER,
        organisation=organisation,
    )
    _, key = ApiToken.issue(admin)
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Token {key}")
    body = "The VPN client keeps dropping since the update; I restarted twice and it still drops."

    def create_series(label):
        times = []
        for n in range(320):
            payload = {
                "requester_email": "req@bench.example",
                "subject": f"VPN down since {n}",
                "description": body,
            }
            begin = time.perf_counter()
            answer = client.post("/api/v1/tickets/", payload, content_type="application/json")
            elapsed = (time.perf_counter() - begin) * 1000
            assert answer.status_code == 201, answer.content
            if n >= 20:
                times.append(elapsed)
        return summary(times)

    without = create_series("without")
    make_rules(admin, organisation, rule_count)
    with_rules = create_series("with")

    ticket = tickets.create_ticket(
        requester,
        organisation=organisation,
        requester=requester,
        subject="VPN down since morning",
        description=body,
    )
    times = []
    for _ in range(2000):
        begin = time.perf_counter()
        rules = engine.rules_for("ticket_created", organisation.pk)
        facts = ticket_facts(ticket)
        matched = [rule for rule in rules if conditions.matches(rule.conditions, facts)]
        times.append((time.perf_counter() - begin) * 1000)
    assert len(rules) == rule_count == Rule.objects.count()
    print(
        json.dumps(
            {
                "rules": rule_count,
                "evaluate": {**summary(times), "matched": len(matched)},
                "create_without_rules": without,
                "create_with_rules": with_rules,
                "ratio": round(with_rules["median_ms"] / without["median_ms"], 2),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rules", type=int, default=200)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.rules)
        return
    run_child_per_database(__file__, "rules", args.databases, ["--rules", str(args.rules)])


if __name__ == "__main__":
    main()
