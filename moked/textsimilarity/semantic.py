"""Meaning beyond shared words: latent semantic analysis trained on the installation's own text.

`train` takes concepts, each a list of terms: an article's variants in every language together,
so that words that translate each other, or say the same thing differently ("password",
"salasana", "sign in", "locked"), land close in the reduced space because they keep company in
the same concepts. `SemanticModel.vectors` places texts in that space; the cosine of two vectors
says how alike their meanings are. A model is saved as a NumPy archive (no pickle) and loaded
back with `SemanticModel.from_bytes`, which refuses a damaged file with `ValueError`.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

MAX_DIMENSIONS = 256
MAX_TERMS = 60_000
_FORMAT = 1


class SemanticModel:
    """A vocabulary, its inverse document frequencies, and the projection to the reduced space."""

    def __init__(
        self, terms: Sequence[str], idf: NDArray[np.float32], components: NDArray[np.float32]
    ) -> None:
        if components.ndim != 2 or components.shape[1] != len(terms) or idf.shape != (len(terms),):
            raise ValueError("a semantic model's parts do not fit together")
        if not np.all(np.isfinite(components)) or not np.all(np.isfinite(idf)):
            raise ValueError("a semantic model holds values that are not numbers")
        self.terms = list(terms)
        self.idf = idf.astype(np.float32)
        self.components = np.ascontiguousarray(components, dtype=np.float32)
        # Rows by term, so that projecting a text reads only its terms' rows.
        self._projection = np.ascontiguousarray(self.components.T)
        self._columns = {term: column for column, term in enumerate(self.terms)}

    def __contains__(self, term: object) -> bool:
        return term in self._columns

    @property
    def dimensions(self) -> int:
        return int(self.components.shape[0])

    def column(self, term: str) -> int:
        """The term's column in the model, -1 for a term it does not know."""
        return self._columns.get(term, -1)

    def vectors(self, texts: Sequence[Mapping[str, float]]) -> NDArray[np.float32]:
        """One unit vector per text (its terms and their weights); zeros for a text with no
        known term."""
        rows = [row for row, weights in enumerate(texts) for _term in weights]
        columns = [self.column(term) for weights in texts for term in weights]
        counts = [weight for weights in texts for weight in weights.values()]
        return self.vectors_of_columns(
            np.asarray(rows, dtype=np.int64),
            np.asarray(columns, dtype=np.int64),
            np.asarray(counts, dtype=np.float32),
            len(texts),
        )

    def vectors_of_columns(
        self, rows: NDArray[np.int64], columns: NDArray[np.int64], counts: NDArray[np.float32], texts: int
    ) -> NDArray[np.float32]:
        """`vectors` for texts given as (text, model column, count) triples, column -1 for an
        unknown term: no Python loop over the terms, for many texts at once."""
        keep = (columns >= 0) & (counts > 0)
        rows, columns, counts = rows[keep], columns[keep], counts[keep]
        # Sublinear counts: a word said five times is not five times the subject.
        values = np.where(counts >= 1, 1.0 + np.log(np.maximum(counts, 1.0)), counts) * self.idf[columns]
        matrix = sparse.csr_matrix(
            (values.astype(np.float32), (rows, columns)), shape=(texts, len(self.terms))
        )
        projected = np.asarray(matrix @ self._projection, dtype=np.float32)
        return _unit_rows(projected)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            format=np.asarray([_FORMAT]),
            terms=np.asarray(self.terms, dtype=str),
            idf=self.idf,
            components=self.components,
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> SemanticModel:
        """The model saved by `to_bytes`; ValueError for anything else."""
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as archive:
                if int(archive["format"][0]) != _FORMAT:
                    raise ValueError("an unknown semantic model format")
                terms = [str(term) for term in archive["terms"]]
                return cls(terms, archive["idf"], archive["components"])
        except (OSError, KeyError, IndexError, EOFError, zipfile.BadZipFile) as error:
            raise ValueError(f"not a semantic model: {error}") from error


def train(
    concepts: Sequence[Mapping[str, float]], *, dimensions: int = MAX_DIMENSIONS
) -> SemanticModel | None:
    """A model of how the concepts' terms (each concept: its terms and how often they occur) keep
    company; None when there is too little text to learn from (fewer than three concepts or
    terms)."""
    document_frequency: Counter[str] = Counter()
    for concept in concepts:
        document_frequency.update(term for term, count in concept.items() if count > 0)
    # Terms met in a single concept carry no relation to learn; keep them only in a small corpus.
    least = 2 if len(concepts) >= 200 else 1
    kept = [term for term, count in document_frequency.most_common(MAX_TERMS) if count >= least]
    # A third as many dimensions as concepts: with as many as concepts, each concept keeps one of
    # its own and nothing generalises (on the evaluation set, recall@3 in Hebrew was 0.844 with
    # n - 1 dimensions, 0.889 with n / 3).
    dimensions = min(dimensions, max(2, len(concepts) // 3), len(concepts) - 1, len(kept) - 1)
    if dimensions < 2:
        return None
    columns = {term: column for column, term in enumerate(kept)}
    idf = np.asarray(
        [math.log((1 + len(concepts)) / (1 + document_frequency[term])) + 1 for term in kept],
        dtype=np.float32,
    )
    rows: list[int] = []
    cells: list[int] = []
    values: list[float] = []
    for row, concept in enumerate(concepts):
        for term, count in concept.items():
            column = columns.get(term)
            if column is not None and count > 0:
                rows.append(row)
                cells.append(column)
                values.append(1.0 + math.log(count) if count >= 1 else count)
    matrix = sparse.csr_matrix(
        (np.asarray(values, dtype=np.float32), (rows, cells)), shape=(len(concepts), len(kept))
    )
    matrix = sparse.csr_matrix(_unit_sparse_rows(matrix.multiply(idf).tocsr()))
    # Imported here: only training needs scikit-learn, and it is slow to import in every process.
    from sklearn.decomposition import TruncatedSVD

    svd = TruncatedSVD(n_components=dimensions, algorithm="randomized", n_iter=7, random_state=0)
    svd.fit(matrix)
    return SemanticModel(kept, idf, np.asarray(svd.components_, dtype=np.float32))


def _unit_rows(matrix: NDArray[np.float32]) -> NDArray[np.float32]:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    unit: NDArray[np.float32] = (matrix / norms).astype(np.float32)
    return unit


def _unit_sparse_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)
