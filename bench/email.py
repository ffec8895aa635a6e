"""E-mail intake benchmark: the mail gate path in-process (store, parse, route, ticket work).

    .venv/bin/python bench/email.py --messages 1000 --databases sqlite,postgresql

For each database, a fresh one; then, timed one message at a time:
  - N typical 10 KB messages (multipart/alternative, text and HTML, a quoted earlier message), each
    from a customer of the organisation: each becomes a ticket;
  - the shared corpus (../shared/data/mail/, about 190 real-world messages), end to end.
Reports messages per second, and the median and 99th percentile per message.
"""

import sys

# This folder goes last on the path: bench/email.py must not hide the standard library's email.
sys.path.append(sys.path.pop(0))

import argparse
import json
import os
import statistics
import time
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from databases import run_child_per_database, shared_dir

ROOT = Path(__file__).resolve().parents[1]
CORPUS = shared_dir() / "data" / "mail"
DESK = "desk@support.example"

PARAGRAPH = (
    "Since this morning the VPN client disconnects every few minutes and I lose my work in the stock "
    "system. I already restarted the laptop and the router, and reinstalled the client, but nothing changed. "
)


def typical_message(n: int) -> bytes:
    """About 10 KB: a text part, the same as HTML, and the quoted message it answers."""
    text = PARAGRAPH * 12 + "\n\nOn Mon, 3 Mar 2025 at 10:00, Support <desk@support.example> wrote:\n"
    text += "".join(f"> {PARAGRAPH}\n" for _ in range(8))
    message = EmailMessage()
    message["From"] = f'"Customer {n}" <customer{n % 500:03d}@acme.example>'
    message["To"] = DESK
    message["Subject"] = f"VPN keeps disconnecting ({n})"
    message["Message-ID"] = make_msgid(domain="acme.example")
    message.set_content(text)
    message.add_alternative(
        f"<html><body><p>{text.replace(chr(10), '<br>')}</p></body></html>", subtype="html"
    )
    return message.as_bytes()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed(messages: list[bytes], ingest) -> dict:
    times, outcomes = [], {}
    started = time.perf_counter()
    for raw in messages:
        begin = time.perf_counter()
        result = ingest(raw, to=DESK, source="gate")
        times.append((time.perf_counter() - begin) * 1000)
        outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
    total = time.perf_counter() - started
    return {
        "messages": len(messages),
        "per_second": round(len(messages) / total, 1),
        "median_ms": round(statistics.median(times), 2),
        "p99_ms": round(percentile(times, 0.99), 2),
        "outcomes": outcomes,
    }


def child(count: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moked.settings")
    django.setup()
    from moked.mail import configuration
    from moked.mail.ingest import ingest
    from moked.mail.models import Mailbox
    from moked.people.models import Person, Role
    from moked.tenancy.models import EmailDomain, Organisation

    admin = Person.objects.create(username="admin", name="Admin", role=Role.ADMIN)
    organisation = Organisation.objects.create(code="ACME", name="Acme", timezone="UTC", country="GB")
    EmailDomain.objects.create(organisation=organisation, domain="acme.example")
    mailbox = configuration.create_mailbox(
        admin,
        organisation=organisation,
        address=DESK,
        unknown_senders=Mailbox.UnknownSenders.CREATE,
        sender_limit_per_hour=10_000,
    )
    typical = timed([typical_message(n) for n in range(count)], ingest)
    corpus_files = sorted(p for p in CORPUS.rglob("*") if p.is_file())
    corpus = timed([p.read_bytes() for p in corpus_files], ingest)
    print(json.dumps({"typical_10kb": typical, "corpus": corpus, "mailbox": mailbox.address}))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.messages)
        return
    run_child_per_database(__file__, "email", args.databases, ["--messages", str(args.messages)])


if __name__ == "__main__":
    main()
