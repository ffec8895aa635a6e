"""A Finnish client with a small hierarchy: Aino requests, her manager Mikko approves, two client
managers, a purchasing group of two, and a service owned by one of the provider's staff."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from moked.people.models import ClientGroup
from tests.factories import (
    AgentFactory,
    ClientManagerFactory,
    OrganisationFactory,
    PersonFactory,
    ServiceFactory,
)
from tests.factories import make_ticket as _make_ticket

HELSINKI = ZoneInfo("Europe/Helsinki")


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=HELSINKI)


# Monday 7 December 2026, 10:00 in Helsinki: within office hours (Mon-Fri 08:00-16:00).
MONDAY = at(2026, 12, 7, 10, 0)


def step(*approvers, rule="all", count=1, name="Manager", remind=None, expire=None, on_expiry="reject"):
    return {
        "name": {"en": name, "fi": f"{name} (fi)"},
        "approvers": list(approvers) or [{"kind": "manager"}],
        "rule": rule,
        "count": count,
        "remind_after_hours": remind,
        "expire_after_hours": expire,
        "on_expiry": on_expiry,
    }


class World:
    pass


@pytest.fixture
def world(db):
    w = World()
    w.org = OrganisationFactory(
        code="SUOMI", language="fi", timezone="Europe/Helsinki", country="FI", domains=["suomi.example"]
    )
    w.mikko = PersonFactory(organisation=w.org, name="Mikko Manager", language="fi")
    w.aino = PersonFactory(organisation=w.org, name="Aino Asker", language="fi", manager=w.mikko)
    w.colleague = PersonFactory(organisation=w.org, name="Ville Colleague", language="fi")
    w.boss = ClientManagerFactory(organisation=w.org, name="Kaisa Boss", language="fi")
    w.boss2 = ClientManagerFactory(organisation=w.org, name="Leena Boss", language="he")
    w.buyer1 = PersonFactory(organisation=w.org, name="Buyer One", language="fa")
    w.buyer2 = PersonFactory(organisation=w.org, name="Buyer Two", language="en")
    w.buyer3 = PersonFactory(organisation=w.org, name="Buyer Three", language="en")
    w.purchasing = ClientGroup.objects.create(organisation=w.org, name="Purchasing")
    w.purchasing.members.set([w.buyer1, w.buyer2, w.buyer3])
    w.owner = AgentFactory(name="Olli Owner", serves=[])
    w.service = ServiceFactory(organisation=w.org, owner=w.owner)
    w.agent = AgentFactory(name="Agent Aki", serves=[w.org])
    w.other_org = OrganisationFactory(code="OTHER", domains=["other.example"])
    w.outsider = ClientManagerFactory(organisation=w.other_org, name="Outsider")
    return w


@pytest.fixture
def make_request(world):
    def make(requester=None, **fields):
        fields.setdefault("ticket_type", "service_request")
        fields.setdefault("subject", "Access to the shared folder")
        return _make_ticket(requester or world.aino, **fields)

    return make
