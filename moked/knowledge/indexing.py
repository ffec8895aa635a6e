"""The search index of articles: search documents in the database, and each process's in-memory
`TextIndex` (moked.textsimilarity.ranking) built from them.

Writing a variant's text (services: creating, saving, restoring, importing) calls
`index_variant` in the same transaction: its search document is rewritten and stamped with a new
generation. Before each search, `current_index` compares the database's latest generation with
the one the process last read (one small query) and reads only the documents written since. The
state and visibility of articles are not in the index: a search asks the database which of the
best matches the person may see, so publishing, retiring or changing who may see an article
needs no reindexing.

Reading the whole index takes seconds at tens of thousands of documents, so it is done in a
background thread: when a web or background worker starts (`warm_up_in_background`; a search
meanwhile waits for it), and, while searches go on with the index in hand, after a new model or
once the rows of replaced documents exceed a share of the index (compaction).

The semantic model (`moked knowledge train-search`, and weekly by the worker) is a file in
Django's storage named in the index state; a process loads it once. A missing or damaged model
leaves search lexical, never broken.
"""

import logging
import threading
import time
import uuid
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Q

from moked.textsimilarity.ranking import Document, TextIndex, document_terms
from moked.textsimilarity.semantic import SemanticModel

from .models import ArticleVariant, SearchDocument, SearchIndexState
from .rendering import markdown_to_text

logger = logging.getLogger(__name__)

STATE_KEY = 1
# A process reads the whole index again, rather than catching up, when at least this many
# documents (or a quarter of its index) changed since it last looked.
REBUILD_AFTER = 1000
# A process rebuilds its index in the background when the rows of replaced documents it holds
# exceed this share of the live ones (and this many): edits otherwise pile up in memory.
COMPACT_SHARE = 0.25
COMPACT_AFTER_REPLACED = 500


def index_variant(variant: ArticleVariant) -> None:
    """Write the variant's search document, as it now reads; call inside the transaction that
    changed the variant."""
    with transaction.atomic():
        generation = _next_generation()
        document = _document(variant, generation)
        SearchDocument.objects.update_or_create(
            variant_id=variant.pk,
            defaults={field: getattr(document, field) for field in _DOCUMENT_FIELDS},
        )


def reindex_all() -> int:
    """Rewrite every variant's search document (after a bulk change made outside the services);
    returns how many."""
    with transaction.atomic():
        renew_epoch()  # every process reads the rewritten index afresh
        generation = _next_generation()
        SearchDocument.objects.all().delete()
        documents = [
            _document(variant, generation) for variant in ArticleVariant.objects.iterator(chunk_size=2000)
        ]
        SearchDocument.objects.bulk_create(documents, batch_size=1000)
    return len(documents)


_DOCUMENT_FIELDS = ("article_id", "language", "title", "text", "terms", "generation")


def _document(variant: ArticleVariant, generation: int) -> SearchDocument:
    text = markdown_to_text(variant.body)
    return SearchDocument(
        variant_id=variant.pk,
        article_id=variant.article_id,
        language=variant.language,
        title=variant.title,
        text=text,
        terms=" ".join(document_terms(variant.title, text, variant.language).elements()),
        generation=generation,
    )


