"""Approvals in a real browser: a Persian client manager rejects a request in the portal with a
reason, and the requester reads it closed as not approved, in Persian; the Finnish journey end to
end (a user asks for a shared folder in the portal, their manager approves by replying to the
approval mail, the group membership changes in a real OpenLDAP server, the request resolves and
the user is told); and a decision link used once, without signing in."""

import re
from email import message_from_bytes, policy

import ldap3
import pytest
from django.core import mail as django_mail
from django.core.management import call_command

from moked.approvals import selectors
from moked.demo import content
from moked.fulfilment import models as fulfilment_models
from moked.fulfilment import services as fulfilment
from moked.mail import outbound
from moked.mail.ingest import ingest
from moked.mail.models import InboundMessage, OutboundMessage
from moked.notifications.models import Notification
from moked.people.models import Person
from moked.servicerequests import services as requests
from moked.servicerequests.models import CatalogItem, ServiceRequest
from moked.tickets import lifecycle
from moked.tickets.models import EventKind
from tests.cli.test_demo_catalogue import sisu_directory
from tests.factories import ClientManagerFactory, OrganisationFactory, PersonFactory
from tests.fulfilment.conftest import GROUPS, PEOPLE, slapd
from tests.mail.conftest import reply_to
from tests.web.catalogue import make_item
from tests.web.conftest import PASSWORD
from tests.web.said import said
from tests.web.test_accessibility import violations

__all__ = ["slapd"]  # the throw-away OpenLDAP server, a fixture
pytestmark = pytest.mark.django_db(transaction=True)
MANAGER_STEP = {"name": {"en": "Manager", "fa": "مدیر"}, "approvers": [{"kind": "manager"}], "rule": "any"}


