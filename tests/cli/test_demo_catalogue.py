"""`moked demo` gives each client a service catalogue in its language: password reset, account
unlock, multi-factor sign-in, shared-folder access and a new starter's laptop, with valid forms,
approval chains and fulfilment plans, and the reporting lines and groups the chains need."""

import ldap3
import pytest
from django.core.management import call_command
from ldap3.core.exceptions import LDAPEntryAlreadyExistsResult

from moked.catalog.request_forms import check_form, clean_answers, visible_keys
from moked.demo import content
from moked.demo.catalogue import seed_catalogue
from moked.people.models import ClientGroup, Person, Role, SupportGroup
from moked.servicerequests.models import ICONS, CatalogItem, RequestForm
from moked.tenancy.models import Organisation
from moked.tickets import lifecycle
from tests.fulfilment.conftest import (
    ADMIN_DN,
    ADMIN_PASSWORD,
    GROUPS,
    MFA_ATTRIBUTE,
    PEOPLE,
    admin_connection,
    slapd,
)

__all__ = ["slapd"]  # the throw-away OpenLDAP server, a fixture

pytestmark = pytest.mark.django_db

CODES = {"password-reset", "account-unlock", "mfa", "shared-folder-access", "new-starter-laptop"}


def _people_referenced(steps) -> tuple[set[int], set[int]]:
    people = {a["person"] for step in steps for a in step["approvers"] if a["kind"] == "person"}
    groups = {a["group"] for step in steps for a in step["approvers"] if a["kind"] == "group"}
    return people, groups


def test_each_client_has_the_five_items_in_its_language_with_valid_forms_chains_and_plans():
    call_command("demo", tickets=0)

    support_groups = set(SupportGroup.objects.values_list("pk", flat=True))
    for spec in content.ORGANISATIONS:
        organisation = Organisation.objects.get(code=spec.code)
        items = {item.code: item for item in CatalogItem.objects.filter(organisation=organisation)}
        assert set(items) == CODES, spec.code
        for item in items.values():
            assert item.is_active and item.icon in ICONS and item.delivery_days >= 1
            assert {spec.language, "en"} <= set(item.name) and {spec.language, "en"} <= set(item.description)
            assert item.service.organisation_id == organisation.pk and item.category is not None
            form = item.current_form()
            assert form.version == 1 and form.fields == check_form(form.fields), item
            for field in form.fields:
                assert {spec.language, "en"} <= set(field["label"]), (item.code, field["key"])
            people, groups = _people_referenced(item.approval_steps)
            assert Person.objects.filter(pk__in=people, organisation=organisation).count() == len(people)
            assert ClientGroup.objects.filter(pk__in=groups, organisation=organisation).count() == len(groups)
            for task in item.fulfilment_plan["tasks"]:
                assert task["group"] in support_groups
            for action in item.fulfilment_plan["actions"]:
                assert action["connector"] == "directory" and action["user"] == "requested_for"

        assert [a["action"] for a in items["password-reset"].fulfilment_plan["actions"]] == ["reset_password"]
        assert [a["action"] for a in items["account-unlock"].fulfilment_plan["actions"]] == ["unlock"]
        assert [a["action"] for a in items["mfa"].fulfilment_plan["actions"]] == ["reset_mfa"]
        for code in ("password-reset", "account-unlock", "mfa"):
            assert items[code].approval_steps == []

        folder = items["shared-folder-access"]
        (step,) = folder.approval_steps
        assert step["approvers"] == [{"kind": "manager"}] and step["rule"] == "any"
        assert (step["remind_after_hours"], step["expire_after_hours"], step["on_expiry"]) == (
            4,
            16,
            "reject",
        )
        assert [a["group"] for a in folder.fulfilment_plan["actions"]] == ["answer:folder"]

        laptop = items["new-starter-laptop"]
        assert [s["approvers"] for s in laptop.approval_steps] == [
            [{"kind": "manager"}],
            [{"kind": "client_managers"}],
        ]
        assert sorted({task["stage"] for task in laptop.fulfilment_plan["tasks"]}) == [1, 2]
        assert laptop.audience == "groups" and laptop.groups.get().organisation_id == organisation.pk


