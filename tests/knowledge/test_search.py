"""Searching and suggesting articles: only what the person may see, in their language, kept up to
date as articles change, in Hebrew, Persian, Finnish and English."""

import itertools

import pytest

from moked.knowledge import services
from moked.knowledge.models import Article
from moked.knowledge.search import ArticleMatch, search_articles, suggest_articles
from tests.factories import AdminFactory, AgentFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

PUBLISHED = Article.State.PUBLISHED


def publish_article(admin, key, language, title, body="", translations=(), **fields):
    article = services.create_article(admin, key=key, language=language, title=title, body=body, **fields)
    for other_language, other_title, other_body in translations:
        services.save_variant(admin, article, language=other_language, title=other_title, body=other_body)
    services.submit_for_review(admin, article)
    return services.publish(admin, article)


@pytest.fixture
def world():
    alpha, bravo = OrganisationFactory(code="ALPHA"), OrganisationFactory(code="BRAVO")
    admin = AdminFactory()
    password = publish_article(
        admin,
        "reset-password",
        "en",
        "Reset your password",
        "If you forgot your password or it expired, open the self-service page and choose a new one.",
        translations=[
            (
                "he",
                "איפוס הסיסמה שלך",
                "אם שכחת את הסיסמה או שפג תוקפה, פתח את דף השירות העצמי ובחר סיסמה חדשה.",
            ),
            (
                "fi",
                "Vaihda salasana",
                "Jos unohdit salasanasi tai se vanheni, avaa itsepalvelusivu ja valitse uusi.",
            ),
        ],
    )
    printer = publish_article(
        admin,
        "printer-jam",
        "en",
        "Clear a paper jam in the printer",
        "Open the front cover, pull the jammed paper out gently and close the cover.",
    )
    return {
        "alpha": alpha,
        "bravo": bravo,
        "admin": admin,
        "password": password,
        "printer": printer,
        "reader": PersonFactory(organisation=alpha, language="en"),
        "outsider": PersonFactory(organisation=bravo, language="en"),
    }


def keys(matches: list[ArticleMatch]) -> list[str]:
    return [match.article.key for match in matches]


def test_a_search_finds_the_article_best_first_with_a_snippet(world):
    matches = search_articles(world["reader"], "forgot password")

    assert keys(matches)[0] == "reset-password"
    assert matches[0].variant.language == "en"
    assert "password" in matches[0].snippet
    assert len(matches[0].snippet) <= 200
    assert all(earlier.score >= later.score for earlier, later in itertools.pairwise(matches))


def test_my_password_stopped_working_finds_reset_your_password(world):
    assert keys(suggest_articles(world["reader"], "my password stopped working"))[:1] == ["reset-password"]


def test_an_empty_query_finds_nothing(world):
    assert search_articles(world["reader"], "   ") == []
    assert suggest_articles(world["reader"], "") == []


def test_the_variant_shown_is_the_readers_language_else_the_source(world):
    [match] = search_articles(world["reader"], "salasana", language="fi", limit=1)
    assert (match.article.key, match.variant.language, match.variant.title) == (
        "reset-password",
        "fi",
        "Vaihda salasana",
    )
    [printer] = search_articles(world["reader"], "paper jam", language="fi", limit=1)
    assert printer.variant.language == "en"


def test_the_language_defaults_to_the_persons(world):
    hebrew_reader = PersonFactory(organisation=world["alpha"], language="he")
    [match] = search_articles(hebrew_reader, "password", limit=1)
    assert match.variant.language == "he"


def test_a_regional_language_code_shows_the_languages_variant(world):
    [match] = search_articles(world["reader"], "password", language="fi-FI", limit=1)
    assert match.variant.language == "fi"


def test_a_suggestion_finds_the_article_for_a_request_and_nothing_for_nonsense(world):
    text = "I forgot my password\nI cannot sign in since this morning, my password expired."
    assert keys(suggest_articles(world["reader"], text))[:1] == ["reset-password"]
    assert suggest_articles(world["reader"], "qwxz vbnm zzzk") == []


def test_a_client_never_gets_another_organisations_article(world):
    admin = world["admin"]
    publish_article(
        admin, "bravo-vpn", "en", "Connect to the Bravo VPN", "Bravo VPN client", organisation=world["bravo"]
    )

    assert "bravo-vpn" not in keys(search_articles(world["reader"], "VPN"))
    assert "bravo-vpn" not in keys(suggest_articles(world["reader"], "connect to the Bravo VPN"))
    assert keys(search_articles(world["outsider"], "Bravo VPN"))[:1] == ["bravo-vpn"]


def test_an_organisations_own_article_replaces_the_general_one(world):
    admin = world["admin"]
    publish_article(
        admin,
        "alpha-password",
        "en",
        "Reset your Alpha password",
        "Alpha people reset their password at the Alpha help desk.",
        organisation=world["alpha"],
        replaces=world["password"],
    )

    assert keys(search_articles(world["reader"], "reset password")) == ["alpha-password"]
    assert keys(search_articles(world["outsider"], "reset password")) == ["reset-password"]