def delivered(settings) -> None:
    """What the worker does with notifications: each becomes a mail, delivered (to django's outbox)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outbound.queue_notifications()
    for pk in OutboundMessage.objects.filter(status="pending").values_list("pk", flat=True):
        outbound.deliver(pk)


def test_a_persian_client_manager_rejects_in_the_portal_and_the_requester_reads_why(sign_in, live_server):
    org = OrganisationFactory(code="PARS", name="پارس", domains=["pars.example"], language="fa")
    shirin = ClientManagerFactory(organisation=org, username="shirin", name="شیرین مدیر", language="fa")
    reza = PersonFactory(organisation=org, username="reza", name="رضا احمدی", language="fa", manager=shirin)
    for person in (shirin, reza):
        person.set_password(PASSWORD)
        person.save()
    item = make_item(org, approval_steps=[MANAGER_STEP])
    request = requests.submit_request(
        reza, item, {"access_type": "shared_folder", "folder_path": r"\\files\lab"}, channel="portal"
    )

    manager = sign_in("shirin")
    assert manager.get_attribute("html", "dir") == "rtl"
    manager.click(f"nav a:has-text('{said('fa', 'Approvals')}')")
    manager.wait_for_url("**/portal/approvals/")
    card = manager.locator("[data-testid=pending]")
    assert "رضا احمدی" in card.text_content() and "مسیر پوشه" in card.text_content()
    assert "مدیر" in card.locator("[data-testid=step]").text_content()
    card.locator("textarea").fill("برای این پوشه مجوز مدیر مالی لازم است")
    card.locator("[data-testid=reject]").click()
    manager.wait_for_url("**/portal/approvals/")
    assert manager.is_visible("[data-testid=nothing-pending]")
    assert "برای این پوشه" in manager.text_content("[data-testid=decided]")

    request.ticket.refresh_from_db()
    assert (request.ticket.status, request.ticket.resolution_code) == (lifecycle.CLOSED, "not_approved")
    requester = sign_in("reza")
    requester.goto(f"{live_server.url}/portal/tickets/{request.ticket.reference}/")
    assert requester.get_attribute("html", "dir") == "rtl"
    assert requester.text_content("[data-testid=status]") == said("fa", "Closed")
    why = requester.text_content("[data-testid=not-approved]")
    assert said("fa", "Not approved") in why and "برای این پوشه مجوز مدیر مالی لازم است" in why
    assert "شیرین مدیر" in why and "مدیر" in why  # who rejected, at which step, in Persian
    told = Notification.objects.get(recipient=reza, kind=Notification.Kind.APPROVAL_REJECTED)
    assert "تأیید نشد" in told.subject and "برای این پوشه" in told.body


def test_a_finnish_user_gets_a_shared_folder_approved_by_mail_reply_and_lands_in_the_ldap_group(
    sign_in, live_server, slapd, settings
):
    call_command("demo", tickets=0)
    user, manager = Person.objects.get(username="sisu.user"), Person.objects.get(username="sisu.manager")
    aino = Person.objects.get(username="aino")
    directory = sisu_directory(slapd)
    item = CatalogItem.objects.get(organisation__code="SISU", code="shared-folder-access")

    # The user asks in the portal, in Finnish.
    page = sign_in("sisu.user", content.PASSWORD)
    page.goto(f"{live_server.url}/portal/catalogue/{item.pk}/")
    assert page.get_attribute("html", "lang") == "fi"
    page.select_option("#id_answer-access_type", "shared_folder")
    page.select_option("#id_answer-folder", "fs-finance")
    page.select_option("#id_answer-access_level", "read")
    page.fill("#id_answer-justification", "Tarvitsen kuukausiraportit.")
    page.click("main button[type=submit]")
    page.wait_for_url("**/portal/tickets/**")
    # the newest: the demo itself leaves a request of sisu.user's waiting (demo/catalogue_requests.py)
    request = ServiceRequest.objects.filter(requested_by=user).latest("created_at")
    ticket = request.ticket
    ticket.refresh_from_db()
    assert ticket.status == lifecycle.AWAITING_APPROVAL

    # The manager gets the approval request by mail, with a reply address signed for them...
    delivered(settings)
    (sent,) = [m for m in django_mail.outbox if manager.email in m.to]
    asked = message_from_bytes(sent.message().as_bytes(), policy=policy.default)
    reply_address = str(asked["Reply-To"])
    assert f"+{ticket.reference.lower()}." in reply_address
    assert "/approvals/decide/" in asked.get_body(("plain",)).get_content()  # the link works too

    # ...and answers it from their mail client: "Hyväksyn" and a comment, the request quoted below.
    body = "Hyväksyn. Raportit kuuluvat hänen työhönsä.\n\n> " + "\n> ".join(sent.body.splitlines()[:3])
    raw = reply_to(sent.message().as_bytes(), manager.email, body)
    raw = re.sub(rb"^To: .*$", f"To: {reply_address}".encode(), raw, count=1, flags=re.M)
    result = ingest(raw, to=reply_address, source=InboundMessage.Source.GATE)
    assert (result.outcome, result.ticket) == ("reply", ticket.reference)
    decided = ticket.events.get(kind=EventKind.APPROVAL_DECIDED)
    assert (decided.actor, decided.data["decision"]) == (manager, "approved")
    assert decided.data["comment"] == "Raportit kuuluvat hänen työhönsä."
    assert not ticket.comments.filter(author=manager).exists()

    # The worker runs the action: the user is in the folder's group in the real directory.
    fulfilment.run_pending(ticket.pk)
    (run,) = fulfilment_models.ActionRun.objects.filter(ticket=ticket, dry_run=False)
    assert run.status == "done"
    directory.search(f"cn=fs-finance,{GROUPS}", "(objectClass=*)", ldap3.BASE, attributes=["member"])
    assert f"uid=sisu.user,{PEOPLE}".lower() in [m.lower() for m in directory.entries[0].member.values]

    # The service desk ticks off its task; the request resolves and the user is told.
    (task,) = fulfilment_models.Task.objects.filter(ticket=ticket)
    fulfilment.complete_task(aino, task)
    ticket.refresh_from_db()
    assert ticket.status == lifecycle.RESOLVED
    django_mail.outbox.clear()
    delivered(settings)
    told = [m for m in django_mail.outbox if user.email in m.to]
    assert told and ticket.reference in told[-1].subject
    page.goto(f"{live_server.url}/portal/tickets/{ticket.reference}/")
    assert page.text_content("[data-testid=status]") == said("fi", "Resolved")
    approval = page.text_content("[data-testid=approval]")
    assert manager.name in approval and "Raportit kuuluvat hänen työhönsä." in approval


def test_a_decision_link_works_once_in_the_browser_without_signing_in(browser, live_server):
    org = OrganisationFactory(code="SUOMI", domains=["suomi.example"], language="fi")
    mikko = PersonFactory(organisation=org, name="Mikko Esimies", language="fi")
    aino = PersonFactory(organisation=org, name="Aino Virtanen", language="fi", manager=mikko)
    item = make_item(org, approval_steps=[MANAGER_STEP])
    request = requests.submit_request(
        aino, item, {"access_type": "shared_folder", "folder_path": r"\\files\talous"}, channel="portal"
    )
    body = Notification.objects.get(recipient=mikko, kind=Notification.Kind.APPROVAL_REQUEST).body
    link = re.search(r"https?://\S+/approvals/decide/[^/\s]+/", body).group()
    path = link[link.index("/approvals/") :]

    page = browser.new_context(locale="en-GB").new_page()  # a browser nobody signed in with
    page.goto(f"{live_server.url}{path}")
    assert page.get_attribute("html", "lang") == "fi"
    assert "Aino Virtanen" in page.text_content("main") and r"\\files\talous" in page.text_content("main")
    page.reload()  # looking again decides nothing
    assert selectors.pending_for(mikko).exists()
    page.fill("textarea", "Tarpeen")
    page.click("[data-testid=approve]")
    page.wait_for_selector("[data-testid=link-done]")
    request.ticket.refresh_from_db()
    assert request.ticket.status == lifecycle.NEW and not selectors.pending_for(mikko).exists()
    assert not [c for c in page.context.cookies() if c["name"] == "sessionid"]  # nobody signed in
    page.goto(f"{live_server.url}{path}")
    assert page.is_visible("[data-testid=link-refused]")
    page.goto(f"{live_server.url}/portal/approvals/")  # the link opened nothing else
    assert "/accounts/login/" in page.url


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_approval_pages_are_accessible(browser, sign_in, live_server, language):
    org = OrganisationFactory(code="PARS", domains=["pars.example"], language=language)
    boss = ClientManagerFactory(organisation=org, username="boss", name="Boss", language=language)
    asker = PersonFactory(organisation=org, name="Asker", language=language, manager=boss)
    boss.set_password(PASSWORD)
    boss.save()
    item = make_item(org, approval_steps=[MANAGER_STEP])
    requests.submit_request(
        asker, item, {"access_type": "shared_folder", "folder_path": "x"}, channel="portal"
    )
    body = Notification.objects.get(recipient=boss, kind=Notification.Kind.APPROVAL_REQUEST).body
    path = re.search(r"/approvals/decide/[^/\s]+/", body).group()

    page = browser.new_context(locale="en-GB").new_page()
    page.set_viewport_size({"width": 1100, "height": 760})
    page.goto(f"{live_server.url}{path}")
    assert violations(page) == [], f"{language} decision link"
    portal = sign_in("boss")
    portal.set_viewport_size({"width": 1100, "height": 760})
    portal.goto(f"{live_server.url}/portal/approvals/")
    assert violations(portal) == [], f"{language} approvals"