def test_the_shared_folder_form_shows_the_folder_only_for_a_shared_folder_and_answers_its_group():
    call_command("demo", tickets=0)
    sisu = CatalogItem.objects.get(organisation__code="SISU", code="shared-folder-access")
    fields = sisu.current_form().fields
    assert sisu.name["fi"] == "Jaetun kansion käyttöoikeus"

    folder = next(field for field in fields if field["key"] == "folder")
    finance = next(choice for choice in folder["choices"] if "Talous" in choice["label"]["fi"])
    assert finance["value"] == "fs-finance" and finance["label"]["fi"] == "\\\\sisu-fs01\\Talous"

    answers = clean_answers(
        fields,
        {
            "access_type": "shared_folder",
            "folder": finance["value"],
            "access_level": "write",
            "distribution_list": "dl-all-staff",
            "justification": "Kuukausiraportit",
        },
    )
    assert answers.ok and answers.values["folder"] == finance["value"]
    assert "distribution_list" not in answers.values  # hidden, so not kept
    assert "folder" not in visible_keys(fields, {"access_type": "distribution_list"})
    refused = clean_answers(fields, {"access_type": "shared_folder", "justification": "x"})
    assert set(refused.errors) == {"folder", "access_level"}


def test_managers_are_in_the_organisation_two_levels_deep_and_the_journeys_have_logins():
    call_command("demo", tickets=0)

    clients = Person.objects.filter(role__in=[Role.END_USER, Role.CLIENT_MANAGER]).select_related("manager")
    for person in clients.exclude(manager=None):
        assert person.manager.organisation_id == person.organisation_id and person.manager != person
    for spec in content.ORGANISATIONS:
        people = clients.filter(organisation__code=spec.code)
        assert people.filter(manager=None).get().role == Role.CLIENT_MANAGER  # the managing director
        assert people.filter(role=Role.CLIENT_MANAGER).count() == 2
        assert people.filter(manager__manager__isnull=False).exists()  # two levels below them
        assert ClientGroup.objects.filter(organisation__code=spec.code).count() >= 2
        assert not ClientGroup.objects.filter(organisation__code=spec.code, members=None).exists()
        user = Person.objects.get(username=f"{spec.code.lower()}.user")
        # the end user's manager is the client manager, a documented login who can approve
        assert user.manager.username == f"{spec.code.lower()}.manager"
        assert user.manager.check_password(content.PASSWORD)
        assert user.manager.organisation.language == spec.language


@pytest.mark.django_db(transaction=True)
def test_a_demo_loaded_without_the_catalogue_gets_it_and_a_second_run_changes_nothing(capsys):
    from moked.tickets.models import Ticket

    call_command("demo", tickets=0)
    Ticket.objects.filter(service_request__item__organisation__code="PARS").delete()  # its live request
    CatalogItem.objects.filter(organisation__code="PARS").delete()
    laptop = CatalogItem.objects.get(organisation__code="SISU", code="new-starter-laptop")
    laptop.delivery_days = 9
    laptop.save()
    forms = RequestForm.objects.count()

    call_command("demo", tickets=0)
    assert "Added the service catalogue: 5 catalogue items." in capsys.readouterr().out
    assert CatalogItem.objects.filter(organisation__code="PARS").count() == 5
    assert RequestForm.objects.count() == forms + 5
    laptop.refresh_from_db()
    assert laptop.delivery_days == 9  # an admin's change stays

    assert not seed_catalogue(None)


