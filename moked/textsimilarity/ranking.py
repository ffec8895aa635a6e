"""Ranking texts against a query: an in-memory index that grows one document at a time.

Each document (an article's variant, say) belongs to a group (its article); `TextIndex.rank`
scores the groups, a group's score being its best document's. The score adds two parts:

- lexical: BM25 over the documents' terms (`normalise.terms`, the title counted twice), where
  each word of the query also matches the known words that look like it (`SimilarWords`: Finnish
  inflections, typos) a little less strongly. It is the share of the query's weight matched, so
  it lies in [0, 1] and a query of words no document has scores 0;
- semantic: the cosine, in a `SemanticModel`'s space, between the query and the document, which
  finds a document in another language or in other words. Without a model it is 0.

Documents are added, replaced and removed at any time; the matrices are rebuilt when enough have
changed, so a change costs little and a query never waits for a full rebuild.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from .normalise import guess_language, hebrew_variants, persian_variants, terms, words
from .semantic import SemanticModel
from .vocabulary import SimilarWords, Vocabulary

# BM25's saturation and length normalisation, as usual.
K1 = 1.2
B = 0.75
TITLE_WEIGHT = 2
# A query word matches words this alike (trigram cosine), weighted by the likeness squared.
MIN_SIMILARITY = 0.5
SIMILAR_WORDS_PER_WORD = 4
# A word stripped of a prefix or suffix is a slightly weaker match than the word as written.
VARIANT_WEIGHT = 0.9
SEMANTIC_WEIGHT = 0.45
# A word no document has, nor anything like it, weighs this share of a word only one document
# has: it lowers the score (the text is about something else too) without drowning the rest.
UNKNOWN_WORD_WEIGHT = 0.5
# A query's weight (summed idf) below this is too little to match on, whatever share of it
# matched: "the" or "how" alone find nothing in particular.
MIN_QUERY_WEIGHT = 2.0
# Cosines below this are what unrelated texts reach in the reduced space: they count for nothing.
SEMANTIC_FLOOR = 0.25
_COMPACT_AFTER = 256


@dataclass(frozen=True)
class Document:
    key: int  # unique: replacing a document means adding one with the same key
    group: int
    language: str
    title: str
    body: str
    # The terms `document_terms` gives for the title and body, when already computed (each as
    # often as it counts): the index then need not normalise the text again.
    terms: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Scored:
    group: int
    key: int  # the group's best matching document
    score: float
    lexical: float
    semantic: float


@dataclass(frozen=True)
class Query:
    """A query's words, each with the index's terms that count as it and their weights."""

    slots: tuple[tuple[tuple[str, float], ...], ...]
    unknown: int = 0  # words no document (nor the semantic model) has and none resembles

    @property
    def matching_terms(self) -> frozenset[str]:
        return frozenset(term for slot in self.slots for term, _weight in slot)


def _raise_to(
    best: NDArray[np.float64], matrix: sparse.csc_matrix, column: int, weight: float, offset: int
) -> None:
    """best[row] = max(best[row], weight * matrix[row, column]) for the column's rows (shifted by
    `offset`): reading the compressed column directly, which costs what the column holds."""
    start, end = matrix.indptr[column], matrix.indptr[column + 1]
    if start == end:
        return
    rows = matrix.indices[start:end] + offset
    best[rows] = np.maximum(best[rows], matrix.data[start:end] * weight)


def document_terms(title: str, body: str, language: str | None) -> Counter[str]:
    """The terms a document is indexed by, its title's counted TITLE_WEIGHT times."""
    counted: Counter[str] = Counter()
    for term in terms(title, language):
        counted[term] += TITLE_WEIGHT
    counted.update(terms(body, language))
    return counted


def query_words(text: str) -> list[list[str]]:
    """A query's distinct words, each as the spellings it may take in a document (a Hebrew word
    without its prefix letters, a Persian one without its prefix or suffix)."""
    language = guess_language(text)
    seen: set[str] = set()
    slots: list[list[str]] = []
    for word in words(text):
        if word in seen:
            continue
        seen.add(word)
        if language == "he":
            slots.append(_with_construct_forms(hebrew_variants(word)))
        elif language == "fa":
            slots.append(persian_variants(word))
        else:
            slots.append([word])
    return slots


