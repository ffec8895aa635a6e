import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from moked.demo import content
from moked.people.models import Person
from moked.tenancy.models import Organisation
from moked.tickets.models import Ticket, TicketEvent

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
    assert Ticket.objects.count() == 60
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
    assert Ticket.objects.count() == 5
    call_command("demo", tickets=3, reset=True)
    assert Ticket.objects.count() == 3 and Organisation.objects.count() == len(content.ORGANISATIONS)


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_gives_the_same_demo():
    call_command("demo", tickets=20, seed=7)
    first = list(Ticket.objects.order_by("id").values_list("subject", "status", "priority"))
    call_command("demo", tickets=20, seed=7, reset=True)
    assert list(Ticket.objects.order_by("id").values_list("subject", "status", "priority")) == first
