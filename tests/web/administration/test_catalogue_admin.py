"""The catalogue and connector administration pages: only admins open them; an item is created and
edited through save_item (texts in four languages, the form, chain and plan as JSON), with every
problem shown beside its box and nothing saved; a changed form is a new version while an old
request keeps its own; a plan is tried against a real directory (slapd) without changing it; a
connector's secret is write-only."""

import json
import re

import pytest
from django.test import Client

from moked.fulfilment.models import ActionRun, Connector
from moked.fulfilment.services import create_connector
from moked.servicerequests import services
from moked.servicerequests.models import CatalogItem, RequestForm
from moked.servicerequests.selectors import labelled_answers
from moked.tickets.models import Channel
from tests.factories import AgentFactory, PersonFactory, TeamLeadFactory
from tests.fulfilment.conftest import ADMIN_DN, ADMIN_PASSWORD, GROUPS, PEOPLE, Directory
from tests.fulfilment.conftest import slapd as slapd_server
from tests.servicerequests.world import FOLDER_FORM, make_world
from tests.web.clients import client_for
from tests.web.conftest import PASSWORD

slapd = slapd_server  # the real OpenLDAP of the fulfilment tests

LIST = "/desk/administration/catalogue/"
CONNECTORS = "/desk/administration/connectors/"


@pytest.fixture
def world(org, requester, agent, admin):
    return make_world(org, requester, agent, admin)


def item_data(item: CatalogItem | None = None, **changes) -> dict:
    """What the item's page posts when saved as it shows it, with `changes`."""
    from moked.web.administration.catalogue_item_form import initial_of

    current = item.current_form() if item else None
    data = initial_of(item, current.fields if current else None)
    data["groups"] = [group.pk for group in data.get("groups", [])]
    data["is_active"] = "on" if data.get("is_active") else ""
    data.update({"action": "save", **changes})
    return {name: value for name, value in data.items() if value is not None}


