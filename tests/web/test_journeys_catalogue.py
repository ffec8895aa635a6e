"""The catalogue in a real browser: a Finnish user asks for access to a shared folder, the folder
path asked only once "shared folder" is chosen, and reads the answers on the request page; a
Persian reader's catalogue reads right to left, with a Jalali date among the answers; an agent
raises a request for a caller from the phone desk; and the pages have no serious accessibility
violations (axe-core), in English and in Persian."""

import pytest

from moked.servicerequests.models import ServiceRequest
from moked.tickets.models import Channel
from tests.factories import AgentFactory, CategoryFactory, GroupFactory, OrganisationFactory, PersonFactory
from tests.web.catalogue import make_item
from tests.web.conftest import PASSWORD
from tests.web.said import said
from tests.web.test_accessibility import violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world():
    org = OrganisationFactory(code="SUOMI", name="Suomi Oy", domains=["suomi.example"], language="fi")
    people = {
        "aino": PersonFactory(organisation=org, username="aino", name="Aino Virtanen", language="fi"),
        "reza": PersonFactory(organisation=org, username="reza", name="رضا احمدی", language="fa"),
        "dana": PersonFactory(organisation=org, username="dana", name="Dana Cohen", language="en"),
        "agent-avi": AgentFactory(username="agent-avi", name="Avi Agent", serves=[org], language="en"),
        "agent-shirin": AgentFactory(username="agent-shirin", name="شیرین", serves=[org], language="fa"),
    }
    GroupFactory(name="Service desk", members=[people["agent-avi"], people["agent-shirin"]])
    for person in people.values():
        person.set_password(PASSWORD)
        person.save()
    item = make_item(org, category=CategoryFactory(name="Access"))
    return {"people": people, "item": item}


def hidden(page, key: str) -> bool:
    return page.eval_on_selector(f"[data-answer={key}]", "wrapper => wrapper.hidden")


def test_a_finnish_user_requests_access_to_a_shared_folder(world, sign_in, live_server):
    aino = sign_in("aino")
    aino.click(f"nav a:has-text('{said('fi', 'Catalogue')}')")
    aino.wait_for_url("**/portal/catalogue/")
    aino.click("a:has-text('Pääsy jaettuun kansioon')")
    aino.wait_for_url(f"**/portal/catalogue/{world['item'].pk}/")
    # the folder path is asked only once "shared folder" is chosen; the mailbox only for a mailbox
    assert hidden(aino, "folder_path") and hidden(aino, "mailbox")
    aino.select_option("#id_answer-access_type", "mailbox")
    assert hidden(aino, "folder_path") and not hidden(aino, "mailbox")
    aino.fill("#id_answer-mailbox", "talous@suomi.example")
    aino.select_option("#id_answer-access_type", "shared_folder")
    assert not hidden(aino, "folder_path") and hidden(aino, "mailbox")
    assert aino.is_disabled("#id_answer-mailbox")  # a hidden field's value is not sent
    assert aino.text_content("label[for=id_answer-folder_path]").startswith("Kansion polku")

    # sent without the folder path: refused beside it, in Finnish, and the path still asked
    aino.click("main button[type=submit]")
    aino.wait_for_load_state()
    assert said("fi", "This field is required.") in aino.text_content("[data-testid=error-folder_path]")
    assert not hidden(aino, "folder_path")
    assert not ServiceRequest.objects.exists()

    aino.fill("#id_answer-folder_path", r"\\tiedostot\talous")
    aino.check("#id_answer-rights_0")
    aino.check("#id_answer-urgent_0")
    aino.click("main button[type=submit]")
    aino.wait_for_url("**/portal/tickets/**")
    made = ServiceRequest.objects.get()
    assert made.answers == {
        "access_type": "shared_folder",
        "folder_path": r"\\tiedostot\talous",
        "rights": ["read"],
        "urgent": True,
    }
    answers = aino.text_content("[data-testid=catalogue-answers]")
    assert "Jaettu kansio" in answers and "Kansion polku" in answers and r"\\tiedostot\talous" in answers
    assert "Luku" in answers and said("fi", "Yes") in answers
    assert "talous@suomi.example" not in answers
    assert aino.get_attribute("html", "dir") == "ltr"


def test_a_persian_reader_reads_the_catalogue_right_to_left(world, sign_in, live_server):
    reza = sign_in("reza")
    reza.goto(f"{live_server.url}/portal/catalogue/")
    assert reza.get_attribute("html", "lang") == "fa" and reza.get_attribute("html", "dir") == "rtl"
    assert reza.evaluate("getComputedStyle(document.querySelector('main h1')).direction") == "rtl"
    assert "دسترسی به پوشهٔ مشترک" in reza.text_content("main")
    assert "۲" in reza.text_content("[data-testid=catalogue-item]")  # delivery days in Persian digits
    reza.click("a:has-text('دسترسی به پوشهٔ مشترک')")
    reza.select_option("#id_answer-access_type", "shared_folder")
    reza.fill("#id_answer-folder_path", r"\\files\pars")
    reza.fill("#id_answer-needed_by", "2026-03-21")  # 1 Farvardin 1405
    reza.click("main button[type=submit]")
    reza.wait_for_url("**/portal/tickets/**")
    assert reza.get_attribute("html", "dir") == "rtl"
    assert "مسیر پوشه" in reza.text_content("[data-testid=catalogue-answers]")
    assert "۱۴۰۵/۰۱/۰۱" in reza.text_content("[data-testid=answer-needed_by]")  # Jalali


