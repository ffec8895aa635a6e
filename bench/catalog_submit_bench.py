"""Catalogue request submission benchmark (issue 16): a request with a 20-field form.

    .venv/bin/python bench/catalog_submit_bench.py [--runs 200] [--databases sqlite,postgresql]

For each database, a fresh migrated one: an organisation, an end user, a colleague, a support
group and one catalogue item whose form has 20 fields of every type (text, long text, number,
date, choice, multiple choice, yes/no, e-mail, person), five of them shown by conditions on
others. Then, after 20 warm-ups, N timed requests each way, sequentially, in-process:
  - service: `moked.servicerequests.services.submit_request` (checking the answers, the ticket
    with its events, the request, the flow), the server's own work;
  - api: `POST /api/v1/catalog/requests/` through Django's test client (token authentication,
    the serializer, the service, the response), the whole server time without the network.
Median and p95 of wall time, and the median of the process's CPU time (steadier on a shared
machine; it leaves out the database server's own work on PostgreSQL), in milliseconds. Prints
one JSON line per database.
"""

import sys

# This folder goes last on the path: bench/email.py must not hide the standard library's email.
sys.path.append(sys.path.pop(0))

import argparse
import json
import os
import statistics
import subprocess
import time
from pathlib import Path

from databases import fresh_database, moked

WARM_UPS = 20

CHOICES = [{"value": f"v{n}", "label": {"en": f"Value {n}", "fi": f"Arvo {n}"}} for n in range(1, 6)]


def form() -> list[dict]:
    """20 fields: every type but an attachment, five shown only on a condition."""
    fields = [
        {"key": "access", "type": "choice", "required": True, "label": "Access", "choices": CHOICES},
        {"key": "reason", "type": "long_text", "required": True, "label": "Why"},
        {"key": "starts_on", "type": "date", "required": True, "label": "From"},
        {"key": "days", "type": "number", "label": "For how many days", "min": 1, "max": 365},
        {"key": "tools", "type": "multiple_choice", "label": "Tools", "choices": CHOICES},
        {"key": "urgent", "type": "yes_no", "label": "Urgent"},
        {"key": "contact", "type": "email", "label": "Contact address"},
        {"key": "colleague", "type": "person", "label": "Same as"},
        {
            "key": "folder",
            "type": "text",
            "required": True,
            "label": "Folder",
            "show_when": [{"field": "access", "operator": "is", "value": "v1"}],
        },
        {
            "key": "why_urgent",
            "type": "text",
            "required": True,
            "label": "Why urgent",
            "show_when": [{"field": "urgent", "operator": "is", "value": True}],
        },
        {
            "key": "long_stay",
            "type": "text",
            "label": "Long stay",
            "show_when": [{"field": "days", "operator": "gt", "value": 30}],
        },
        {
            "key": "tool_note",
            "type": "text",
            "label": "About the tools",
            "show_when": [{"field": "tools", "operator": "contains", "value": "v2"}],
        },
        {
            "key": "never",
            "type": "text",
            "label": "Not shown",
            "show_when": [{"field": "access", "operator": "is", "value": "v5"}],
        },
    ]
    fields += [{"key": f"extra_{n}", "type": "text", "label": f"Extra {n}"} for n in range(1, 8)]
    assert len(fields) == 20
    return fields


def answers(colleague_pk: int, n: int) -> dict:
    found = {
        "access": "v1",
        "reason": f"Request number {n}: the team moves to the new share.",
        "starts_on": "2026-12-07",
        "days": "45",
        "tools": ["v1", "v2"],
        "urgent": "yes",
        "contact": "dana@bench.example",
        "colleague": colleague_pk,
        "folder": r"\\fs01\projects\moked",
        "why_urgent": "The project starts on Monday.",
        "long_stay": "Until the spring.",
        "tool_note": "Read only.",
        "never": "dropped: its condition does not hold",
    }
    found.update({f"extra_{m}": f"Answer {m} of {n}" for m in range(1, 8)})
    return found


def worker(runs: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moked.settings")
    django.setup()
    from django.conf import settings
    from django.test import Client

    from moked.api.models import ApiToken
    from moked.people.models import Person, Role, SupportGroup
    from moked.servicerequests import services
    from moked.tenancy.models import Organisation

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    admin = Person.objects.create(username="admin", name="Admin", role=Role.ADMIN)
    organisation = Organisation.objects.create(code="BENCH", name="Bench", timezone="UTC", country="GB")
    person = Person.objects.create(
        username="dana",
        name="Dana",
        email="dana@bench.example",
        role=Role.END_USER,
        organisation=organisation,
    )
    colleague = Person.objects.create(
        username="aino", name="Aino", role=Role.END_USER, organisation=organisation
    )
    group = SupportGroup.objects.create(name="Access desk", tier=1)
    item = services.save_item(
        admin,
        None,
        organisation=organisation,
        code="bench-access",
        name={"en": "Access", "fi": "Käyttöoikeus"},
        fulfilment_group=group,
        form=form(),
    )

    def service_call(n: int) -> None:
        services.submit_request(person, item, answers(colleague.pk, n), channel="portal")

    _, key = ApiToken.issue(person)
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")

    def api_call(n: int) -> None:
        body = json.dumps({"item": item.pk, "answers": answers(colleague.pk, n), "channel": "portal"})
        response = client.post("/api/v1/catalog/requests/", body, content_type="application/json")
        assert response.status_code == 201, response.content

    report: dict[str, object] = {"runs": runs, "fields": len(form())}
    for name, call in (("service", service_call), ("api", api_call)):
        for n in range(WARM_UPS):
            call(n)
        timings, cpu = [], []
        for n in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            call(n)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        timings.sort()
        report[name] = {
            "median_ms": round(statistics.median(timings), 2),
            "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
            "cpu_median_ms": round(statistics.median(cpu), 2),
        }
    print(json.dumps(report))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--databases", default="sqlite")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        worker(options.runs)
        return
    work = Path(__file__).resolve().parent / "out" / "work"
    work.mkdir(parents=True, exist_ok=True)
    for kind in options.databases.split(","):
        url = fresh_database(kind, work, "catalog_submit", pg_database="moked_bench_catalog_submit")
        env = {**os.environ, "DATABASE_URL": url, "MOKED_DATA_DIR": str(work)}
        moked(env, "migrate", "-v0")
        done = subprocess.run(
            [sys.executable, __file__, "--child", "--runs", str(options.runs)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        print(kind, done.stdout.strip().splitlines()[-1], flush=True)


if __name__ == "__main__":
    main()