def _with_construct_forms(spellings: list[str]) -> list[str]:
    """Hebrew spellings and the other ending of each: a noun ending in ה takes ת before another
    noun ("פגישה", a meeting; "פגישת Teams", a Teams meeting), and the reverse."""
    other_endings = {"ה": "ת", "ת": "ה"}
    found = list(spellings)
    for spelling in spellings:
        if len(spelling) >= 4 and spelling[-1] in other_endings:
            found.append(spelling[:-1] + other_endings[spelling[-1]])
    return list(dict.fromkeys(found))


@dataclass
class _Rows:
    """Document rows: BM25 weights by term, in a column-compressed matrix plus recent rows."""

    matrix: sparse.csc_matrix = field(default_factory=lambda: sparse.csc_matrix((0, 0), dtype=np.float32))
    pending: list[tuple[int, NDArray[np.int64], NDArray[np.float32]]] = field(default_factory=list)
    pending_matrix: sparse.csc_matrix | None = None


class _GroupMeanings:
    """Each group's semantic vector: the sum of its live documents' unit vectors, so that a query
    is compared with each group once (an article's variants say one thing)."""

    def __init__(self, dimensions: int) -> None:
        self.slot_of: dict[int, int] = {}
        self._sums = np.zeros((0, dimensions), dtype=np.float32)
        self._norms = np.zeros(0, dtype=np.float32)
        self._dirty: set[int] = set()

    def slot(self, group: int) -> int:
        found = self.slot_of.get(group)
        if found is None:
            found = self.slot_of[group] = len(self.slot_of)
            if found >= len(self._sums):
                extra = max(64, len(self._sums))
                self._sums = np.concatenate(
                    [self._sums, np.zeros((extra, self._sums.shape[1]), dtype=np.float32)]
                )
                self._norms = np.concatenate([self._norms, np.zeros(extra, dtype=np.float32)])
        return found

    def change(self, slot: int, vector: NDArray[np.float32]) -> None:
        self._sums[slot] += vector
        self._dirty.add(slot)

    def cosines(self, vector: NDArray[np.float32]) -> NDArray[np.float32]:
        """Per group slot, the cosine between its vector and `vector` (a unit vector)."""
        if self._dirty:
            slots = np.fromiter(self._dirty, dtype=np.int64)
            self._norms[slots] = np.linalg.norm(self._sums[slots], axis=1)
            self._dirty.clear()
        count = len(self.slot_of)
        norms = self._norms[:count]
        # einsum, not `@`: BLAS would spread this small product over threads, which costs more
        # than it saves on a busy server.
        products: NDArray[np.float32] = np.einsum("ij,j->i", self._sums[:count], vector)
        cosines: NDArray[np.float32] = np.divide(
            products, norms, out=np.zeros_like(products), where=norms > 0
        )
        return cosines


