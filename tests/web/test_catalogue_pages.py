"""The catalogue pages without a browser: the portal's list (by category, in the reader's language,
searched), an item's form with a control per field type, its refusals beside their fields, a
request for someone else, a hidden field's value dropped, the answers on the request page from
the version they were made with; another organisation's items out of reach; and the phone desk's
catalogue request for a caller."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from moked.approvals import services as approvals
from moked.approvals.models import Approver
from moked.catalog.request_forms import check_form
from moked.people.models import ClientGroup
from moked.servicerequests.models import Audience, RequestForm, ServiceRequest
from moked.tickets.models import Channel, Ticket, TicketType
from tests.factories import (
    AgentFactory,
    CategoryFactory,
    ClientManagerFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.web.catalogue import make_item, texts
from tests.web.clients import client_for
from tests.web.said import said

pytestmark = pytest.mark.django_db


@pytest.fixture
def aino(org):
    return PersonFactory(organisation=org, username="aino", name="Aino Virtanen", language="fi")


@pytest.fixture
def colleague(org):
    return PersonFactory(organisation=org, username="eero", name="Eero Laine")


def page_of(answer) -> str:
    assert answer.status_code == 200, answer.status_code
    return answer.content.decode()


def shared_folder(**answers) -> dict:
    return {
        "answer-access_type": "shared_folder",
        "answer-folder_path": r"\\files\finance",
        **{f"answer-{key}": value for key, value in answers.items()},
    }


def test_the_catalogue_lists_what_the_reader_may_request_by_category_in_their_language(org, aino):
    access = CategoryFactory(name="Access")
    make_item(org, category=access)
    make_item(None, code="password-reset", name=texts("Password reset", "Salasanan vaihto"), icon="key")
    make_item(org, code="retired", name=texts("Old thing", "Vanha juttu"), is_active=False)
    make_item(OrganisationFactory(), code="theirs", name=texts("Their laptop", "Heidän läppärinsä"))
    managers_only = make_item(org, code="budget", name=texts("Budget", "Budjetti"))
    managers_only.audience = Audience.CLIENT_MANAGERS
    managers_only.save()
    page = page_of(client_for(aino).get("/portal/catalogue/"))
    assert "Pääsy jaettuun kansioon" in page and "Salasanan vaihto" in page  # Finnish names
    assert "Pääsy jaettuun kansioon tai postilaatikkoon." in page  # and description
    assert "Vanha juttu" not in page and "Heidän läppärinsä" not in page and "Budjetti" not in page
    assert page.index(">Access<") < page.index(said("fi", "Other requests"))  # a category, then the rest
    assert 'data-icon="folder"' in page and 'data-icon="key"' in page
    assert "Arvioitu toimitus: 2 arkipäivää" in page
    # an English reader reads the English texts; a client manager sees the managers' item
    manager = ClientManagerFactory(organisation=org, language="en")
    page = page_of(client_for(manager).get("/portal/catalogue/"))
    assert "Shared folder access" in page and "Budget" in page and "Pääsy" not in page


def test_an_item_for_chosen_groups_is_listed_to_their_members_only(org, aino, colleague):
    item = make_item(org, name=texts("Finance share", "Talouden jako"))
    item.audience = Audience.GROUPS
    item.save()
    finance = ClientGroup.objects.create(organisation=org, name="Finance")
    finance.members.add(colleague)
    item.groups.add(finance)
    assert "Talouden jako" not in page_of(client_for(aino).get("/portal/catalogue/"))
    assert "Finance share" in page_of(client_for(colleague).get("/portal/catalogue/"))
    assert client_for(aino).get(f"/portal/catalogue/{item.pk}/").status_code == 404


def test_the_search_runs_on_the_server_in_every_language(org, aino):
    make_item(org)
    make_item(org, code="laptop", name=texts("New laptop", "Uusi kannettava", "מחשב נייד חדש"), icon="laptop")
    client = client_for(aino)
    page = page_of(client.get("/portal/catalogue/", {"q": "kannettava"}))
    assert "Uusi kannettava" in page and "Pääsy jaettuun kansioon</bdi>" not in page
    assert "1 kohde löytyi." in page
    page = page_of(client.get("/portal/catalogue/", {"q": "נייד"}))  # the Hebrew name finds it too
    assert "Uusi kannettava" in page
    page = page_of(client.get("/portal/catalogue/", {"q": "printer"}))
    assert said("fi", "Nothing in the catalogue matches your search.") in page


def test_the_form_has_a_control_for_each_field_type_with_required_marks_and_help(org, aino, colleague):
    item = make_item(org)
    page = page_of(client_for(aino).get(f"/portal/catalogue/{item.pk}/"))
    assert '<select name="answer-access_type"' in page and "Jaettu kansio" in page  # choice, in Finnish
    assert 'name="answer-folder_path"' in page  # text
    assert 'type="email" name="answer-mailbox"' in page
    assert '<textarea name="answer-reason"' in page
    assert 'type="date" name="answer-needed_by"' in page
    assert 'name="answer-people"' in page and 'inputmode="decimal"' in page
    assert page.count('type="checkbox" name="answer-rights"') == 2
    assert page.count('type="radio" name="answer-urgent"') == 2
    assert f'<option value="{colleague.pk}">Eero Laine</option>' in page  # a person of the organisation
    assert 'type="file" name="answer-approval"' in page
    assert "Mitä tarvitset." in page  # help text, Finnish
    assert page.count(f'<span class="visually-hidden"> ({said("fi", "required")})</span>') == 2
    assert '<script id="catalogue-fields" type="application/json">' in page
    assert "web/catalogue_form.js" in page
    assert 'name="requested_for"' in page


def test_refusals_are_shown_beside_their_fields_in_the_readers_language(org, aino):
    item = make_item(org)
    answer = client_for(aino).post(
        f"/portal/catalogue/{item.pk}/",
        {"answer-access_type": "shared_folder", "answer-people": "11", "answer-mailbox": "not an address"},
    )
    page = page_of(answer)
    assert said("fi", "Your request was not sent. Correct what is marked below and send it again.") in page
    folder_error = page[page.index('data-testid="error-folder_path"') :]
    assert folder_error.split("</div></div>")[0].endswith(said("fi", "This field is required."))
    people_error = page[page.index('data-testid="error-people"') :]
    assert (
        said("fi", "Give a number of at most %(max)s.") % {"max": "10"}
        in people_error.split("</div></div>")[0]
    )
    assert 'data-testid="error-mailbox"' not in page  # hidden (not a mailbox request): not judged
    assert not Ticket.objects.exists() and not ServiceRequest.objects.exists()


def test_a_request_opens_a_service_request_ticket_with_its_answers(org, aino, colleague):
    item = make_item(org)
    client = client_for(aino)
    answer = client.post(
        f"/portal/catalogue/{item.pk}/",
        shared_folder(
            reason="Month-end close",
            needed_by="2026-12-24",
            people="3",
            rights=["write", "read"],
            urgent="false",
            colleague=str(colleague.pk),
        ),
    )
    made = ServiceRequest.objects.get()
    ticket = made.ticket
    assert answer.url == f"/portal/tickets/{ticket.reference}/"
    assert (ticket.ticket_type, ticket.channel, ticket.requester) == (
        TicketType.SERVICE_REQUEST,
        Channel.PORTAL,
        aino,
    )
    assert ticket.subject.startswith(
        "Pääsy jaettuun kansioon"
    )  # the item's name, in the requester's language
    assert made.form.version == 1 and made.requested_by == aino and made.requested_for == aino
    assert made.answers == {
        "access_type": "shared_folder",
        "folder_path": r"\\files\finance",
        "reason": "Month-end close",
        "needed_by": "2026-12-24",
        "people": "3",
        "rights": ["read", "write"],
        "urgent": False,
        "colleague": colleague.pk,
    }
    page = page_of(client.get(answer.url))
    answers = page[page.index('data-testid="catalogue-answers"') :]
    assert "Kansion polku" in answers and r"\\files\finance" in answers
    assert "Luku, Kirjoitus" in answers and said("fi", "No") in answers and "Eero Laine" in answers
    assert '<time datetime="2026-12-24"' in answers


def test_a_hidden_fields_value_is_dropped_even_when_sent(org, aino):
    item = make_item(org)
    client_for(aino).post(
        f"/portal/catalogue/{item.pk}/",
        {
            "answer-access_type": "mailbox",
            "answer-mailbox": "Finance@ACME.example",
            "answer-folder_path": r"\\files\secret",  # hidden for a mailbox: never kept
        },
    )
    made = ServiceRequest.objects.get()
    assert made.answers == {"access_type": "mailbox", "mailbox": "finance@acme.example"}
    assert "secret" not in made.ticket.description


def test_a_request_for_someone_else_of_the_organisation(org, aino, colleague):
    item = make_item(org)
    client = client_for(aino)
    answer = client.post(f"/portal/catalogue/{item.pk}/", {**shared_folder(), "requested_for": colleague.pk})
    made = ServiceRequest.objects.get()
    assert (made.requested_by, made.requested_for, made.ticket.requester) == (aino, colleague, aino)
    page = page_of(client.get(answer.url))
    assert "Eero Laine" in page[page.index('data-testid="requested-for"') :]
    # nobody of another organisation can be named
    stranger = PersonFactory(organisation=OrganisationFactory())
    page = page_of(
        client.post(f"/portal/catalogue/{item.pk}/", {**shared_folder(), "requested_for": stranger.pk})
    )
    assert 'data-testid="not-sent"' in page
    assert ServiceRequest.objects.count() == 1


def test_a_person_field_names_only_someone_of_the_organisation(org, aino):
    item = make_item(org)
    stranger = PersonFactory(organisation=OrganisationFactory())
    page = page_of(
        client_for(aino).post(f"/portal/catalogue/{item.pk}/", shared_folder(colleague=stranger.pk))
    )
    assert said("fi", "Choose a person of your organisation.") in page
    assert not ServiceRequest.objects.exists()


def test_an_attachment_answer_is_the_file_on_the_ticket(org, aino):
    item = make_item(org)
    letter = SimpleUploadedFile("approval.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    client = client_for(aino)
    answer = client.post(f"/portal/catalogue/{item.pk}/", shared_folder(approval=letter))
    made = ServiceRequest.objects.get()
    attachment = made.ticket.attachments.get()
    assert made.answers["approval"] == "approval.pdf" == attachment.filename
    page = page_of(client.get(answer.url))
    assert f'href="/api/v1/attachments/{attachment.pk}/download/"><bdi>approval.pdf</bdi>' in page
    # a refused file is refused beside its field, and nothing is made
    virus = SimpleUploadedFile("approval.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    page = page_of(client.post(f"/portal/catalogue/{item.pk}/", shared_folder(approval=virus)))
    assert ".exe" in page[page.index('data-testid="error-approval"') :]
    assert ServiceRequest.objects.count() == 1


def test_the_answers_keep_the_labels_of_the_version_they_were_made_with(org, aino):
    item = make_item(org)
    client = client_for(aino)
    answer = client.post(f"/portal/catalogue/{item.pk}/", shared_folder())
    renamed = [dict(field) for field in item.current_form().fields]
    renamed[1]["label"] = texts("Network path", "Verkkopolku")
    RequestForm.objects.create(item=item, version=2, fields=check_form(renamed))
    page = page_of(client.get(answer.url))
    assert "Kansion polku" in page and "Verkkopolku" not in page
    assert "Verkkopolku" in page_of(client.get(f"/portal/catalogue/{item.pk}/"))


def test_another_organisations_items_are_out_of_reach(org, aino):
    theirs = make_item(OrganisationFactory(), code="theirs")
    client = client_for(aino)
    assert client.get(f"/portal/catalogue/{theirs.pk}/").status_code == 404
    assert client.post(f"/portal/catalogue/{theirs.pk}/", shared_folder()).status_code == 404
    assert client.get("/portal/catalogue/999999999999999999999/").status_code == 404
    assert not ServiceRequest.objects.exists()


def test_staff_use_the_phone_desk_not_the_portals_catalogue(org, agent):
    assert client_for(agent).get("/portal/catalogue/").status_code == 403


def test_an_agent_raises_a_catalogue_request_for_a_caller_from_the_phone_desk(org, aino, agent):
    item = make_item(org)
    make_item(OrganisationFactory(), code="theirs", name=texts("Their laptop"))
    client = client_for(agent)
    page = page_of(client.get("/desk/phone/", {"caller": aino.pk}))
    assert f'href="/desk/phone/catalogue/?caller={aino.pk}"' in page
    page = page_of(client.get("/desk/phone/catalogue/", {"caller": aino.pk}))
    assert "Shared folder access" in page and "Their laptop" not in page  # the agent reads English
    form_address = f"/desk/phone/catalogue/{item.pk}/?caller={aino.pk}"
    assert 'name="answer-folder_path"' in page_of(client.get(form_address))
    answer = client.post(form_address, shared_folder())
    made = ServiceRequest.objects.get()
    ticket = made.ticket
    assert answer.url == f"/desk/tickets/{ticket.reference}/"
    assert (ticket.channel, ticket.requester, made.requested_for, made.requested_by) == (
        Channel.PHONE,
        aino,
        aino,
        aino,  # the caller asks; the agent is who recorded it
    )
    assert ticket.events.get(kind="created").actor == agent
    assert ticket.subject.startswith("Pääsy jaettuun kansioon")  # in the caller's language
    assert made.answers["folder_path"] == r"\\files\finance"


def test_the_phone_desk_reaches_only_callers_the_agent_serves(org, aino):
    outsider = AgentFactory(serves=[OrganisationFactory()])
    item = make_item(org)
    client = client_for(outsider)
    assert client.get("/desk/phone/catalogue/", {"caller": aino.pk}).status_code == 404
    assert (
        client.post(f"/desk/phone/catalogue/{item.pk}/?caller={aino.pk}", shared_folder()).status_code == 404
    )
    assert client_for(aino).get("/desk/phone/catalogue/", {"caller": aino.pk}).status_code == 403
    assert not ServiceRequest.objects.exists()


def approved_by_manager(org):
    """An item approved by the manager, then fulfilled by a task for the desk."""
    desk = GroupFactory(name="Desk")
    return make_item(
        org,
        approval_steps=[
            {"name": texts("Manager", "Esihenkilö"), "approvers": [{"kind": "manager"}], "rule": "all"}
        ],
        fulfilment_plan={
            "tasks": [
                {
                    "title": texts("Give access", "Anna käyttöoikeus"),
                    "checklist": [],
                    "group": desk.pk,
                    "stage": 1,
                }
            ],
            "actions": [],
        },
    )


def test_the_request_page_shows_the_approval_progress_and_the_tasks(org, aino):
    boss = PersonFactory(organisation=org, username="pomo", name="Pomo Päällikkö", language="fi")
    aino.manager = boss
    aino.save()
    item = approved_by_manager(org)
    client = client_for(aino)
    address = client.post(f"/portal/catalogue/{item.pk}/", shared_folder()).url
    page = page_of(client.get(address))
    approval = page[page.index('data-testid="approval"') :].split("</section>")[0]
    assert "Esihenkilö" in approval and "Pomo Päällikkö" in approval
    assert said("fi", "no decision yet") in approval
    assert 'data-testid="tasks"' not in page  # nothing to do before the approval

    approvals.decide(boss, Approver.objects.get(), approve=True, comment="Käy", channel="portal")
    page = page_of(client.get(address))
    approval = page[page.index('data-testid="approval"') :].split("</section>")[0]
    assert "Käy" in approval and said("fi", "no decision yet") not in approval
    tasks = page[page.index('data-testid="tasks"') :].split("</section>")[0]
    assert "Anna käyttöoikeus" in tasks


def test_the_person_a_request_is_for_follows_it_in_the_portal(org, aino, colleague):
    """Requested for someone else: they (a follower) open it and read its answers, its approval
    and its tasks in their language; a colleague who is neither asker, follower nor approver
    cannot open it."""
    boss = PersonFactory(organisation=org, username="pomo", name="Pomo Päällikkö", language="fi")
    colleague.manager = boss
    colleague.language = "fi"
    colleague.save()
    aino.manager = boss
    aino.save()
    item = approved_by_manager(org)
    address = (
        client_for(aino)
        .post(f"/portal/catalogue/{item.pk}/", {**shared_folder(), "requested_for": colleague.pk})
        .url
    )
    approvals.decide(boss, Approver.objects.get(), approve=True, comment="Käy", channel="portal")

    reference = ServiceRequest.objects.get().ticket.reference
    assert reference in page_of(client_for(colleague).get("/portal/"))  # among their requests
    page = page_of(client_for(colleague).get(address))
    answers = page[page.index('data-testid="catalogue-answers"') :].split("</section>")[0]
    assert "Jaettu kansio" in answers and r"\\files\finance" in answers
    approval = page[page.index('data-testid="approval"') :].split("</section>")[0]
    assert "Esihenkilö" in approval and "Pomo Päällikkö" in approval and "Käy" in approval
    tasks = page[page.index('data-testid="tasks"') :].split("</section>")[0]
    assert "Anna käyttöoikeus" in tasks

    bystander = PersonFactory(organisation=org, username="sivu", name="Sivullinen")
    assert client_for(bystander).get(address).status_code == 404


def test_the_new_request_page_points_to_the_catalogue(aino):
    page = page_of(client_for(aino).get("/portal/new/"))
    link = page[page.index('data-testid="to-catalogue"') :].split("</p>")[0]
    assert '<a href="/portal/catalogue/">Valitse se palveluluettelosta</a>' in link
