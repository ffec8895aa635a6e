"""Editing a variant (a new version each time), adding a translation (which records the source
version it was made from), and a known error's sections."""

import pytest

from moked.knowledge import services
from moked.knowledge.models import Article
from tests.factories import AgentFactory, OrganisationFactory
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


def test_saving_a_variant_makes_a_new_version_and_flags_the_translations(admin, article):
    client = client_for(admin)
    page = client.get(f"/desk/knowledge/{article.pk}/en/edit/")
    assert page.context["form"]["body"].value() == "Open **Settings**."

    answer = client.post(
        f"/desk/knowledge/{article.pk}/en/edit/", {"title": "Reset your password", "body": "v2"}
    )

    assert answer.status_code == 302
    english = article.variants.get(language="en")
    assert (english.version, english.body) == (2, "v2")
    assert article.variants.get(language="fi").is_stale


def test_a_new_translation_records_the_source_version(admin, article):
    services.save_variant(admin, article, language="en", title="Reset your password", body="v2")
    client = client_for(admin)
    page = client.get(f"/desk/knowledge/{article.pk}/fa/edit/").content.decode()
    assert "New translation into Persian" in page and "The source, in English (version 2)" in page

    client.post(
        f"/desk/knowledge/{article.pk}/fa/edit/",
        {"title": "بازنشانی گذرواژه", "body": "تنظیمات را باز کنید."},
    )

    persian = article.variants.get(language="fa")
    assert (persian.version, persian.translated_from_version, persian.is_stale) == (1, 2, False)


def test_a_known_errors_sections_are_edited_as_sections(admin):
    article = services.create_article(
        admin,
        language="en",
        title="Printer jams",
        body="## Symptom\n\nJams.\n\n## Cause\n\nOld driver.",
        kind=Article.Kind.KNOWN_ERROR,
    )
    client = client_for(admin)
    form = client.get(f"/desk/knowledge/{article.pk}/en/edit/").context["form"]
    assert (form["symptom"].value(), form["cause"].value(), form["workaround"].value()) == (
        "Jams.",
        "Old driver.",
        "",
    )

    client.post(
        f"/desk/knowledge/{article.pk}/en/edit/",
        {
            "title": "Printer jams",
            "symptom": "Jams.",
            "cause": "Old driver.",
            "workaround": "Restart it.",
            "kind": "known_error",
        },
    )

    assert (
        article.variants.get().body
        == "## Symptom\n\nJams.\n\n## Cause\n\nOld driver.\n\n## Workaround\n\nRestart it."
    )


def test_a_body_that_is_not_made_of_sections_is_edited_whole(admin):
    article = services.create_article(
        admin, language="en", title="Odd", body="Intro.\n\n## Symptom\n\nx", kind=Article.Kind.KNOWN_ERROR
    )
    page = client_for(admin).get(f"/desk/knowledge/{article.pk}/en/edit/")
    assert page.context["in_sections"] is False
    assert 'class="variant-form plain"' in page.content.decode()


def test_bad_input_changes_nothing(admin, article):
    client = client_for(admin)
    answer = client.post(f"/desk/knowledge/{article.pk}/en/edit/", {"title": "", "body": "v2"})
    assert answer.status_code == 200 and 'id="not-saved"' in answer.content.decode()
    assert client.get(f"/desk/knowledge/{article.pk}/xx/edit/").status_code == 404
    assert article.variants.get(language="en").version == 1


def test_only_who_may_write_the_article_edits_it(admin, alpha):
    bravo = OrganisationFactory(code="BRAVO")
    own = services.create_article(admin, language="en", title="Bravo VPN", body="b", organisation=bravo)
    stranger = AgentFactory(serves=[alpha])
    assert client_for(stranger).get(f"/desk/knowledge/{own.pk}/en/edit/").status_code == 404
    assert (
        client_for(stranger)
        .post(f"/desk/knowledge/{own.pk}/en/edit/", {"title": "x", "body": "y"})
        .status_code
        == 404
    )
    assert own.variants.get().version == 1


def test_a_stale_translation_links_to_what_changed_in_its_source(admin, article):
    services.save_variant(
        admin, article, language="en", title="Reset your password", body="Open **Options**."
    )
    page = client_for(admin).get(f"/desk/knowledge/{article.pk}/fi/edit/").content.decode()
    assert f'href="/desk/knowledge/{article.pk}/en/compare/?a=1&amp;b=2" data-testid="source-changes"' in page
    changes = client_for(admin).get(f"/desk/knowledge/{article.pk}/en/compare/?a=1&b=2").content.decode()
    assert "<del>Settings</del><ins>Options</ins>" in changes


def test_emptying_every_section_empties_the_text(admin):
    article = services.create_article(
        admin, language="en", title="Printer jams", body="## Symptom\n\nJams.", kind=Article.Kind.KNOWN_ERROR
    )
    client = client_for(admin)
    form = client.get(f"/desk/knowledge/{article.pk}/en/edit/").context["form"]
    posted = {name: form[name].value() or "" for name in ("title", "body", "symptom", "cause", "workaround")}

    client.post(f"/desk/knowledge/{article.pk}/en/edit/", {**posted, "symptom": ""})

    assert article.variants.get().body == ""