def page_text(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_only_admins_open_the_catalogue_and_connector_pages(world, org):
    connector = create_connector(
        world.admin,
        organisation=org,
        code="acme-hook",
        name="Acme hook",
        kind="webhook",
        settings={"url": "https://hooks.example/act"},
    )
    pages = [
        LIST,
        f"{LIST}new/",
        f"{LIST}{world.folder.pk}/",
        CONNECTORS,
        f"{CONNECTORS}new/",
        f"{CONNECTORS}{connector.pk}/",
        f"{CONNECTORS}{connector.pk}/delete/",
    ]
    lead = TeamLeadFactory(serves=[org])
    for page in pages:
        for person in (lead, world.agent, world.requester, world.manager):
            assert client_for(person).get(page).status_code == 403, (page, person.role)
        assert Client().get(page).url.startswith("/accounts/login/")
        assert client_for(world.admin).get(page).status_code == 200, page
    assert (
        client_for(lead).post(f"{LIST}{world.folder.pk}/", item_data(world.folder, code="x")).status_code
        == 403
    )
    assert client_for(lead).post(f"{CONNECTORS}{connector.pk}/delete/").status_code == 403
    world.folder.refresh_from_db()
    assert world.folder.code == "folder-access" and Connector.objects.filter(pk=connector.pk).exists()
    assert client_for(world.admin).get(f"{LIST}999999/").status_code == 404
    assert client_for(world.admin).get(f"{CONNECTORS}999999/").status_code == 404
    start = page_text(client_for(world.admin).get("/desk/administration/"))
    assert LIST in start and CONNECTORS in start


@pytest.mark.django_db
def test_the_list_shows_each_organisations_items_and_the_shared_ones_with_filters(world, org):
    admin = client_for(world.admin)

    def codes(**query) -> set[str]:
        response = admin.get(LIST, query)
        return set(re.findall(r"<code>([a-z0-9-]+)</code>", page_text(response)))

    assert codes() == {"folder-access", "password-reset", "invoice-tool", "new-starter", "beta-laptop"}
    assert codes(organisation=world.beta.pk) == {"beta-laptop", "password-reset"}
    assert codes(organisation="shared") == {"password-reset"}
    assert codes(audience="groups") == {"invoice-tool"}
    assert codes(q="kansion") == {"folder-access"}  # a name in Finnish
    services.save_item(world.admin, world.beta_item, is_active=False)
    assert codes(state="inactive") == {"beta-laptop"}
    assert "beta-laptop" not in codes(state="active")


@pytest.mark.django_db
def test_an_admin_creates_an_item_with_its_texts_form_chain_and_plan(world, org):
    form = [{"key": "why", "type": "long_text", "required": True, "label": {"en": "Why", "fa": "چرا"}}]
    chain = [{"name": {"en": "Manager"}, "approvers": [{"kind": "manager"}], "rule": "any"}]
    plan = {"tasks": [{"title": {"en": "Hand over the laptop"}, "group": world.desk.pk}], "actions": []}
    data = item_data(
        organisation=org.pk,
        code="laptop",
        name_en="New laptop",
        name_he="מחשב נייד חדש",
        name_fa="لپ‌تاپ جدید",
        name_fi="Uusi kannettava",
        description_fi="Kannettava uudelle työntekijälle",
        icon="laptop",
        service=world.service.pk,
        delivery_days="5",
        audience="groups",
        groups=[world.finance.pk],
        fulfilment_group=world.desk.pk,
        form_fields=json.dumps(form),
        approval_steps=json.dumps(chain),
        fulfilment_plan=json.dumps(plan),
    )
    response = client_for(world.admin).post(f"{LIST}new/", data)
    item = CatalogItem.objects.get(code="laptop")
    assert response.status_code == 302 and response.url == f"{LIST}{item.pk}/"
    assert item.organisation == org and item.service == world.service and item.fulfilment_group == world.desk
    assert item.name == {
        "en": "New laptop",
        "he": "מחשב נייד חדש",
        "fa": "لپ‌تاپ جدید",
        "fi": "Uusi kannettava",
    }
    assert item.description == {"fi": "Kannettava uudelle työntekijälle"}
    assert (item.icon, item.delivery_days, item.audience) == ("laptop", 5, "groups")
    assert list(item.groups.all()) == [world.finance]
    assert item.approval_steps[0]["approvers"] == [{"kind": "manager"}]
    assert item.fulfilment_plan["tasks"][0]["group"] == world.desk.pk
    assert item.current_form().version == 1 and item.current_form().fields[0]["key"] == "why"
    shown = page_text(client_for(world.admin).get(response.url))
    assert 'lang="fa" dir="rtl"' in shown and "لپ‌تاپ جدید" in shown
    assert 'data-version="1"' in shown


@pytest.mark.django_db
def test_problems_of_the_form_chain_and_plan_are_shown_beside_them_and_nothing_is_saved(world, org):
    before = (CatalogItem.objects.count(), RequestForm.objects.count())
    data = item_data(
        organisation=org.pk,
        code="broken",
        name_en="Broken",
        form_fields=json.dumps([{"key": "Bad Key!", "type": "colour", "label": {"en": "Colour"}}]),
        approval_steps=json.dumps([{"name": {"en": "Boss"}, "approvers": [], "rule": "most"}]),
        fulfilment_plan=json.dumps({"actions": [{"connector": "x", "action": "paint"}]}),
    )
    response = client_for(world.admin).post(f"{LIST}new/", data)
    assert response.status_code == 200
    assert (CatalogItem.objects.count(), RequestForm.objects.count()) == before
    errors = response.context["form"].errors
    assert set(errors) >= {"form_fields", "approval_steps", "fulfilment_plan"}
    shown = page_text(response)
    for name in ("form_fields", "approval_steps", "fulfilment_plan"):
        assert f'id="id_{name}_error"' in shown  # beside its box

    # the admin reads them in their language
    world.admin.language = "fi"
    world.admin.save()
    finnish = client_for(world.admin).post(f"{LIST}new/", data)
    assert "Step 1 has an unknown rule." in response.context["form"].errors["approval_steps"]
    assert "Vaiheella 1 on tuntematon sääntö." in finnish.context["form"].errors["approval_steps"]

    # text that is not JSON at all
    response = client_for(world.admin).post(
        f"{LIST}{world.folder.pk}/", item_data(world.folder, approval_steps="[{not json")
    )
    assert "rivi 1" in " ".join(response.context["form"].errors["approval_steps"])  # in Finnish, where
    world.folder.refresh_from_db()
    assert world.folder.approval_steps == []


@pytest.mark.django_db
def test_a_changed_form_is_a_new_version_and_an_old_request_keeps_its_own(world, org):
    old = services.submit_request(
        world.requester,
        world.folder,
        {"access": "shared", "folder": r"\\files\finance"},
        channel=Channel.PORTAL,
    )
    admin = client_for(world.admin)
    unchanged = admin.post(f"{LIST}{world.folder.pk}/", item_data(world.folder, delivery_days="3"))
    assert unchanged.status_code == 302
    assert world.folder.forms.count() == 1  # the same form again writes nothing
    world.folder.refresh_from_db()
    changed = json.loads(item_data(world.folder)["form_fields"])
    changed[1]["label"] = {"en": "Path of the folder"}
    response = admin.post(
        f"{LIST}{world.folder.pk}/", item_data(world.folder, form_fields=json.dumps(changed))
    )
    assert response.status_code == 302
    assert list(world.folder.forms.values_list("version", flat=True).order_by("version")) == [1, 2]
    old.refresh_from_db()
    assert old.form.version == 1
    labels = [row.label for row in labelled_answers(old.form.fields, old.answers, "en")]
    assert "Folder path" in labels and "Path of the folder" not in labels
    desk = page_text(client_for(world.agent).get(f"/desk/tickets/{old.ticket.reference}/"))
    panel = desk[desk.index('data-testid="request-panel"') :].split("</section>")[0]
    assert "Form version 1" in panel and "Folder path" in panel and "Path of the folder" not in panel
    shown = page_text(admin.get(f"{LIST}{world.folder.pk}/"))
    counts = dict(
        re.findall(
            r'data-version="(\d+)">.*?<td>[^<]*</td>\s*<td>.*?</td>\s*<td>.*?</td>\s*<td>(\d+)</td>',
            shown,
            re.S,
        )
    )
    assert counts == {"2": "0", "1": "1"}
    assert "Path of the folder" in shown  # the preview draws the current version
    world.folder.refresh_from_db()
    assert world.folder.delivery_days == 3


@pytest.mark.django_db
def test_a_form_that_drops_an_answer_the_plan_needs_is_refused(world, org):
    plan = {"actions": [{"connector": "acme-ldap", "action": "add_to_group", "group": "answer:folder"}]}
    world.folder = services.save_item(world.admin, world.folder, fulfilment_plan=plan)
    without_folder = [field for field in FOLDER_FORM if field["key"] != "folder"]
    response = client_for(world.admin).post(
        f"{LIST}{world.folder.pk}/", item_data(world.folder, form_fields=json.dumps(without_folder))
    )
    assert response.status_code == 200
    assert "folder" in " ".join(response.context["form"].errors["fulfilment_plan"])
    assert world.folder.forms.count() == 1


@pytest.mark.django_db
def test_a_dry_run_tries_the_plan_on_the_page_in_the_directory_changing_nothing(world, org, slapd):
    directory = Directory(slapd)
    aino = PersonFactory(organisation=org, username=directory.uid, name="Aino")
    create_connector(
        world.admin,
        organisation=org,
        code="acme-ldap",
        name="Acme directory",
        kind="ldap",
        settings={"url": slapd, "bind_dn": ADMIN_DN, "people_base": PEOPLE, "groups_base": GROUPS},
        secret=ADMIN_PASSWORD,
    )
    plan = {
        "actions": [
            {"connector": "acme-ldap", "action": "add_to_group", "group": "answer:folder"},
            {"connector": "elsewhere", "action": "unlock"},
        ]
    }
    before = directory.snapshot()
    data = item_data(world.folder, fulfilment_plan=json.dumps(plan), action="dry_run")
    data |= {"dry-person": aino.username, "dry-answers": json.dumps({"folder": directory.group})}
    response = client_for(world.admin).post(f"{LIST}{world.folder.pk}/", data)
    assert response.status_code == 200
    outcome = response.context["outcome"]
    assert [row["status"] for row in outcome] == ["dry_run", "failed"]
    assert outcome[0]["summary"].startswith("Would add")
    assert "no connector elsewhere" in outcome[1]["error"]
    shown = page_text(response)
    assert "Would add" in shown and 'data-status="failed"' in shown
    assert directory.snapshot() == before and not ActionRun.objects.exists()
    world.folder.refresh_from_db()
    assert world.folder.fulfilment_plan == {}  # tried, not saved
    assert response.context["form"]["fulfilment_plan"].value() == json.dumps(plan)  # kept on the page

    other = PersonFactory(organisation=world.beta, username="beta-person")
    data["dry-person"] = other.username
    response = client_for(world.admin).post(f"{LIST}{world.folder.pk}/", data)
    assert response.context["outcome"] is None and response.context["dry"].errors["person"]
    directory.admin.unbind()


@pytest.mark.django_db
def test_an_admin_creates_edits_and_deletes_a_connector_whose_secret_is_never_shown(world, org, slapd):
    admin = client_for(world.admin)
    data = {
        "organisation": org.pk,
        "code": "acme-ldap",
        "name": "Acme directory",
        "kind": "ldap",
        "is_active": "on",
        "secret": "bind-s3cret",
        "url": slapd,
        "bind_dn": ADMIN_DN,
        "people_base": PEOPLE,
        "groups_base": GROUPS,
        "user_id_attribute": "uid",
        "group_id_attribute": "cn",
        "member_attribute": "member",
        "verify_certificate": "on",
        "user_object_classes": "top person organizationalPerson inetOrgPerson",
        "timeout": "10",
    }
    response = admin.post(f"{CONNECTORS}new/", data)
    assert response.status_code == 302
    connector = Connector.objects.get(code="acme-ldap")
    assert connector.settings["url"] == slapd and connector.settings["people_base"] == PEOPLE
    assert connector.settings["user_object_classes"] == [
        "top",
        "person",
        "organizationalPerson",
        "inetOrgPerson",
    ]
    assert str(connector.secret) == "bind-s3cret"
    shown = page_text(admin.get(f"{CONNECTORS}{connector.pk}/"))
    assert "bind-s3cret" not in shown and "Leave this empty to keep it" in shown
    assert "bind-s3cret" not in page_text(admin.get(CONNECTORS))

    response = admin.post(f"{CONNECTORS}{connector.pk}/", data | {"secret": "", "name": "Acme LDAP"})
    assert response.status_code == 302
    connector.refresh_from_db()
    assert connector.name == "Acme LDAP" and str(connector.secret) == "bind-s3cret"  # kept

    refused = admin.post(f"{CONNECTORS}{connector.pk}/", data | {"url": "http://ldap.example", "code": "a b"})
    assert refused.status_code == 200
    assert refused.context["form"].errors["code"] and "ldap://" in page_text(refused)
    connector.refresh_from_db()
    assert connector.code == "acme-ldap"

    hook = admin.post(
        f"{CONNECTORS}new/",
        {
            "organisation": org.pk,
            "code": "hook",
            "name": "Hook",
            "kind": "webhook",
            "timeout": "10",
            "webhook_url": "http://127.0.0.1:9/act",
            "user_object_classes": "",
        },
    )
    assert hook.status_code == 200 and not Connector.objects.filter(code="hook").exists()

    assert admin.post(f"{CONNECTORS}{connector.pk}/delete/").status_code == 302
    assert not Connector.objects.filter(pk=connector.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_the_item_page_in_persian_reads_right_to_left_and_is_accessible(
    org, requester, agent, admin, browser, live_server
):
    from tests.web.test_accessibility import check

    world = make_world(org, requester, agent, admin)
    persian = AgentFactory(username="agent-shirin", name="شیرین", role="admin", language="fa")
    persian.set_password(PASSWORD)
    persian.save()
    create_connector(
        admin,
        organisation=org,
        code="acme-hook",
        name="Acme hook",
        kind="webhook",
        settings={"url": "https://hooks.example/act"},
        secret="k",
    )
    page = browser.new_context(locale="fa", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", "agent-shirin")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/**")
    page.goto(f"{live_server.url}{LIST}")
    assert page.get_attribute("html", "dir") == "rtl"
    check(page, "fa-admin-catalogue")
    page.goto(f"{live_server.url}{LIST}{world.folder.pk}/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("#id_name_fa", "dir") == "rtl"
    assert page.get_attribute("#id_name_en", "dir") == "ltr"
    assert page.get_attribute("#id_form_fields", "dir") == "ltr"  # JSON reads left to right
    assert page.input_value("#id_name_he") == "גישה לתיקייה"
    check(page, "fa-admin-catalogue-item")
    page.fill("#id_name_fa", "دسترسی به پوشه")
    page.click("button[value=save]")
    page.wait_for_url(f"**{LIST}{world.folder.pk}/")
    world.folder.refresh_from_db()
    assert world.folder.name["fa"] == "دسترسی به پوشه"
    page.goto(f"{live_server.url}{CONNECTORS}")
    check(page, "fa-admin-connectors")
    page.goto(f"{live_server.url}{CONNECTORS}new/")
    check(page, "fa-admin-connector")
    assert page.is_visible("#id_bind_dn") and not page.is_visible("#id_webhook_url")
    page.select_option("#id_kind", "webhook")  # only the settings of its kind are asked
    assert page.is_visible("#id_webhook_url") and not page.is_visible("#id_bind_dn")