def _in_slapd(url: str, uid: str, group: str) -> ldap3.Connection:
    """The demo's directory made real for one person and one group (kept if there already)."""
    admin = admin_connection(url)
    entries = (
        (f"uid={uid},{PEOPLE}", ["inetOrgPerson"], {"uid": uid, "cn": uid, "sn": uid}),
        (f"cn={group},{GROUPS}", ["groupOfNames"], {"cn": group, "member": [f"cn=nobody,{PEOPLE}"]}),
    )
    for dn, classes, attributes in entries:
        try:
            admin.add(dn, classes, attributes)
        except LDAPEntryAlreadyExistsResult:
            pass
    return admin


def sisu_directory(url: str) -> ldap3.Connection:
    """The demo's SISU directory connector pointed at the throw-away slapd, with sisu.user and the
    fs-finance group in it; an admin's connection to it."""
    from moked.fulfilment import models as fulfilment_models
    from moked.fulfilment import services as fulfilment

    directory = _in_slapd(url, "sisu.user", "fs-finance")
    connector = fulfilment_models.Connector.objects.get(organisation__code="SISU", code="directory")
    settings = {"url": url, "bind_dn": ADMIN_DN, "people_base": PEOPLE, "groups_base": GROUPS}
    fulfilment.update_connector(
        Person.objects.get(username="admin"),
        connector,
        {"settings": {**settings, "mfa_attribute": MFA_ATTRIBUTE}, "secret": ADMIN_PASSWORD},
    )
    return directory


def test_a_finnish_users_folder_request_approved_by_mail_reply_puts_them_in_the_group_and_resolves(slapd):
    from moked.approvals import selectors as approvals_selectors
    from moked.approvals import services as approvals
    from moked.fulfilment import models as fulfilment_models
    from moked.fulfilment import services as fulfilment
    from moked.servicerequests import services as requests

    call_command("demo", tickets=0)
    user, manager = Person.objects.get(username="sisu.user"), Person.objects.get(username="sisu.manager")
    aino = Person.objects.get(username="aino")
    directory = sisu_directory(slapd)
    item = CatalogItem.objects.get(organisation__code="SISU", code="shared-folder-access")

    request = requests.submit_request(
        user,
        item,
        {
            "access_type": "shared_folder",
            "folder": "fs-finance",
            "access_level": "read",
            "justification": "Raportit",
        },
        channel="portal",
    )
    ticket = request.ticket
    ticket.refresh_from_db()
    assert ticket.status == lifecycle.AWAITING_APPROVAL
    (approver,) = approvals_selectors.pending_for(manager).filter(step__approval__ticket=ticket)
    approvals.decide_by_reply(manager, approver, "Hyväksyn, tarvitsee raportit.")
    ticket.refresh_from_db()
    assert ticket.status != lifecycle.AWAITING_APPROVAL and ticket.is_open
    (run,) = fulfilment.run_pending(ticket.pk)  # what the worker does once the approval is in
    assert run.status == "done"
    assert (run.parameters["account"], run.parameters["group"]) == ("sisu.user", "fs-finance")
    directory.search(f"cn=fs-finance,{GROUPS}", "(objectClass=*)", ldap3.BASE, attributes=["member"])
    assert f"uid=sisu.user,{PEOPLE}".lower() in [m.lower() for m in directory.entries[0].member.values]
    (task,) = fulfilment_models.Task.objects.filter(ticket=ticket)
    assert task.group.name == "Service Desk" and task.status == "open"
    fulfilment.complete_task(aino, task)
    ticket.refresh_from_db()
    assert ticket.status == lifecycle.RESOLVED