def _next_generation() -> int:
    """A generation above every earlier one, taken under the state row's lock (held until the
    transaction ends, so generations grow in the order changes commit)."""
    state = _locked_state()
    state.generation = max(time.time_ns() // 1000, state.generation + 1)
    state.save(update_fields=["generation"])
    return state.generation


def _locked_state() -> SearchIndexState:
    state, _created = SearchIndexState.objects.select_for_update().get_or_create(pk=STATE_KEY)
    return state


def read_state() -> tuple[int, str, uuid.UUID | None]:
    """The latest generation, the current model's file name and the index's epoch (None while no
    state row exists)."""
    row = (
        SearchIndexState.objects.filter(pk=STATE_KEY).values_list("generation", "model_file", "epoch").first()
    )
    return row if row is not None else (0, "", None)


def renew_epoch(**_signal) -> None:
    """Search documents were deleted (an article or variant deleted, a cascade: connected to their
    post_delete in KnowledgeConfig.ready): deletions leave no generation to catch up from, so every
    process reads its index afresh. Runs in the deleting transaction."""
    state = _locked_state()
    state.epoch = uuid.uuid4()
    state.generation = max(time.time_ns() // 1000, state.generation + 1)
    state.save(update_fields=["epoch", "generation"])


@dataclass
class _ProcessIndex:
    lock: threading.Lock = field(default_factory=threading.Lock)
    index: TextIndex | None = None
    generation: int = 0
    model_file: str | None = None
    model: SemanticModel | None = None
    epoch: uuid.UUID | None = None
    # Documents read inside a transaction, which may yet be rolled back: read again until a
    # search outside any transaction has seen them committed (or gone).
    unsettled: set[int] = field(default_factory=set)
    # The background build under way, if any (at most one per process).
    builder: threading.Thread | None = None


_process = _ProcessIndex()


def current_index() -> TextIndex:
    """This process's index, caught up with the database.

    With no index yet, a search waits for the build under way in the background (the warm-up), or
    builds the index itself. A new model, or replaced rows past a share of the index, start a
    background rebuild and the search goes on with the index it has. Inside a transaction a new
    model is loaded in place instead (another connection cannot see what the transaction wrote),
    and compacting waits for a search outside one."""
    if _process.index is None and (builder := _process.builder) is not None:
        builder.join()
    generation, model_file, epoch = read_state()
    with _process.lock:
        index = _process.index
        new_model = index is not None and model_file != _process.model_file
        if (
            index is None
            or (new_model and connection.in_atomic_block)
            or generation < _process.generation
            or epoch != _process.epoch
        ):
            # A first use, a model seen only inside this transaction, a database that went back (a
            # rolled-back change), or documents deleted or a database emptied (a new epoch): read
            # it all.
            index = _rebuild_in_place(model_file)
        elif generation > _process.generation and _many_changed(index, _process.generation):
            # A reindex of everything: reading it afresh leaves no replaced rows behind.
            index = _rebuild_in_place(model_file)
        elif generation > _process.generation or _process.unsettled:
            changed = _catch_up(index, _process.generation, _process.unsettled)
            if connection.in_atomic_block:
                _process.unsettled |= changed
            else:
                _process.unsettled.clear()
        _process.index, _process.generation, _process.epoch = index, generation, epoch
        if not connection.in_atomic_block and (
            model_file != _process.model_file or index.replaced_rows > _compaction_threshold(index)
        ):
            _start_builder()
        return index


def warm_up_in_background() -> threading.Thread | None:
    """Build this process's index in a background thread, once, so that its first search finds it
    ready; returns the thread (None when an index or a build is already there). Called where a
    process that serves searches starts: each web worker, each background worker."""
    with _process.lock:
        if _process.index is not None:
            return None
        return _start_builder()


def wait_for_background_build() -> None:
    """Return once no background build is under way (for tests and the benchmark)."""
    while (builder := _process.builder) is not None:
        builder.join()


def _compaction_threshold(index: TextIndex) -> int:
    return max(COMPACT_AFTER_REPLACED, int(len(index) * COMPACT_SHARE))


def _rebuild_in_place(model_file: str) -> TextIndex:
    """Under the lock: load the model if it changed and read the whole index."""
    if model_file != _process.model_file:
        _process.model, _process.model_file = load_model(model_file), model_file
    _process.unsettled.clear()
    return _build(_process.model)


def _start_builder() -> threading.Thread | None:
    """Under the lock: start the background build unless one is under way."""
    if _process.builder is not None:
        return None
    builder = threading.Thread(
        target=_build_in_background, args=(_process.index,), name="knowledge-index", daemon=True
    )
    _process.builder = builder
    builder.start()
    return builder


def _build_in_background(replacing: TextIndex | None) -> None:
    """Read the whole index with the current model, and put it in place of `replacing` (only: an
    index rebuilt meanwhile by a search is as new). The generation is read first, so that the next
    search catches up with whatever was written during the build."""
    try:
        generation, model_file, epoch = read_state()
        model = _process.model if model_file == _process.model_file else load_model(model_file)
        index = _build(model)
        with _process.lock:
            if _process.index is replacing:
                _process.index, _process.generation, _process.epoch = index, generation, epoch
                _process.model, _process.model_file = model, model_file
    except Exception:
        # A failed build leaves the process as it was: the next search builds or catches up.
        logger.exception("Building the knowledge search index in the background failed.")
    finally:
        with _process.lock:
            _process.builder = None
        connection.close()


def _documents(queryset) -> list[Document]:
    return [
        Document(
            key=key, group=article, language=language, title=title, body=text, terms=tuple(terms.split())
        )
        for key, article, language, title, text, terms in queryset.values_list(
            "variant_id", "article_id", "language", "title", "text", "terms"
        ).iterator(chunk_size=2000)
    ]


def _build(model: SemanticModel | None) -> TextIndex:
    index = TextIndex(model)
    index.add(_documents(SearchDocument.objects.order_by("variant_id")))
    index.settle()
    return index


def _many_changed(index: TextIndex, since: int) -> bool:
    enough = max(REBUILD_AFTER, len(index) // 4)
    return SearchDocument.objects.filter(generation__gt=since)[:enough].count() >= enough


def _catch_up(index: TextIndex, since: int, unsettled: set[int]) -> set[int]:
    """Read the documents written since `since`, and those read before that may have been rolled
    back (dropping the ones that are gone); returns the keys read."""
    documents = _documents(
        SearchDocument.objects.filter(Q(generation__gt=since) | Q(variant_id__in=unsettled)).order_by(
            "generation"
        )
    )
    index.add(documents)
    read = {document.key for document in documents}
    for key in unsettled - read:
        index.remove(key)
    return read


def load_model(model_file: str) -> SemanticModel | None:
    """The semantic model in the file, or None (and a warning) when it is missing or damaged."""
    if not model_file:
        return None
    try:
        with default_storage.open(model_file, "rb") as stored:
            return SemanticModel.from_bytes(stored.read())
    except (OSError, ValueError) as error:
        logger.warning(
            "The search model %s could not be loaded (%s): search stays lexical.", model_file, error
        )
        return None
