"""Growing vocabularies: a term's column number, and the known words that look like a given word.

`Vocabulary` numbers terms as they come, so that documents added later need no refitting.
`SimilarWords` answers, for the words of a query, the known words that share most of their
character trigrams with them: "salasanani" finds "salasana" and "salasanan" (Finnish
inflection), "pasword" finds "password" (a typo). Its matrix grows with the vocabulary, not with
the documents, so it stays small however many documents use the words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from .normalise import char_ngrams

# Words shorter than this are looked up as they are: "vpn", "wifi" and "very" have too few
# trigrams for a resemblance to mean anything ("very" is not a typo of "every").
MIN_FUZZY_LENGTH = 5
# Words that begin alike over this many letters are taken as forms of one stem (Finnish
# "vieraalle" and "vierailijat", "kirjaimeksi" and "kirjain"), at least PREFIX_SIMILARITY alike.
STEM_LENGTH = 5
PREFIX_SIMILARITY = 0.6
# Words added since the last rebuild are compared one by one until there are this many.
_PENDING_LIMIT = 512


class Vocabulary:
    """Terms numbered in the order they were first seen."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}
        self._terms: list[str] = []

    def __len__(self) -> int:
        return len(self._terms)

    def __contains__(self, term: object) -> bool:
        return term in self._numbers

    def number(self, term: str) -> int:
        """The term's column, numbering it if it is new."""
        found = self._numbers.get(term)
        if found is None:
            found = self._numbers[term] = len(self._terms)
            self._terms.append(term)
        return found

    def get(self, term: str) -> int | None:
        return self._numbers.get(term)

    def term(self, number: int) -> str:
        return self._terms[number]


@dataclass(frozen=True)
class SimilarWord:
    word: str
    similarity: float  # cosine of the two words' trigram sets, in (0, 1]


def _shared_start(first: str, second: str) -> int:
    """How many letters the two words begin with in common."""
    shared = 0
    for one, other in zip(first, second, strict=False):
        if one != other:
            break
        shared += 1
    return shared


def _trigrams(word: str) -> set[str]:
    return set(char_ngrams(word, 3, 3))


class SimilarWords:
    """Known words, found again by resemblance (shared character trigrams)."""

    def __init__(self) -> None:
        self._words = Vocabulary()
        self._grams = Vocabulary()
        self._built = 0  # how many words the matrix holds
        self._matrix: sparse.csr_matrix = sparse.csr_matrix((0, 0), dtype=np.float32)
        self._norms: NDArray[np.float32] = np.zeros(0, dtype=np.float32)
        self._pending: list[tuple[str, set[str]]] = []
        self._by_stem: dict[str, list[str]] = {}

    def __len__(self) -> int:
        return len(self._words)

    def add(self, words: Iterable[str]) -> None:
        for word in words:
            if len(word) >= MIN_FUZZY_LENGTH and word not in self._words:
                self._words.number(word)
                self._pending.append((word, _trigrams(word)))
                if len(word) > STEM_LENGTH:
                    self._by_stem.setdefault(word[:STEM_LENGTH], []).append(word)
        if len(self._pending) >= _PENDING_LIMIT:
            self._rebuild()

    def similar(self, words: Sequence[str], *, min_similarity: float, limit: int) -> list[list[SimilarWord]]:
        """For each word, up to `limit` known words at least `min_similarity` alike, the most
        alike first (the word itself, when known, with similarity 1)."""
        answers: list[list[SimilarWord]] = [[] for _ in words]
        asked = [(position, word) for position, word in enumerate(words) if len(word) >= MIN_FUZZY_LENGTH]
        if not asked:
            return answers
        gram_sets = [_trigrams(word) for _position, word in asked]
        if self._built:
            rows, columns = [], []
            for row, grams in enumerate(gram_sets):
                known = [number for gram in grams if (number := self._grams.get(gram)) is not None]
                rows.extend([row] * len(known))
                columns.extend(known)
            query = sparse.csr_matrix(
                (np.ones(len(rows), dtype=np.float32), (rows, columns)),
                shape=(len(asked), self._matrix.shape[1]),
            )
            shared = (query @ self._matrix.T).tocsr()
            for row, (position, _word) in enumerate(asked):
                start, end = shared.indptr[row], shared.indptr[row + 1]
                numbers = shared.indices[start:end]
                cosines = shared.data[start:end] / (self._norms[numbers] * np.sqrt(len(gram_sets[row])))
                for number, cosine in zip(numbers, cosines, strict=True):
                    if cosine >= min_similarity:
                        answers[position].append(SimilarWord(self._words.term(int(number)), float(cosine)))
        for row, (position, _word) in enumerate(asked):
            grams = gram_sets[row]
            for known_word, known_grams in self._pending:
                cosine = len(grams & known_grams) / np.sqrt(len(grams) * len(known_grams))
                if cosine >= min_similarity:
                    answers[position].append(SimilarWord(known_word, float(cosine)))
            self._add_same_stem(_word, answers[position], min_similarity)
            answers[position].sort(key=lambda similar: (-similar.similarity, similar.word))
            del answers[position][limit:]
        return answers

    def _add_same_stem(self, word: str, found: list[SimilarWord], min_similarity: float) -> None:
        """Add the known words that begin as `word` does, or raise their similarity to that of a
        shared stem."""
        if len(word) <= STEM_LENGTH:
            return
        alike = {similar.word: similar.similarity for similar in found}
        for known in self._by_stem.get(word[:STEM_LENGTH], ()):
            shared = _shared_start(word, known)
            similarity = max(PREFIX_SIMILARITY, shared / max(len(word), len(known)))
            if similarity >= min_similarity and similarity > alike.get(known, 0.0):
                alike[known] = similarity
        found[:] = [SimilarWord(known, similarity) for known, similarity in alike.items()]

    def _rebuild(self) -> None:
        rows: list[int] = []
        columns: list[int] = []
        for number in range(len(self._words)):
            grams = _trigrams(self._words.term(number))
            rows.extend([number] * len(grams))
            columns.extend(self._grams.number(gram) for gram in grams)
        self._matrix = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, columns)),
            shape=(len(self._words), len(self._grams)),
        )
        self._norms = np.sqrt(np.asarray(self._matrix.sum(axis=1), dtype=np.float32).ravel())
        self._built = len(self._words)
        self._pending = []

    def settle(self) -> None:
        """Fold the words added since the last rebuild into the matrix (after a bulk load)."""
        if self._pending:
            self._rebuild()
