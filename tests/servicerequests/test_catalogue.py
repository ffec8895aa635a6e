"""Who sees which catalogue items, searching them, and configuring items and form versions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from moked.multilingual import in_language
from moked.servicerequests import selectors, services
from moked.servicerequests.models import CatalogItem, RequestForm
from moked.servicerequests.texts import answer_rows, matches


def codes(items):
    return sorted(item.code for item in items)


def test_an_end_user_sees_their_organisations_items_and_the_shared_ones_for_everyone(world):
    assert codes(selectors.items_for(world.requester)) == ["folder-access", "password-reset"]


def test_group_members_and_client_managers_see_the_items_offered_to_them(world):
    assert "invoice-tool" in codes(selectors.items_for(world.accountant))
    assert "new-starter" not in codes(selectors.items_for(world.accountant))
    assert codes(selectors.items_for(world.manager)) == ["folder-access", "new-starter", "password-reset"]


def test_another_organisations_items_are_invisible_and_the_shared_one_is_seen_by_all(world):
    assert codes(selectors.items_for(world.beta_user)) == ["beta-laptop", "password-reset"]
    assert codes(selectors.items_for(world.requester, organisation=world.beta)) == []


def test_staff_pick_the_callers_organisation_among_those_they_serve(world):
    acme = codes(selectors.items_for(world.agent, organisation=world.acme))
    assert acme == ["folder-access", "invoice-tool", "new-starter", "password-reset"]
    assert codes(selectors.items_for(world.agent, organisation=world.beta)) == []
    assert codes(selectors.items_for(world.beta_agent)) == ["beta-laptop", "password-reset"]


def test_inactive_items_and_people_see_nothing(world):
    services.save_item(world.admin, world.folder, is_active=False)
    assert codes(selectors.items_for(world.requester)) == ["password-reset"]
    world.requester.is_active = False
    assert codes(selectors.items_for(world.requester)) == []


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("folder", ["folder-access"]),
        ("kansion", ["folder-access"]),
        ("לתיקייה", ["folder-access"]),
        ("مشترک", ["folder-access"]),
        ("SALASANAN vaihto", ["password-reset"]),
        ("folder printer", []),
    ],
)
def test_search_reads_names_and_descriptions_in_the_four_languages(world, query, found):
    assert codes(selectors.items_for(world.requester, query=query)) == found


def test_item_for_finds_by_code_the_organisations_own_before_a_shared_one(world):
    assert selectors.item_for(world.requester, "password-reset") == world.shared
    own = services.save_item(world.admin, None, organisation=world.acme, code="password-reset", name="Ours")
    assert selectors.item_for(world.requester, "password-reset") == own
    assert selectors.item_for(world.beta_user, "password-reset") == world.shared
    with pytest.raises(CatalogItem.DoesNotExist):
        selectors.item_for(world.beta_user, "folder-access")


def test_only_admins_configure_items(world):
    for person in (world.agent, world.manager, world.requester):
        with pytest.raises(PermissionDenied):
            services.save_item(person, None, code="x", name="X")
        with pytest.raises(PermissionDenied):
            services.new_form_version(person, world.folder, [])


def test_an_item_is_refused_with_each_problem_by_field(world):
    with pytest.raises(ValidationError) as refused:
        services.save_item(
            world.admin,
            None,
            organisation=world.beta,
            service=world.service,
            code="Not a slug!",
            name={"de": "Ordner"},
            audience="groups",
            groups=[world.finance],
            approval_steps="approve",
            fulfilment_plan=[],
        )
    assert set(refused.value.message_dict) == {
        "name",
        "service",
        "code",
        "groups",
        "approval_steps",
        "fulfilment_plan",
    }
    assert not CatalogItem.objects.filter(organisation=world.beta, code__icontains="slug").exists()


def test_codes_are_unique_per_organisation_and_among_shared_items(world):
    with pytest.raises(ValidationError) as refused:
        services.save_item(world.admin, None, code="password-reset", name="Again")
    assert "Another catalogue item has this code." in str(refused.value)
    services.save_item(world.admin, None, organisation=world.beta, code="folder-access", name="Folder")


def test_a_form_edit_writes_a_new_version_and_an_unchanged_form_none(world):
    first = world.folder.current_form()
    assert first.version == 1
    assert services.new_form_version(world.admin, world.folder, first.fields) == first
    changed = [*first.fields, {"key": "reason", "type": "long_text", "label": "Why?"}]
    second = services.new_form_version(world.admin, world.folder, changed)
    assert (second.version, second.created_by) == (2, world.admin)
    assert world.folder.current_form() == second
    first.refresh_from_db()
    assert len(first.fields) == 5
    assert [form.version for form in selectors.form_versions(world.requester, world.folder)] == [2, 1]
    assert list(selectors.form_versions(world.beta_user, world.folder)) == []


def test_a_bad_form_is_refused_with_its_problems_and_no_version(world):
    with pytest.raises(ValidationError) as refused:
        services.new_form_version(world.admin, world.folder, [{"key": "Bad key", "type": "text"}])
    assert "form" in refused.value.message_dict
    assert RequestForm.objects.filter(item=world.folder).count() == 1


def test_texts_in_the_readers_language_else_english():
    assert in_language({"en": "Folder", "fi": "Kansio"}, "fi") == "Kansio"
    assert in_language({"en": "Folder", "fi": "Kansio"}, "he") == "Folder"
    assert in_language({"fa": "پوشه"}, "he") == "پوشه"
    assert in_language("Plain", "fi") == "Plain"
    assert matches("kans fold", {"en": "Folder", "fi": "Kansio"})


def test_answers_read_with_labels_of_the_form_version():
    from tests.servicerequests.world import FOLDER_FORM

    rows = answer_rows(
        FOLDER_FORM,
        {"access": "shared", "folder": r"\\fs\x", "urgent": True, "colleague": 5},
        "fi",
        yes="kyllä",
        people={5: "Aino"},
    )
    assert [(row.label, row.text) for row in rows] == [
        ("Käyttöoikeus", "Jaettu kansio"),
        ("Kansion polku", r"\\fs\x"),
        ("Kiireellinen", "kyllä"),
        ("Same as colleague", "Aino"),
    ]