def test_a_persian_manager_rejects_and_a_laptop_goes_through_two_approvals_to_two_stages_of_tasks():
    from moked.approvals import selectors as approvals_selectors
    from moked.approvals import services as approvals
    from moked.fulfilment import models as fulfilment_models
    from moked.servicerequests import services as requests

    call_command("demo", tickets=0)
    user, manager = Person.objects.get(username="pars.user"), Person.objects.get(username="pars.manager")
    folder = CatalogItem.objects.get(organisation__code="PARS", code="shared-folder-access")
    request = requests.submit_request(
        user,
        folder,
        {"access_type": "distribution_list", "distribution_list": "dl-lab", "justification": "x"},
        channel="portal",
    )
    (approver,) = approvals_selectors.pending_for(manager).filter(step__approval__ticket=request.ticket)
    approvals.decide(manager, approver, approve=False, comment="لازم نیست", channel="portal")
    request.ticket.refresh_from_db()
    assert (request.ticket.status, request.ticket.resolution_code) == (lifecycle.CLOSED, "not_approved")

    # A head of finance orders a laptop for a new starter of theirs: the director, then a client manager.
    head = Person.objects.get(username="pars.user03")
    starter = Person.objects.get(username="pars.user07")
    laptop = CatalogItem.objects.get(organisation__code="PARS", code="new-starter-laptop")
    request = requests.submit_request(
        head,
        laptop,
        {"new_starter": starter.pk, "start_date": "2027-01-04", "model": "light"},
        channel="portal",
    )
    director = head.manager
    (first,) = approvals_selectors.pending_for(director).filter(step__approval__ticket=request.ticket)
    approvals.decide(director, first, approve=True, channel="portal")
    (second,) = approvals_selectors.pending_for(manager).filter(step__approval__ticket=request.ticket)
    approvals.decide(manager, second, approve=True, channel="portal")
    tasks = fulfilment_models.Task.objects.filter(ticket=request.ticket).order_by("position")
    assert [(t.stage, t.status, t.group.name) for t in tasks] == [
        (1, "open", "Desktop Support"),
        (1, "open", "Identity & Access"),
        (2, "waiting", "Desktop Support"),
    ]


def test_the_demo_has_catalogue_requests_on_their_way_and_a_second_run_adds_none(capsys):
    from moked.approvals import selectors as approvals_selectors
    from moked.demo.catalogue_requests import seed_live_requests
    from moked.fulfilment.models import ActionRun
    from moked.servicerequests.models import ServiceRequest

    call_command("demo", tickets=0)
    requests = {
        (r.ticket.organisation.code, r.item.code): r
        for r in ServiceRequest.objects.select_related("ticket__organisation", "item")
    }
    assert set(requests) == {
        ("SISU", "shared-folder-access"),
        ("PARS", "new-starter-laptop"),
        ("GALIL", "shared-folder-access"),
        ("NWR", "password-reset"),
    }

    folder = requests["SISU", "shared-folder-access"]
    assert folder.ticket.status == lifecycle.AWAITING_APPROVAL
    assert folder.requested_by.username == "sisu.user"
    sisu_manager = Person.objects.get(username="sisu.manager")
    assert [a.step.approval.ticket_id for a in approvals_selectors.pending_for(sisu_manager)] == [folder.pk]

    laptop = requests["PARS", "new-starter-laptop"]
    assert laptop.ticket.status == lifecycle.AWAITING_APPROVAL
    assert laptop.requested_for.username == "pars.user07"
    steps = laptop.ticket.approvals.get().approval_steps.order_by("position")
    assert list(steps.values_list("status", flat=True)) == ["approved", "pending"]
    pars_manager = Person.objects.get(username="pars.manager")
    assert laptop.pk in [a.step.approval.ticket_id for a in approvals_selectors.pending_for(pars_manager)]

    rejected = requests["GALIL", "shared-folder-access"].ticket
    assert (rejected.status, rejected.resolution_code) == (lifecycle.CLOSED, "not_approved")

    reset = requests["NWR", "password-reset"].ticket
    (run,) = ActionRun.objects.filter(ticket=reset)
    assert run.status == "failed" and run.error
    assert reset.is_open and reset.group == requests["NWR", "password-reset"].item.fulfilment_group

    capsys.readouterr()
    call_command("demo", tickets=0)  # loaded already: the catalogue and its requests stay as they are
    assert "catalogue requests" not in capsys.readouterr().out
    assert ServiceRequest.objects.count() == 4 and seed_live_requests() == 0