def test_drafts_are_never_suggested_and_staff_may_search_them(world):
    admin, agent = world["admin"], AgentFactory(serves=[world["alpha"]])
    services.create_article(admin, key="vpn-draft", language="en", title="Connect to the VPN", body="VPN")

    assert suggest_articles(agent, "How do I connect to the VPN") == []
    assert search_articles(world["reader"], "VPN", states=[Article.State.DRAFT]) == []
    assert keys(search_articles(agent, "VPN", states=[Article.State.DRAFT])) == ["vpn-draft"]


def test_internal_articles_are_for_staff_only(world):
    admin = world["admin"]
    publish_article(
        admin, "vpn-internal", "en", "VPN gateway restart", "Restart the VPN gateway", visibility="internal"
    )

    assert search_articles(world["reader"], "VPN gateway") == []
    assert keys(search_articles(AgentFactory(), "VPN gateway")) == ["vpn-internal"]


# Languages, through the whole stack


@pytest.fixture
def multilingual(world):
    admin = world["admin"]
    publish_article(
        admin,
        "vpn-he",
        "he",
        "התחברות ל-VPN מהבית",
        "הפעל את GlobalProtect והתחבר עם חשבון העבודה כדי להגיע לתיקיות המשותפות.",
    )
    publish_article(
        admin,
        "printer-fa",
        "fa",
        "چاپگر کار نمی‌کند",
        "اگر چاپگر کار نمی‌کند، کابل شبکه را بررسی کنید و چاپگر را خاموش و روشن کنید.",
    )
    publish_article(
        admin,
        "mailbox-fi",
        "fi",
        "Postilaatikko on täynnä",
        "Kun postilaatikkosi on täynnä, tyhjennä Poistetut-kansio ja siirrä vanhat viestit arkistoon.",
    )
    return world


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("כשהתחברות לVPN לא עובדת", "vpn-he"),  # Hebrew prefixes glued to words
        ("לתיקיות המשותפות", "vpn-he"),
        ("چاپگر كار نمي كند", "printer-fa"),  # Arabic kaf and yeh, no zero-width non-joiner
        ("چاپگرها", "printer-fa"),  # a Persian plural
        ("postilaatikkoni täyttyi", "mailbox-fi"),  # Finnish: "my mailbox filled up"
        ("postilaatikosta", "mailbox-fi"),
        ("pasword", "reset-password"),  # typos
        ("salsanan vaihto", "reset-password"),
    ],
)
def test_a_search_finds_articles_in_every_language_as_people_write(multilingual, text, key):
    assert keys(search_articles(multilingual["reader"], text, limit=3))[:1] == [key]


# The index follows the articles


def test_an_article_is_found_once_published_and_no_longer_once_retired(world):
    admin, reader = world["admin"], world["reader"]
    article = services.create_article(
        admin, key="teams-audio", language="en", title="No sound in Teams meetings", body="Pick the speaker."
    )
    assert search_articles(reader, "Teams sound") == []

    services.submit_for_review(admin, article)
    services.publish(admin, article)
    assert keys(search_articles(reader, "Teams sound")) == ["teams-audio"]

    services.retire(admin, article)
    assert search_articles(reader, "Teams sound") == []


def test_an_edited_title_is_found_by_its_new_words_and_a_restored_version_by_its_old_ones(world):
    admin, reader, printer = world["admin"], world["reader"], world["printer"]
    services.save_variant(
        admin, printer, language="en", title="Toner cartridge replacement", body="Swap the toner."
    )

    assert keys(search_articles(reader, "toner cartridge")) == ["printer-jam"]
    assert "printer-jam" not in keys(search_articles(reader, "paper jam"))

    first = printer.variants.get(language="en").versions.get(number=1)
    services.restore_version(admin, first)
    assert keys(search_articles(reader, "paper jam"))[:1] == ["printer-jam"]


def test_imported_articles_are_found(world):
    from moked.knowledge.importing import import_articles

    import_articles(
        None,
        ['{"key": "wifi-guest", "language": "en", "title": "Wi-Fi for visitors", "body": "Use Corp-Guest."}'],
    )
    assert keys(search_articles(world["reader"], "visitors wifi")) == ["wifi-guest"]


def test_a_change_made_by_another_process_is_read_before_the_next_search(world):
    """Another process wrote a search document (here: the row, as its index_variant would): this
    process's index catches up from the generation alone."""
    from moked.knowledge import indexing

    reader = world["reader"]
    assert search_articles(reader, "cartridge") == []
    variant = world["printer"].variants.get(language="en")
    variant.title = "Replace the toner cartridge"
    variant.save()
    indexing.index_variant(variant)

    assert keys(search_articles(reader, "cartridge")) == ["printer-jam"]


# The semantic model


