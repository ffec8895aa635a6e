"""`moked demo` gives each client a service catalogue in its language: password reset, account
unlock, multi-factor sign-in, shared-folder access and a new starter's laptop, with valid forms,
approval chains and fulfilment plans, and the reporting lines and groups the chains need."""

import pytest
from django.core.management import call_command

from moked.catalog.request_forms import check_form, clean_answers, visible_keys
from moked.demo import content
from moked.demo.catalogue import seed_catalogue
from moked.people.models import ClientGroup, Person, Role, SupportGroup
from moked.servicerequests.models import ICONS, CatalogItem, RequestForm
from moked.tenancy.models import Organisation

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
        assert people.filter(manager=None).count() == 1  # the managing director
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
    call_command("demo", tickets=0)
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
