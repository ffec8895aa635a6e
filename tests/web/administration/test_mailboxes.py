"""The mailboxes administration page: who may open it, the list, the form (with its write-only
password), and the connection check against a real IMAP server (Dovecot)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from moked.mail import configuration
from moked.mail.ingest import ingest
from moked.mail.models import InboundMessage, Mailbox
from tests.factories import AdminFactory, AgentFactory, OrganisationFactory, PersonFactory
from tests.mail import conftest as mail_fixtures
from tests.mail.conftest import mail
from tests.web.clients import client_for
from tests.web.conftest import PASSWORD
from tests.web.test_accessibility import check

imap_server = mail_fixtures.imap_server  # the real Dovecot of the mail tests

SECRET = "s3cret-imap-passw0rd"


@pytest.fixture
def org(db):
    return OrganisationFactory(code="ACME", name="Acme", domains=["acme.example"])


@pytest.fixture
def admin(db):
    return AdminFactory(username="agent-maya", name="Maya Admin")


@pytest.fixture
def mailbox(org, admin):
    return configuration.create_mailbox(
        admin,
        organisation=org,
        address="desk@support.example",
        imap_host="imap.acme.example",
        imap_username="desk",
        imap_password=SECRET,
    )


def form_data(org, **changes) -> dict:
    return {
        "organisation": org.pk,
        "address": "help@support.example",
        "name": "Acme help",
        "is_active": "on",
        "unknown_senders": "quarantine",
        "sender_limit_per_hour": "30",
        "tagged_reply_address": "on",
        "imap_host": "",
        "imap_port": "993",
        "imap_security": "ssl",
        "imap_username": "",
        "imap_password": "",
        "imap_folder": "INBOX",
        "imap_processed_folder": "Moked/Processed",
    } | changes


@pytest.mark.django_db
def test_only_admins_open_the_mailbox_pages(org, mailbox):
    pages = [
        "/desk/administration/mailboxes/",
        "/desk/administration/mailboxes/new/",
        f"/desk/administration/mailboxes/{mailbox.pk}/",
    ]
    agent, end_user = AgentFactory(serves=[org]), PersonFactory(organisation=org)
    for page in pages:
        assert client_for(agent).get(page).status_code == 403
        assert client_for(end_user).get(page).status_code == 403
        assert Client().get(page).url.startswith("/accounts/login/")
        assert client_for(AdminFactory()).get(page).status_code == 200
    posted = client_for(agent).post(pages[2], form_data(org, address="taken@support.example"))
    assert posted.status_code == 403
    assert Mailbox.objects.get().address == "desk@support.example"
    assert client_for(AdminFactory()).get("/desk/administration/mailboxes/999999/").status_code == 404


@pytest.mark.django_db
def test_the_start_page_lists_the_mailboxes(admin):
    assert (
        "/desk/administration/mailboxes/" in client_for(admin).get("/desk/administration/").content.decode()
    )


@pytest.mark.django_db
def test_the_list_shows_how_mail_arrives_its_last_poll_and_the_last_days_mail(org, admin, mailbox):
    Mailbox.objects.filter(pk=mailbox.pk).update(
        imap_polled_at=timezone.now(), imap_error="LoginError: [AUTHENTICATIONFAILED] Authentication failed."
    )
    smtp = configuration.create_mailbox(
        admin, organisation=OrganisationFactory(name="Beta"), address="beta@support.example", is_active=False
    )
    for number in range(3):
        ingest(mail(subject=f"Hello {number}"), to="desk@support.example", source="gate")
    InboundMessage.objects.filter(subject="Hello 0").update(received_at=timezone.now() - timedelta(days=2))
    page = client_for(admin).get("/desk/administration/mailboxes/").content.decode()
    desk_row = page[page.index("desk@support.example") :].split("</tr>")[0]
    beta_row = page[page.index(smtp.address) :].split("</tr>")[0]
    assert "IMAP polling" in desk_row and "imap.acme.example" in desk_row and "Acme" in desk_row
    assert "AUTHENTICATIONFAILED" in desk_row and ">2</td>" in desk_row  # the one of two days ago not counted
    assert "SMTP or the mail gate" in beta_row and "Inactive" in beta_row and ">0</td>" in beta_row
    assert SECRET not in page


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 30])
def test_the_list_takes_a_bounded_number_of_queries(admin, count, django_assert_max_num_queries):
    for number in range(count):
        configuration.create_mailbox(
            admin, organisation=OrganisationFactory(), address=f"box{number}@support.example"
        )
    client = client_for(admin)
    with django_assert_max_num_queries(8):
        assert client.get("/desk/administration/mailboxes/").status_code == 200


@pytest.mark.django_db
def test_an_admin_creates_a_mailbox_with_every_setting(org, admin):
    response = client_for(admin).post(
        "/desk/administration/mailboxes/new/",
        form_data(
            org,
            address=" Help@Support.Example ",
            unknown_senders="create",
            sender_limit_per_hour="12",
            tagged_reply_address="",
            imap_host="imap.acme.example",
            imap_port="143",
            imap_security="starttls",
            imap_username="help",
            imap_password=SECRET,
            imap_folder="Support",
            imap_processed_folder="",
        ),
    )
    assert response.status_code == 302 and response.url == "/desk/administration/mailboxes/"
    saved = Mailbox.objects.get()
    assert (saved.address, saved.organisation, saved.unknown_senders, saved.sender_limit_per_hour) == (
        "help@support.example",
        org,
        "create",
        12,
    )
    assert not saved.tagged_reply_address and saved.is_active
    assert (saved.imap_host, saved.imap_port, saved.imap_security, saved.imap_username) == (
        "imap.acme.example",
        143,
        "starttls",
        "help",
    )
    assert (saved.imap_password, saved.imap_folder, saved.imap_processed_folder) == (SECRET, "Support", "")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"address": "not an address"}, "Enter a valid email address."),
        ({"address": "desk@support.example"}, "Another mailbox has this address."),
        ({"imap_port": "70000"}, "Ensure this value is less than or equal to 65535."),
        ({"sender_limit_per_hour": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"unknown_senders": "welcome"}, "Select a valid choice."),
        ({"organisation": "999999"}, "Select a valid choice."),
        ({"organisation": "99999999999999999999"}, "Select a valid choice."),  # longer than any id
    ],
)
def test_bad_input_changes_nothing_and_says_why(org, admin, mailbox, changes, error):
    before = list(Mailbox.objects.values())
    response = client_for(admin).post("/desk/administration/mailboxes/new/", form_data(org, **changes))
    assert response.status_code == 200 and error in response.content.decode()
    assert list(Mailbox.objects.values()) == before


@pytest.mark.django_db
def test_the_password_is_never_shown_and_an_empty_one_keeps_the_stored_one(org, admin, mailbox):
    client = client_for(admin)
    url = f"/desk/administration/mailboxes/{mailbox.pk}/"
    page = client.get(url).content.decode()
    assert SECRET not in page and "A password is stored" in page and 'value="imap.acme.example"' in page
    kept = form_data(
        org, address="desk@support.example", imap_host="imap2.acme.example", imap_username="desk"
    )
    assert client.post(url, kept).status_code == 302
    mailbox.refresh_from_db()
    assert (mailbox.imap_host, mailbox.imap_password) == ("imap2.acme.example", SECRET)
    assert client.post(url, kept | {"imap_password": "another one"}).status_code == 302
    mailbox.refresh_from_db()
    assert mailbox.imap_password == "another one"
    refused = client.post(url, kept | {"imap_password": "typed", "address": ""})
    assert "typed" not in refused.content.decode() and "another one" not in refused.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_connection_check_answers_with_what_the_server_said(org, admin, imap_server):
    client = client_for(admin)
    typed = form_data(
        org,
        imap_host="127.0.0.1",
        imap_port=str(imap_server["port"]),
        imap_security="none",
        imap_username=imap_server["user"],
        imap_password=imap_server["password"],
        action="check",
    )
    fragment = client.post(
        "/desk/administration/mailboxes/new/", typed, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Connected." in fragment and "INBOX holds 0 messages" in fragment and "<html" not in fragment
    wrong = client.post(
        "/desk/administration/mailboxes/new/", typed | {"imap_password": "wrong"}, HTTP_HX_REQUEST="true"
    )
    assert (
        "The connection failed." in wrong.content.decode()
        and "AUTHENTICATIONFAILED" in wrong.content.decode()
    )
    without_script = client.post("/desk/administration/mailboxes/new/", typed).content.decode()
    assert "<html" in without_script and "Connected." in without_script
    assert not Mailbox.objects.exists()  # checking saves nothing

    saved = configuration.create_mailbox(
        admin,
        organisation=org,
        address="desk@support.example",
        imap_host="127.0.0.1",
        imap_port=imap_server["port"],
        imap_security="none",
        imap_username=imap_server["user"],
        imap_password=imap_server["password"],
    )
    stored = client.post(
        f"/desk/administration/mailboxes/{saved.pk}/", typed | {"imap_password": ""}, HTTP_HX_REQUEST="true"
    )
    assert "Connected." in stored.content.decode()  # the stored password, as saving would keep it
    bad_port = client.post(
        "/desk/administration/mailboxes/new/", typed | {"imap_port": "x"}, HTTP_HX_REQUEST="true"
    )
    assert "Correct these IMAP settings first: IMAP port." in bad_port.content.decode()


@pytest.mark.django_db(transaction=True)
def test_an_admin_adds_a_mailbox_and_tests_the_connection(org, admin, imap_server, sign_in):
    admin.set_password(PASSWORD)
    admin.save()
    page = sign_in("agent-maya")
    page.set_viewport_size({"width": 1100, "height": 900})
    page.click("nav >> text=Administration")
    page.click("main >> text=Mailboxes")
    page.wait_for_url("**/desk/administration/mailboxes/")
    page.click("text=New mailbox")
    page.select_option("#id_organisation", str(org.pk))
    page.fill("#id_address", "desk@support.example")
    page.fill("#id_name", "Acme desk")
    page.fill("#id_imap_host", "127.0.0.1")
    page.fill("#id_imap_port", str(imap_server["port"]))
    page.select_option("#id_imap_security", "none")
    page.fill("#id_imap_username", imap_server["user"])
    page.fill("#id_imap_password", "not the password")
    page.click("text=Test the connection")
    page.wait_for_selector("[data-testid=connection-check].alert-danger")
    assert "AUTHENTICATIONFAILED" in page.text_content("[data-testid=connection-check]")
    page.fill("#id_imap_password", imap_server["password"])
    page.click("text=Test the connection")
    page.wait_for_selector("[data-testid=connection-check].alert-success")
    assert "INBOX holds 0 messages" in page.text_content("[data-testid=connection-check]")
    check(page, "en-admin-mailbox")
    page.click("main button:has-text('Save')")
    page.wait_for_url("**/desk/administration/mailboxes/")
    assert "IMAP polling" in page.text_content("main") and "desk@support.example" in page.text_content("main")
    check(page, "en-admin-mailboxes")
    saved = Mailbox.objects.get()
    assert (saved.organisation, saved.imap_port, saved.imap_password) == (
        org,
        imap_server["port"],
        imap_server["password"],
    )
    page.click("text=desk@support.example")
    assert imap_server["password"] not in page.content()
