"""The search index built and rebuilt in a background thread: at a process's start (warm-up),
after a new model, and when replaced rows pile up. These tests commit (transactional_db): the
background thread has a connection of its own and sees only what is committed."""

import threading

import pytest

from moked.knowledge import indexing, services
from moked.knowledge.search import search_articles
from tests.knowledge import test_search
from tests.knowledge.test_search import keys, publish_article

world = test_search.world  # the same articles and people

pytestmark = pytest.mark.django_db(transaction=True)
# Longer than any build here; reached only when a test fails (a search that waited).
GATE_TIMEOUT_S = 30


@pytest.fixture(autouse=True)
def fresh_process(monkeypatch):
    """A process that has no index yet; its background build is over when the test ends."""
    monkeypatch.setattr(indexing, "_process", indexing._ProcessIndex())
    yield
    indexing.wait_for_background_build()


class Gate:
    """Holds the index builds made in background threads until `release`, and counts all builds."""

    def __init__(self, monkeypatch):
        self.started, self.released = threading.Event(), threading.Event()
        self.builds = 0
        real_build = indexing._build

        def build(model):
            self.builds += 1
            if threading.current_thread().name == "knowledge-index":
                self.started.set()
                assert self.released.wait(GATE_TIMEOUT_S)
            return real_build(model)

        monkeypatch.setattr(indexing, "_build", build)

    def release(self):
        self.released.set()


def test_a_search_during_the_warm_up_waits_for_it_and_the_index_is_built_once(world, monkeypatch):
    gate = Gate(monkeypatch)
    builder = indexing.warm_up_in_background()
    assert builder is not None and indexing.warm_up_in_background() is None  # once per process
    assert gate.started.wait(GATE_TIMEOUT_S)

    found: list[list[str]] = []
    reader = world["reader"]
    searcher = threading.Thread(target=lambda: found.append(keys(search_articles(reader, "paper jam"))))
    searcher.start()
    gate.release()
    searcher.join()
    builder.join()

    assert found == [["printer-jam"]]
    assert gate.builds == 1
    assert indexing.warm_up_in_background() is None  # the index is there


def test_a_new_model_is_loaded_in_the_background_while_searches_use_the_index_they_have(world, monkeypatch):
    from moked.knowledge.search_model import train_search_model

    reader = world["reader"]
    publish_article(world["admin"], "vpn", "en", "Connect to the VPN", "Start the VPN client.")
    lexical = indexing.current_index()
    assert lexical.model is None
    gate = Gate(monkeypatch)
    assert train_search_model() is not None

    # The search notices the new model, starts its loading and answers at once from the old index
    # (it would wait on the gate, and fail, if it rebuilt the index itself).
    assert keys(search_articles(reader, "paper jam"))[:1] == ["printer-jam"]
    assert indexing.current_index() is lexical
    assert gate.started.wait(GATE_TIMEOUT_S)
    services.save_variant(world["admin"], world["printer"], language="en", title="Toner", body="Toner.")
    gate.release()
    indexing.wait_for_background_build()

    semantic = indexing.current_index()
    assert semantic is not lexical and semantic.model is not None
    # A change written during the build is caught up with.
    assert keys(search_articles(reader, "toner")) == ["printer-jam"]
    assert gate.builds == 1  # the background one only


def test_replaced_rows_past_a_share_of_the_index_are_compacted_in_the_background(world, monkeypatch):
    monkeypatch.setattr(indexing, "COMPACT_AFTER_REPLACED", 2)
    admin, reader, printer = world["admin"], world["reader"], world["printer"]
    first = indexing.current_index()
    for title in ("Toner one", "Toner two"):  # each read by a search: each leaves a replaced row
        services.save_variant(admin, printer, language="en", title=title, body=title)
        assert keys(search_articles(reader, "toner")) == ["printer-jam"]
    assert indexing.current_index() is first and first.replaced_rows == 2  # not past the threshold

    services.save_variant(admin, printer, language="en", title="Toner three", body="Third.")
    assert keys(search_articles(reader, "toner")) == ["printer-jam"]  # starts the compaction
    indexing.wait_for_background_build()

    compacted = indexing.current_index()
    assert compacted is not first and compacted.replaced_rows == 0
    assert len(compacted) == len(first)
    assert keys(search_articles(reader, "third")) == ["printer-jam"]
    assert search_articles(reader, "two") == []


def test_inside_a_transaction_a_new_model_is_loaded_in_place(world):
    """Another connection would not see the transaction's model: the search loads it itself."""
    from django.db import transaction

    from moked.knowledge.search_model import train_search_model

    publish_article(world["admin"], "vpn", "en", "Connect to the VPN", "Start the VPN client.")
    assert indexing.current_index().model is None
    with transaction.atomic():
        assert train_search_model() is not None
        assert indexing.current_index().model is not None
        assert indexing._process.builder is None


@pytest.mark.parametrize("process", ["web worker", "background worker"])
def test_a_starting_worker_builds_the_index_before_any_search(world, process):
    """The hooks the servers call: gunicorn's post_worker_init in `moked serve`, Huey's startup
    hooks in `moked worker`."""
    from django.utils.module_loading import autodiscover_modules
    from huey.contrib.djhuey import HUEY

    from moked.server.management.commands import serve

    autodiscover_modules("tasks")  # as `moked worker` (run_huey) does

    assert indexing._process.index is None
    if process == "web worker":
        serve.warm_up(worker=None)
    else:
        HUEY._startup["warm_up_search"]()
    indexing.wait_for_background_build()

    index = indexing._process.index
    assert index is not None and len(index) == 4
    assert keys(search_articles(world["reader"], "paper jam")) == ["printer-jam"]
    assert indexing.current_index() is index