class TextIndex:
    """Documents by key, their groups, and what ranks them against a query."""

    def __init__(self, model: SemanticModel | None = None) -> None:
        self.model = model
        self._vocabulary = Vocabulary()
        self._similar = SimilarWords()
        self._rows = _Rows()
        self._row_of: dict[int, int] = {}
        self._keys: list[int] = []
        self._groups: list[int] = []
        self._row_columns: list[NDArray[np.int64]] = []
        self._row_lengths: list[float] = []
        self._alive = np.zeros(0, dtype=bool)
        self._document_frequency = np.zeros(0, dtype=np.float64)
        self._total_length = 0.0
        self._semantic = np.zeros((0, model.dimensions if model else 0), dtype=np.float32)
        self._meanings = _GroupMeanings(model.dimensions if model else 0)
        self._group_slots = np.zeros(0, dtype=np.int64)
        self._model_columns = np.zeros(0, dtype=np.int64)  # per index column, the model's (or -1)

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, key: object) -> bool:
        return key in self._row_of

    @property
    def replaced_rows(self) -> int:
        """Rows of documents since replaced or removed: memory held until the index is rebuilt."""
        return len(self._keys) - len(self._row_of)

    def add(self, documents: Iterable[Document]) -> None:
        """Index the documents, each replacing any earlier one with its key."""
        batch = list(documents)
        counted = [
            Counter(d.terms) if d.terms is not None else document_terms(d.title, d.body, d.language)
            for d in batch
        ]
        first_row = len(self._keys)
        for document, term_counts in zip(batch, counted, strict=True):
            self.remove(document.key)
            self._add_row(document, term_counts)
        if self.model is not None and batch:
            self._add_meanings(self.model, first_row, [list(term_counts.values()) for term_counts in counted])
        if len(self._rows.pending) >= _COMPACT_AFTER:
            self._compact()
        self._similar.add(word for term_counts in counted for word in term_counts)

    def remove(self, key: int) -> None:
        row = self._row_of.pop(key, None)
        if row is None:
            return
        self._alive[row] = False
        if self.model is not None:
            self._meanings.change(int(self._group_slots[row]), -self._semantic[row])
        columns = self._row_columns[row]
        self._document_frequency[columns] -= 1
        self._total_length -= self._row_lengths[row]

    def settle(self) -> None:
        """Rebuild the matrices now (after a bulk load) rather than at a later change."""
        self._compact()
        self._similar.settle()

    def _add_meanings(self, model: SemanticModel, first_row: int, counts: list[list[int]]) -> None:
        """The semantic vectors of the rows from `first_row` on (their terms' counts in order),
        added to their groups'."""
        known = len(self._model_columns)
        if len(self._vocabulary) > known:
            new = [
                model.column(self._vocabulary.term(number)) for number in range(known, len(self._vocabulary))
            ]
            self._model_columns = np.concatenate([self._model_columns, np.asarray(new, dtype=np.int64)])
        rows = range(first_row, len(self._keys))
        columns = np.concatenate([self._row_columns[row] for row in rows])
        vectors = model.vectors_of_columns(
            np.repeat(np.arange(len(rows), dtype=np.int64), [len(self._row_columns[row]) for row in rows]),
            self._model_columns[columns],
            np.asarray([count for row_counts in counts for count in row_counts], dtype=np.float32),
            len(rows),
        )
        for position, row in enumerate(rows):
            # A row already replaced within the same batch stays out of its group's sum.
            if self._alive[row]:
                self._semantic[row] = vectors[position]
                self._meanings.change(int(self._group_slots[row]), vectors[position])

    def _add_row(self, document: Document, term_counts: Counter[str]) -> None:
        row = len(self._keys)
        columns = np.asarray([self._vocabulary.number(term) for term in term_counts], dtype=np.int64)
        counts = np.asarray(list(term_counts.values()), dtype=np.float32)
        self._grow(row + 1)
        self._document_frequency[columns] += 1
        length = float(counts.sum())
        self._total_length += length
        average = max(self._total_length / max(len(self._row_of) + 1, 1), 1.0)
        weights = counts * (K1 + 1) / (counts + K1 * (1 - B + B * length / average))
        self._keys.append(document.key)
        self._groups.append(document.group)
        self._row_columns.append(columns)
        self._row_lengths.append(length)
        self._alive[row] = True
        self._row_of[document.key] = row
        self._rows.pending.append((row, columns, weights.astype(np.float32)))
        self._rows.pending_matrix = None
        self._group_slots[row] = self._meanings.slot(document.group)

    def _grow(self, rows: int) -> None:
        if rows > len(self._alive):
            capacity = max(rows, 2 * len(self._alive), 64)
            extra_rows = capacity - len(self._alive)
            self._alive = np.concatenate([self._alive, np.zeros(extra_rows, dtype=bool)])
            self._group_slots = np.concatenate([self._group_slots, np.zeros(extra_rows, dtype=np.int64)])
            extra = np.zeros((capacity - self._semantic.shape[0], self._semantic.shape[1]), dtype=np.float32)
            self._semantic = np.concatenate([self._semantic, extra])
        if len(self._vocabulary) > len(self._document_frequency):
            capacity = max(len(self._vocabulary), 2 * len(self._document_frequency), 1024)
            self._document_frequency = np.concatenate(
                [self._document_frequency, np.zeros(capacity - len(self._document_frequency))]
            )

    def _pending_as_matrix(self, start_row: int) -> sparse.csc_matrix:
        if self._rows.pending_matrix is None:
            rows = np.concatenate([np.full(len(c), r - start_row) for r, c, _w in self._rows.pending])
            columns = np.concatenate([c for _r, c, _w in self._rows.pending])
            values = np.concatenate([w for _r, _c, w in self._rows.pending])
            self._rows.pending_matrix = sparse.csc_matrix(
                (values, (rows, columns)), shape=(len(self._keys) - start_row, len(self._vocabulary))
            )
        return self._rows.pending_matrix

    def _compact(self) -> None:
        if not self._rows.pending:
            return
        built = self._rows.matrix.shape[0]
        main = self._rows.matrix.copy()
        main.resize((built, len(self._vocabulary)))
        self._rows.matrix = sparse.vstack([main, self._pending_as_matrix(built)], format="csc")
        self._rows.pending, self._rows.pending_matrix = [], None

    # Querying

    def query(self, text: str) -> Query:
        """The query's words and the indexed terms that match each, weighted."""
        slots = query_words(text)
        written = [spellings[0] for spellings in slots]
        similar = self._similar.similar(written, min_similarity=MIN_SIMILARITY, limit=SIMILAR_WORDS_PER_WORD)
        matched: list[tuple[tuple[str, float], ...]] = []
        unknown = 0
        for spellings, alike in zip(slots, similar, strict=True):
            weights: dict[str, float] = {}
            for position, spelling in enumerate(spellings):
                if spelling in self._vocabulary or (self.model is not None and spelling in self.model):
                    weights[spelling] = 1.0 if position == 0 else VARIANT_WEIGHT
            for word in alike:
                weights.setdefault(word.word, word.similarity**2)
            if weights:
                matched.append(tuple(weights.items()))
            else:
                unknown += 1
        return Query(tuple(matched), unknown)

    def rank(self, query: Query, *, min_score: float = 0.0) -> Iterator[Scored]:
        """The groups scoring above `min_score` (and above 0), best first, computed lazily: a
        caller that filters them takes as many as it needs."""
        if not self._row_of or not query.slots:
            return iter(())
        if len(self._rows.pending) >= _COMPACT_AFTER:
            self._compact()
        lexical, weight = self._lexical(query)
        semantic = self._semantic_scores(query) * min(1.0, weight / MIN_QUERY_WEIGHT)
        scores = lexical + SEMANTIC_WEIGHT * semantic
        scores[~self._alive[: len(self._keys)]] = 0.0
        return self._best_groups(scores, lexical, semantic, max(min_score, 0.0))

    def _idf(self, columns: NDArray[np.int64]) -> NDArray[np.float64]:
        documents = len(self._row_of)
        frequency = self._document_frequency[columns]
        return np.log(1.0 + (documents - frequency + 0.5) / (frequency + 0.5))

    def _lexical(self, query: Query) -> tuple[NDArray[np.float64], float]:
        """Each row's share of the query's weight matched, and that weight (summed idf)."""
        rows = len(self._keys)
        total = np.zeros(rows, dtype=np.float64)
        unknown_idf = UNKNOWN_WORD_WEIGHT * math.log(1.0 + (len(self._row_of) + 0.5) / 1.5)
        possible = unknown_idf * query.unknown
        built = self._rows.matrix.shape[0]
        pending = self._pending_as_matrix(built) if self._rows.pending else None
        for slot in query.slots:
            indexed = [
                (number, weight)
                for term, weight in slot
                if (number := self._vocabulary.get(term)) is not None
            ]
            if not indexed:
                # A word only the semantic model knows: no document has it.
                possible += unknown_idf
                continue
            columns = np.asarray([number for number, _weight in indexed], dtype=np.int64)
            weights = np.asarray([weight for _number, weight in indexed]) * self._idf(columns)
            possible += float(weights.max())
            best = np.zeros(rows, dtype=np.float64)
            in_main = columns < self._rows.matrix.shape[1]
            for column, weight in zip(columns[in_main], weights[in_main], strict=True):
                _raise_to(best, self._rows.matrix, int(column), float(weight), 0)
            if pending is not None:
                for column, weight in zip(columns, weights, strict=True):
                    _raise_to(best, pending, int(column), float(weight), built)
            total += best
        return np.minimum(total / max(possible, MIN_QUERY_WEIGHT), 1.0), possible

    def _semantic_scores(self, query: Query) -> NDArray[np.float64]:
        rows = len(self._keys)
        if self.model is None:
            return np.zeros(rows)
        weights: dict[str, float] = {}
        for slot in query.slots:
            for term, weight in slot:
                weights[term] = max(weights.get(term, 0.0), weight)
        [vector] = self.model.vectors([weights])
        if not vector.any():
            return np.zeros(rows)
        cosines = self._meanings.cosines(vector)[self._group_slots[:rows]]
        return np.clip((cosines.astype(np.float64) - SEMANTIC_FLOOR) / (1 - SEMANTIC_FLOOR), 0.0, 1.0)

    def _best_groups(
        self,
        scores: NDArray[np.float64],
        lexical: NDArray[np.float64],
        semantic: NDArray[np.float64],
        min_score: float,
    ) -> Iterator[Scored]:
        candidates = np.flatnonzero(scores > min_score)
        order = candidates[np.argsort(-scores[candidates], kind="stable")]
        seen: set[int] = set()
        for row in order:
            group = self._groups[row]
            if group not in seen:
                seen.add(group)
                yield Scored(
                    group, self._keys[row], float(scores[row]), float(lexical[row]), float(semantic[row])
                )