def test_an_agent_raises_a_catalogue_request_for_a_caller(world, sign_in, live_server):
    aino = world["people"]["aino"]
    agent = sign_in("agent-avi")
    agent.goto(f"{live_server.url}/desk/phone/?caller={aino.pk}")
    agent.click("[data-testid=catalogue-request]")
    agent.click("a:has-text('Shared folder access')")
    assert hidden(agent, "folder_path")
    agent.select_option("#id_answer-access_type", "shared_folder")
    agent.fill("#id_answer-folder_path", r"\\files\finance")
    agent.click("main button[type=submit]")
    agent.wait_for_url("**/desk/tickets/**")
    made = ServiceRequest.objects.get()
    assert (made.ticket.channel, made.ticket.requester, made.requested_by) == (Channel.PHONE, aino, aino)
    assert made.answers == {"access_type": "shared_folder", "folder_path": r"\\files\finance"}


@pytest.mark.parametrize(
    ("language", "customer", "staff"), [("en", "dana", "agent-avi"), ("fa", "reza", "agent-shirin")]
)
def test_the_catalogue_pages_are_accessible(world, sign_in, live_server, language, customer, staff):
    item = world["item"]
    portal = sign_in(customer)
    portal.set_viewport_size({"width": 1100, "height": 760})
    portal.goto(f"{live_server.url}/portal/catalogue/")
    assert violations(portal) == [], f"{language} catalogue"
    portal.goto(f"{live_server.url}/portal/catalogue/{item.pk}/")
    portal.select_option("#id_answer-access_type", "shared_folder")
    portal.click("main button[type=submit]")  # refused: the errors beside their fields
    portal.wait_for_load_state()
    assert portal.is_visible("[data-testid=error-folder_path]")
    assert violations(portal) == [], f"{language} catalogue item with errors"
    portal.fill("#id_answer-folder_path", r"\\files\x")
    portal.click("main button[type=submit]")
    portal.wait_for_url("**/portal/tickets/**")
    assert violations(portal) == [], f"{language} catalogue request"

    caller = world["people"][customer]
    desk = sign_in(staff)
    desk.set_viewport_size({"width": 1100, "height": 760})
    desk.goto(f"{live_server.url}/desk/phone/catalogue/?caller={caller.pk}")
    assert violations(desk) == [], f"{language} phone catalogue"
    desk.goto(f"{live_server.url}/desk/phone/catalogue/{item.pk}/?caller={caller.pk}")
    assert violations(desk) == [], f"{language} phone catalogue item"


LAPTOP_FIELDS = [
    {"key": "laptop", "type": "yes_no", "label": "Do you need a laptop?"},
    {
        "key": "model",
        "type": "choice",
        "label": "Model",
        "choices": [{"value": "small", "label": "13 inch"}, {"value": "large", "label": "15 inch"}],
        "show_when": [{"field": "laptop", "operator": "is", "value": True}],
    },
    {
        "key": "why_large",
        "type": "text",
        "label": "Why the large one",
        "show_when": [{"field": "model", "operator": "is", "value": "large"}],
    },
    {
        "key": "extras",
        "type": "multiple_choice",
        "label": "Extras",
        "choices": [{"value": "mouse", "label": "Mouse"}, {"value": "dock", "label": "Dock"}],
    },
    {
        "key": "desk",
        "type": "text",
        "label": "Desk number",
        "show_when": [{"field": "extras", "operator": "contains", "value": "dock"}],
    },
    {"key": "monitors", "type": "number", "label": "Monitors"},
    {
        "key": "arm",
        "type": "yes_no",
        "label": "Monitor arm",
        "show_when": [{"field": "monitors", "operator": "gt", "value": 1}],
    },
]


def test_the_browser_applies_each_kind_of_condition_as_the_server_does(world, sign_in, live_server):
    item = make_item(
        world["item"].organisation, code="laptop", fields=LAPTOP_FIELDS, name={"en": "New laptop"}
    )
    dana = sign_in("dana")
    dana.goto(f"{live_server.url}/portal/catalogue/{item.pk}/")
    assert [hidden(dana, key) for key in ("model", "why_large", "desk", "arm")] == [True] * 4
    dana.check("#id_answer-laptop_0")  # yes
    assert not hidden(dana, "model") and hidden(dana, "why_large")
    dana.select_option("#id_answer-model", "large")
    assert not hidden(dana, "why_large")
    dana.fill("#id_answer-why_large", "CAD drawings")
    dana.check("#id_answer-laptop_1")  # no: the model goes, and what hangs on it
    assert hidden(dana, "model") and hidden(dana, "why_large")
    dana.check("#id_answer-extras_1")  # a dock
    assert not hidden(dana, "desk")
    dana.fill("#id_answer-monitors", "1")
    assert hidden(dana, "arm")
    dana.fill("#id_answer-monitors", "۳")  # Persian digits count as the server reads them
    assert not hidden(dana, "arm")
    dana.fill("#id_answer-desk", "B-214")
    dana.check("#id_answer-arm_0")
    dana.click("main button[type=submit]")
    dana.wait_for_url("**/portal/tickets/**")
    made = ServiceRequest.objects.get()
    assert made.answers == {
        "laptop": False,
        "extras": ["dock"],
        "desk": "B-214",
        "monitors": "3",
        "arm": True,
    }