def test_a_trained_model_is_used_and_a_missing_or_damaged_one_leaves_search_lexical(world, settings):
    from django.core.files.storage import default_storage

    from moked.knowledge.models import SearchIndexState
    from moked.knowledge.search_model import train_search_model

    reader = world["reader"]
    publish_article(world["admin"], "vpn", "en", "Connect to the VPN", "Start the VPN client.")
    name = train_search_model()
    assert name is not None and default_storage.exists(name)
    assert keys(search_articles(reader, "password"))[:1] == ["reset-password"]

    with default_storage.open(name, "wb") as damaged:
        damaged.write(b"not a model")
    SearchIndexState.objects.filter(pk=1).update(model_file=name + ".gone")
    assert keys(search_articles(reader, "password"))[:1] == ["reset-password"]
    SearchIndexState.objects.filter(pk=1).update(model_file=name)
    assert keys(search_articles(reader, "password"))[:1] == ["reset-password"]


def test_retraining_keeps_the_model_it_replaces_and_deletes_older_ones(world):
    from django.core.files.storage import default_storage

    from moked.knowledge.search_model import train_search_model

    publish_article(world["admin"], "vpn", "en", "Connect to the VPN", "Start the VPN client.")
    first = train_search_model()
    second = train_search_model()
    third = train_search_model()
    assert not default_storage.exists(first)
    assert default_storage.exists(second) and default_storage.exists(third)


def test_the_command_trains_the_model_and_rebuilds_the_index(world):
    from io import StringIO

    from django.core.management import call_command

    output = StringIO()
    call_command("knowledge", "reindex", stdout=output)
    call_command("knowledge", "train-search", stdout=output)
    assert "4 article variant(s) indexed." in output.getvalue()
    assert "Search model trained" in output.getvalue() or "Too few articles" in output.getvalue()
    assert keys(search_articles(world["reader"], "paper jam"))[:1] == ["printer-jam"]


def test_a_change_rolled_back_is_forgotten_even_when_another_change_follows(world):
    from django.db import transaction

    admin, reader, printer = world["admin"], world["reader"], world["printer"]
    with pytest.raises(RuntimeError), transaction.atomic():
        services.save_variant(admin, printer, language="en", title="Ghost cartridge", body="Ghost.")
        assert keys(search_articles(reader, "ghost")) == ["printer-jam"]  # seen inside the transaction
        raise RuntimeError

    assert search_articles(reader, "ghost") == []
    with pytest.raises(RuntimeError), transaction.atomic():
        services.save_variant(admin, printer, language="en", title="Ghost cartridge", body="Ghost.")
        assert keys(search_articles(reader, "ghost")) == ["printer-jam"]
        raise RuntimeError
    services.save_variant(admin, world["password"], language="en", title="Reset your password", body="New.")

    assert search_articles(reader, "ghost") == []
    assert keys(search_articles(reader, "paper jam"))[:1] == ["printer-jam"]


def test_after_many_changes_a_process_reads_the_index_afresh_and_after_few_catches_up(world, monkeypatch):
    from moked.knowledge import indexing

    monkeypatch.setattr(indexing, "REBUILD_AFTER", 3)
    first = indexing.current_index()
    services.save_variant(world["admin"], world["printer"], language="en", title="Toner", body="Toner.")
    assert indexing.current_index() is first

    indexing.reindex_all()  # four documents: more than three changed
    rebuilt = indexing.current_index()
    assert rebuilt is not first
    assert keys(search_articles(world["reader"], "toner")) == ["printer-jam"]


def test_a_deleted_article_leaves_every_process_index(world):
    """Deleting an article (the admin's delete, a cascade) removes its search documents without any
    generation of theirs: the index must not keep them (they would weigh on every score and take
    the places of live candidates)."""
    from moked.knowledge import indexing

    reader = world["reader"]
    assert keys(search_articles(reader, "paper jam"))[:1] == ["printer-jam"]
    size = len(indexing.current_index())
    world["printer"].delete()

    assert len(indexing.current_index()) == size - 1
    assert "printer-jam" not in keys(search_articles(reader, "paper jam"))


def test_a_database_emptied_and_filled_again_is_read_afresh(world):
    """A restored or emptied database starts a new index state: documents this process read from
    the old one are forgotten even though the new generations are higher."""
    from django.db import connection

    from moked.knowledge import indexing
    from moked.knowledge.models import SearchDocument, SearchIndexState

    reader = world["reader"]
    assert keys(search_articles(reader, "paper jam"))[:1] == ["printer-jam"]
    with connection.cursor() as cursor:  # as `flush` or a restore does: no signals, no generations
        for model in (SearchDocument, SearchIndexState):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608
    Article.objects.all().delete()
    publish_article(world["admin"], "paper-jam-again", "en", "Paper stuck in the printer", "Open the tray.")

    assert len(indexing.current_index()) == 1
    assert keys(search_articles(reader, "paper printer")) == ["paper-jam-again"]
