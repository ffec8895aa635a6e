from datetime import UTC, datetime

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection

from moked.demo import content, parallel
from moked.demo.catalogue_requests import REQUESTS as LIVE_REQUESTS
from moked.demo.generate import load_demo
from moked.notifications.models import Notification
from moked.people.models import Person
from moked.sla.models import SlaClock
from moked.tenancy.models import Organisation
from moked.tickets.models import Escalation, Ticket, TicketEvent
from moked.tickets.search import matching

pytestmark = pytest.mark.django_db


def test_the_demo_creates_organisations_people_and_tickets_with_histories(capsys):
    call_command("demo", tickets=60)
    out = capsys.readouterr().out
    assert (
        "Demo loaded: 60 tickets." in out and "password for all: demo" in out and "API token of admin" in out
    )

    organisations = {o.code: o for o in Organisation.objects.all()}
    assert {(o.code, o.country, o.language, o.timezone) for o in organisations.values()} >= {
        ("GALIL", "IL", "he", "Asia/Jerusalem"),
        ("PARS", "IR", "fa", "Asia/Tehran"),
        ("SISU", "FI", "fi", "Europe/Helsinki"),
    }
    assert Ticket.objects.count() == 60 + len(LIVE_REQUESTS)  # and the catalogue's live requests
    assert not Ticket.objects.exclude(
        pk__in=TicketEvent.objects.filter(kind="created").values("ticket")
    ).exists()
    assert (
        Ticket.objects.filter(status="closed").exists() and Ticket.objects.exclude(status="closed").exists()
    )
    hebrew = Ticket.objects.filter(organisation__code="GALIL").exclude(subject__regex=r"^[A-Za-z]")
    assert hebrew.exists()
    for person in Person.objects.filter(role__in=["end_user", "client_manager"]):
        assert person.organisation_id and person.email.endswith(
            person.organisation.email_domains.get().domain
        )


def test_every_documented_login_works():
    call_command("demo", tickets=0)
    usernames = [spec[0] for spec in content.STAFF] + [
        "galil.manager",
        "galil.user",
        "pars.user",
        "sisu.user",
    ]
    for username in usernames:
        assert authenticate(username=username, password=content.PASSWORD) is not None, username


@pytest.mark.django_db(transaction=True)  # --reset flushes, which PostgreSQL refuses inside a transaction
def test_the_demo_is_loaded_once_unless_reset(capsys):
    call_command("demo", tickets=5)
    call_command("demo", tickets=5)
    assert "already loaded" in capsys.readouterr().out
    assert Ticket.objects.count() == 5 + len(LIVE_REQUESTS)
    call_command("demo", tickets=3, reset=True)
    assert Ticket.objects.count() == 3 + len(LIVE_REQUESTS)
    assert Organisation.objects.count() == len(content.ORGANISATIONS)


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_gives_the_same_demo():
    call_command("demo", tickets=20, seed=7)
    first = list(Ticket.objects.order_by("id").values_list("subject", "status", "priority"))
    call_command("demo", tickets=20, seed=7, reset=True)
    assert list(Ticket.objects.order_by("id").values_list("subject", "status", "priority")) == first


# Columns whose values are random by design (password salts, token keys, the search index's epoch).
RANDOM_COLUMNS = {
    "people_person": {"password"},
    "api_apitoken": {"key_hash", "prefix"},
    "knowledge_searchindexstate": {"epoch"},
    # the storage adds a random suffix to a file name already taken; the time it took
    "classification_classifiermodel": {"file", "training_seconds"},
}


def _all_rows() -> dict[str, list[tuple]]:
    """Every row of every model's table, in id order, JSON values parsed (their spacing aside)."""
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        skipped = RANDOM_COLUMNS.get(model._meta.db_table, set())
        fields = [f for f in model._meta.concrete_fields if f.column not in skipped]
        rows[model._meta.db_table] = [
            tuple(getattr(row, f.attname) for f in fields) for row in model.objects.order_by("pk")
        ]
    return rows


def _found(words: str) -> set[str]:
    return {ticket.reference for ticket in matching(Ticket.objects.all(), words)}


@pytest.mark.django_db(transaction=True)  # the replaying processes read a committed database
@pytest.mark.skipif(connection.vendor != "sqlite", reason="parallel replay is for SQLite")
def test_a_load_in_several_processes_writes_what_one_process_writes(monkeypatch):
    """The demo's histories replayed in three processes at once come out row for row as in one."""
    monkeypatch.setattr(parallel, "MIN_GROUP", 20)
    with time_machine.travel(datetime(2026, 11, 20, 9, 30, tzinfo=UTC), tick=False):
        # Both loads start from the same empty database, ids counted from 1.
        call_command("flush", interactive=False, verbosity=0)
        alone = load_demo(90, seed=11, processes=1)
        expected, expected_found = _all_rows(), _found("VPN")
        call_command("flush", interactive=False, verbosity=0)
        together = load_demo(90, seed=11, processes=3)
        written, found = _all_rows(), _found("VPN")
    assert (alone.processes, together.processes) == (1, 3)
    assert Escalation.objects.exists() and SlaClock.objects.filter(breached_at__isnull=False).exists()
    for table, rows in expected.items():
        assert written[table] == rows, table
    assert found and found == expected_found  # the search index holds the appended tickets


@pytest.mark.django_db(transaction=True)
def test_the_demo_history_is_real_clocks_breaches_and_escalations(capsys):
    """What a newcomer meets first: open tickets with running SLA clocks, breaches that were
    noticed (and escalated), tickets in every state, each with its timeline. At a fixed instant:
    which of 300 tickets are still waiting on their customer depends on the hour the demo is
    loaded at (none did at 03:40 UTC)."""
    with time_machine.travel(datetime(2026, 11, 20, 9, 30, tzinfo=UTC), tick=True):
        call_command("demo", tickets=300)
    assert "Demo loaded: 300 tickets." in capsys.readouterr().out
    assert set(Ticket.objects.values_list("status", flat=True)) >= {
        "assigned",
        "in_progress",
        "pending_customer",
        "resolved",
        "closed",
    }
    for ticket_type in Ticket.objects.values_list("ticket_type", flat=True).distinct():
        numbered = Ticket.objects.filter(ticket_type=ticket_type).order_by("number")
        assert list(numbered.values_list("number", flat=True)) == list(range(1, numbered.count() + 1))
        created = list(numbered.values_list("created_at", flat=True))
        assert created == sorted(created)
    open_tickets = Ticket.objects.exclude(status__in=["resolved", "closed"])
    assert open_tickets.filter(sla_due_at__isnull=False).exists()
    assert SlaClock.objects.filter(status="running", ticket__in=open_tickets).exists()
    breached = SlaClock.objects.filter(breached_at__isnull=False)
    assert breached.exists() and breached.filter(kind="first_response").exists()
    assert TicketEvent.objects.filter(kind="sla_breached").count() == breached.count()
    told = Notification.objects.filter(kind="sla_breached", recipient__username=content.SERVICE_MANAGER)
    assert told.exists()
    assert not Ticket.objects.exclude(events__kind="created").exists()
