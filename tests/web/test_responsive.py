"""Every main page fits a phone's screen: nothing wider than the viewport, so nobody scrolls
sideways (tables scroll inside their own box), in English and in right-to-left Persian."""

import pytest

from moked.tickets import services
from tests.factories import (
    AdminFactory,
    AgentFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
    make_ticket,
)
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world():
    org = OrganisationFactory(code="PARS", name="Pars Daru", domains=["pars.example"], language="fa")
    people = {
        "agent-avi": AgentFactory(username="agent-avi", name="Avi Agent", serves=[org], language="en"),
        "agent-shirin": AgentFactory(username="agent-shirin", name="شیرین", serves=[org], language="fa"),
        "agent-admin": AdminFactory(username="agent-admin", name="Ada Admin", language="en"),
        "dana": PersonFactory(organisation=org, username="dana", name="Dana Cohen", language="en"),
        "reza": PersonFactory(organisation=org, username="reza", name="رضا احمدی", language="fa"),
    }
    GroupFactory(name="Service desk", members=[people["agent-avi"], people["agent-shirin"]])
    for person in people.values():
        person.set_password(PASSWORD)
        person.save()
    ticket = make_ticket(people["reza"], subject="چاپگر طبقهٔ دوم صفحه‌های سفید چاپ می‌کند و کار نمی‌کند")
    services.add_comment(people["agent-avi"], ticket, "Please restart the print spooler service on the PC.")
    return ticket


def sideways_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize(
    ("staff", "customer"), [("agent-avi", "dana"), ("agent-shirin", "reza")], ids=["english", "persian"]
)
def test_the_main_pages_fit_a_phone(world, sign_in, live_server, staff, customer):
    desk = sign_in(staff)
    desk.set_viewport_size(PHONE)
    for address in ("/desk/views/all/", f"/desk/tickets/{world.reference}/", "/desk/phone/"):
        desk.goto(f"{live_server.url}{address}")
        assert sideways_overflow(desk) <= 0, address
    portal = sign_in(customer)
    portal.set_viewport_size(PHONE)
    for address in ("/portal/", "/portal/new/"):
        portal.goto(f"{live_server.url}{address}")
        assert sideways_overflow(portal) <= 0, address


def test_the_administration_pages_fit_a_phone(world, sign_in, live_server):
    admin = sign_in("agent-admin")
    admin.set_viewport_size(PHONE)
    admin.goto(f"{live_server.url}/desk/administration/")
    addresses = admin.eval_on_selector_all(
        "main a.list-group-item", "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(addresses) >= 2
    for address in addresses:
        admin.goto(f"{live_server.url}{address}")
        assert sideways_overflow(admin) <= 0, address


@pytest.mark.parametrize("staff", ["agent-avi", "agent-shirin"], ids=["english", "persian"])
def test_the_knowledge_pages_fit_a_phone(world, sign_in, live_server, staff):
    from moked.knowledge import services as knowledge
    from moked.people.models import Person

    writer = Person.objects.get(username=staff)
    article = knowledge.create_article(
        writer,
        language="en",
        title="Restart the print spooler service on the PC",
        body="1. Open **Services**",
    )
    knowledge.save_variant(
        writer, article, language="fa", title="راه‌اندازی دوباره", body="سرویس را باز کنید."
    )
    knowledge.save_variant(writer, article, language="en", title="Restart the spooler", body="1. Open it")
    desk = sign_in(staff)
    desk.set_viewport_size(PHONE)
    for address in (
        "/desk/knowledge/",
        "/desk/knowledge/new/",
        f"/desk/knowledge/{article.pk}/",
        f"/desk/knowledge/{article.pk}/fa/edit/",
        f"/desk/knowledge/{article.pk}/en/versions/",
        f"/desk/knowledge/{article.pk}/en/compare/",
        f"/desk/knowledge/{article.pk}/details/",
    ):
        desk.goto(f"{live_server.url}{address}")
        assert sideways_overflow(desk) <= 0, address
