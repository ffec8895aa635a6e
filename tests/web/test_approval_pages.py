"""The approval pages: the page behind a decision link (shows on GET, decides once on POST, signs
nobody in, in the approver's language), the portal's and the workspace's list of what waits for an
approver's decision, and delegation while away."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from moked.approvals import selectors, services
from moked.approvals.models import Approver, Delegation
from moked.notifications.models import Notification
from moked.servicerequests import services as requests
from moked.tickets import lifecycle
from moked.tickets.models import EventChannel, EventKind
from tests.factories import (
    AgentFactory,
    ClientManagerFactory,
    OrganisationFactory,
    PersonFactory,
    ServiceFactory,
)
from tests.web.catalogue import make_item

pytestmark = pytest.mark.django_db
MANAGER_STEP = {
    "name": {"en": "Manager", "fi": "Esihenkilö", "fa": "مدیر"},
    "approvers": [{"kind": "manager"}],
    "rule": "any",
}
OWNER_STEP = {"name": {"en": "Service owner"}, "approvers": [{"kind": "service_owner"}], "rule": "any"}
ANSWERS = {"access_type": "shared_folder", "folder_path": r"\\files\talous", "urgent": True}


@pytest.fixture
def world():
    org = OrganisationFactory(
        code="SUOMI", language="fi", domains=["suomi.example"], timezone="Europe/Helsinki"
    )
    manager = PersonFactory(organisation=org, name="Mikko Esimies", language="fi")
    asker = PersonFactory(organisation=org, name="Aino Virtanen", language="fi", manager=manager)
    colleague = PersonFactory(organisation=org, name="Ville Kollega", language="fi")
    boss = ClientManagerFactory(organisation=org, name="Kaisa Johtaja", language="fa")
    item = make_item(org, approval_steps=[MANAGER_STEP])
    return {
        "org": org,
        "manager": manager,
        "asker": asker,
        "colleague": colleague,
        "boss": boss,
        "item": item,
    }


def submit(world, item=None):
    return requests.submit_request(world["asker"], item or world["item"], ANSWERS, channel="portal")


def token_sent_to(person) -> str:
    body = Notification.objects.filter(recipient=person).order_by("-pk").first().body
    return re.search(r"/approvals/decide/([^/\s]+)/", body).group(1)


def test_the_link_page_shows_the_request_in_the_approvers_language_and_a_get_decides_nothing(world, client):
    request = submit(world)
    token = token_sent_to(world["manager"])
    page = client.get(services.decision_link_path(token), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert page.status_code == 200 and '<html lang="fi" dir="ltr">' in text
    assert "Pääsy jaettuun kansioon" in text and "Aino Virtanen" in text and "Esihenkilö" in text
    assert "Kansion polku" in text and r"\\files\talous" in text and "Jaettu kansio" in text
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "same-origin"  # the token is not sent to other sites
    assert "Sign out" not in text and "/portal/" not in text  # signs nobody in, links nowhere else
    client.get(services.decision_link_path(token))  # a mail scanner following the link twice
    assert Approver.objects.get(person=world["manager"]).decision == "pending"
    request.ticket.refresh_from_db()
    assert request.ticket.status == lifecycle.AWAITING_APPROVAL


def test_a_persian_approvers_link_page_reads_right_to_left(world, client):
    world["asker"].manager = world["boss"]
    world["asker"].save()
    submit(world)
    page = client.get(services.decision_link_path(token_sent_to(world["boss"])))
    assert '<html lang="fa" dir="rtl">' in page.content.decode() and "مدیر" in page.content.decode()


def test_the_link_decides_once_signs_nobody_in_and_then_says_it_is_spent(world, client):
    request = submit(world)
    path = services.decision_link_path(token_sent_to(world["manager"]))
    done = client.post(path, {"decision": "approve", "comment": "Tarpeellinen"})
    assert done.status_code == 200 and 'data-testid="link-done"' in done.content.decode()
    assert "_auth_user_id" not in client.session
    (event,) = request.ticket.events.filter(kind=EventKind.APPROVAL_DECIDED)
    assert (event.actor, event.channel, event.data["comment"]) == (
        world["manager"],
        EventChannel.EMAIL,
        "Tarpeellinen",
    )
    again = client.post(path, {"decision": "reject"})
    assert again.status_code == 410 and "link-refused" in again.content.decode()
    assert request.ticket.events.filter(kind=EventKind.APPROVAL_DECIDED).count() == 1
    assert client.get(path).status_code == 410


def test_a_forged_link_is_refused_and_changes_nothing(world, client):
    submit(world)
    token = token_sent_to(world["manager"])
    for bad in (token[:-2] + "xx", "garbage", "a" * 400):
        answer = client.post(f"/approvals/decide/{bad}/", {"decision": "approve"})
        assert answer.status_code == 410 and "link-refused" in answer.content.decode()
    assert Approver.objects.get(person=world["manager"]).decision == "pending"


def test_the_portal_lists_whats_waiting_and_a_rejection_with_a_reason_closes_the_request(world, client):
    world["asker"].manager = world["boss"]
    world["asker"].save()
    request = submit(world)
    client.force_login(world["boss"])
    page = client.get("/portal/approvals/").content.decode()
    assert 'href="/portal/approvals/"' in page  # in the menu
    assert "Aino Virtanen" in page and "مسیر پوشه" in page  # the answers, in the reader's language
    (approver,) = selectors.pending_for(world["boss"])
    answer = client.post(
        f"/portal/approvals/{approver.pk}/decide/",
        {f"a{approver.pk}-decision": "reject", f"a{approver.pk}-comment": "لازم نیست"},
    )
    assert answer.status_code == 302
    request.ticket.refresh_from_db()
    assert (request.ticket.status, request.ticket.resolution_code) == (lifecycle.CLOSED, "not_approved")
    assert "لازم نیست" in request.ticket.resolution_text
    event = request.ticket.events.get(kind=EventKind.APPROVAL_DECIDED)
    assert event.channel == EventChannel.PORTAL
    after = client.get("/portal/approvals/").content.decode()
    assert "nothing-pending" in after and 'data-testid="decided"' in after and "لازم نیست" in after


def test_nobody_decides_anothers_approval_from_the_portal(world, client):
    submit(world)
    (approver,) = selectors.pending_for(world["manager"])
    client.force_login(world["colleague"])
    answer = client.post(f"/portal/approvals/{approver.pk}/decide/", {f"a{approver.pk}-decision": "approve"})
    assert answer.status_code == 404
    assert Approver.objects.get(pk=approver.pk).decision == "pending"
    assert 'href="/portal/approvals/"' not in client.get("/portal/").content.decode()  # no menu entry


def test_an_end_user_sees_the_menu_entry_only_while_asked(world, client):
    client.force_login(world["manager"])
    assert 'href="/portal/approvals/"' not in client.get("/portal/").content.decode()
    submit(world)
    assert 'href="/portal/approvals/"' in client.get("/portal/").content.decode()


def test_staff_approve_in_the_workspace(world, client):
    owner = AgentFactory(name="Olli Omistaja", serves=[world["org"]])
    item = make_item(
        world["org"],
        code="owned",
        approval_steps=[OWNER_STEP],
        service=ServiceFactory(organisation=world["org"], owner=owner),
    )
    request = submit(world, item)
    client.force_login(owner)
    page = client.get("/desk/approvals/").content.decode()
    assert "Aino Virtanen" in page
    (approver,) = selectors.pending_for(owner)
    client.post(f"/desk/approvals/{approver.pk}/decide/", {f"a{approver.pk}-decision": "approve"})
    event = request.ticket.events.get(kind=EventKind.APPROVAL_DECIDED)
    assert (event.actor, event.channel, event.data["decision"]) == (owner, EventChannel.WEB, "approved")
    client.force_login(world["manager"])
    assert client.get("/desk/approvals/").status_code == 403


def test_a_delegate_for_the_holidays_decides_and_the_delegation_ends(world, client):
    client.force_login(world["manager"])
    today = timezone.localdate()
    answer = client.post(
        "/portal/approvals/delegation/",
        {
            "delegation-delegate": world["colleague"].pk,
            "delegation-starts_at": today.isoformat(),
            "delegation-ends_at": (today + timedelta(days=7)).isoformat(),
        },
    )
    assert answer.status_code == 302
    delegation = Delegation.objects.get(person=world["manager"])
    assert delegation.delegate == world["colleague"] and delegation.ends_at > timezone.now() + timedelta(
        days=7
    )
    submit(world)
    client.force_login(world["colleague"])
    page = client.get("/portal/approvals/").content.decode()
    assert "Mikko Esimies" in page and 'data-testid="away"' in page
    client.force_login(world["manager"])
    client.post(f"/portal/approvals/delegation/{delegation.pk}/end/")
    delegation.refresh_from_db()
    assert delegation.ends_at <= timezone.now()
    assert not selectors.pending_for(world["colleague"]).exists()


def test_a_delegation_to_someone_of_another_organisation_or_backwards_is_refused(world, client):
    client.force_login(world["manager"])
    outsider = PersonFactory(organisation=OrganisationFactory(code="MUU"))
    answer = client.post(
        "/portal/approvals/delegation/",
        {
            "delegation-delegate": outsider.pk,
            "delegation-starts_at": "2030-01-02",
            "delegation-ends_at": "2030-01-01",
        },
    )
    assert answer.status_code == 400 and not Delegation.objects.exists()
    text = answer.content.decode()
    assert "id_delegation-delegate_error" in text and "id_delegation-ends_at_error" in text
    answer = client.post(
        "/portal/approvals/delegation/",
        {
            "delegation-delegate": world["colleague"].pk,
            "delegation-starts_at": "2020-01-01",
            "delegation-ends_at": "2020-01-02",
        },
    )
    assert answer.status_code == 400 and "id_delegation-ends_at_error" in answer.content.decode()
    assert not Delegation.objects.exists()


def test_a_persian_approver_reads_a_date_answer_in_the_jalali_calendar(world, client):
    """The approval pages show answers as the request's own page does: 2027-01-04 is
    ۱۴۰۵/۱۰/۱۴ for a Persian reader, not the stored ISO date."""
    world["asker"].manager = world["boss"]  # Kaisa reads Persian
    world["asker"].save()
    requests.submit_request(
        world["asker"], world["item"], {**ANSWERS, "needed_by": "2027-01-04"}, channel="portal"
    )
    client.force_login(world["boss"])
    page = client.get("/portal/approvals/").content.decode()
    cell = re.search(r'data-testid="answer-needed_by">(.*?)</dd>', page, re.S).group(1)
    shown = re.sub(r"<[^>]+>", "", cell)  # what is read, not the machine-readable attribute
    assert "2027-01-04" not in shown
    assert "۱۴۰۵/۱۰/۱۴" in shown
