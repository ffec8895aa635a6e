"""The pipeline that learns a ticket field from ticket text, and its evaluation (pure: no Django).

Features are two TF-IDF vectors side by side, both with sublinear term frequencies:
- words: the language-aware terms of `moked.textsimilarity.normalise.terms` (a Hebrew word also
  without its glued prefix letters, a Persian one without its separable prefix or plural suffix),
  and each pair of neighbouring words;
- character n-grams of 2 to 5 characters inside word boundaries (`char_wb`) of the normalised
  text, which match inflected and compound words (Finnish, German) and typos that words miss.

The model is a logistic regression over all classes at once, whose probabilities are the
confidences; classes are weighted inversely to their frequency so that a rare class is not
drowned by the common ones. Everything here is deterministic: the same rows give the same model.

`evaluate` measures the pipeline the way an admin needs before letting it act alone: on a
stratified hold-out split and by cross-validation (see `Scores` for what each figure means).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from itertools import pairwise
from typing import Any, NamedTuple

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.pipeline import FeatureUnion, Pipeline

from moked.textsimilarity.normalise import normalise, terms, words

TOP_K = 3
TARGET_PRECISIONS = (0.90, 0.95)
# Inverse regularisation strength: TF-IDF rows are unit-length and sparse, and a weaker penalty
# than scikit-learn's default (1.0) fits them better (measured on the shared ticket sets).
REGULARISATION_C = 10.0
_MAX_ITERATIONS = 1000


class EvaluationError(ValueError):
    """The rows cannot be evaluated (one class only, too few rows); the message says why."""


class Prediction(NamedTuple):
    label: str
    confidence: float


def word_features(text: str) -> list[str]:
    """The text's language-aware terms and each pair of neighbouring words ("reset password")."""
    found = words(text)
    pairs = [f"{first} {second}" for first, second in pairwise(found)]
    return [*terms(text), *pairs]


def build_pipeline() -> Any:
    """A new, unfitted scikit-learn pipeline: texts in, class probabilities out."""
    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(analyzer=word_features, sublinear_tf=True, dtype=np.float32)),
            (
                "characters",
                TfidfVectorizer(
                    analyzer="char_wb",
                    preprocessor=normalise,
                    ngram_range=(2, 5),
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
            ),
        ]
    )
    model = LogisticRegression(C=REGULARISATION_C, class_weight="balanced", max_iter=_MAX_ITERATIONS)
    return Pipeline([("features", features), ("model", model)])


@dataclass(frozen=True)
class Classifier:
    """A fitted pipeline and the labels it chooses among."""

    pipeline: Any

    @property
    def labels(self) -> list[str]:
        return [str(label) for label in self.pipeline.classes_]

    def probabilities(self, texts: Sequence[str]) -> Any:
        """One row per text, one column per label (in `labels` order), each row summing to 1."""
        return self.pipeline.predict_proba(list(texts))

    def predict(self, texts: Sequence[str], k: int = TOP_K) -> list[list[Prediction]]:
        """For each text, its `k` likeliest labels, most confident first."""
        labels = self.labels
        found: list[list[Prediction]] = []
        for row in self.probabilities(texts):
            best = np.argsort(-row, kind="stable")[:k]
            found.append([Prediction(labels[index], float(row[index])) for index in best])
        return found


def fit(texts: Sequence[str], labels: Sequence[str]) -> Classifier:
    """The pipeline fitted on these rows; needs at least two distinct labels."""
    if len(texts) != len(labels):
        raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
    if len(set(labels)) < 2:
        raise EvaluationError("the label has fewer than two classes: there is nothing to learn")
    pipeline = build_pipeline()
    pipeline.fit(list(texts), list(labels))
    return Classifier(pipeline)


class Coverage(NamedTuple):
    threshold: float | None
    coverage: float


def coverage_at_precision(
    confidences: Sequence[float], correct: Sequence[bool], precision: float
) -> Coverage:
    """The share of rows that acting alone would take at `precision`, and the confidence it needs.

    Rows are taken from the most confident down. For each confidence `t` among the rows', the
    precision at `t` is the share of correct top predictions among the rows whose confidence is
    at least `t` (rows of equal confidence are taken or left together). The threshold is the
    lowest `t` whose precision is at least `precision`, and the coverage is the share of all rows
    whose confidence is at least that threshold. No such `t` (not even the most confident rows
    are precise enough), or no rows: threshold None and coverage 0.

    Measured on the rows the threshold is chosen on, the figure is what a threshold set on
    held-out tickets promises; on new tickets it holds as far as they resemble the held-out ones.
    """
    if len(confidences) != len(correct):
        raise ValueError(f"{len(confidences)} confidences but {len(correct)} outcomes")
    if not confidences:
        return Coverage(None, 0.0)
    order = sorted(range(len(confidences)), key=lambda index: -confidences[index])
    best: Coverage = Coverage(None, 0.0)
    taken = right = 0
    for position, index in enumerate(order):
        taken += 1
        right += bool(correct[index])
        following = order[position + 1] if position + 1 < len(order) else None
        if following is not None and confidences[following] == confidences[index]:
            continue
        if right >= precision * taken:
            best = Coverage(float(confidences[index]), taken / len(confidences))
    return best


@dataclass(frozen=True)
class Scores:
    """How a fitted classifier did on rows it was not fitted on.

    - accuracy: share of rows whose likeliest label is the true one (top-1);
    - macro_f1: F1 of each label, averaged with equal weight (rare labels count as much as common
      ones); weighted_f1: averaged by each label's number of rows (what many write-ups call F1);
    - top3: share of rows whose true label is among the three likeliest;
    - coverage_at_90, coverage_at_95: share of rows the classifier would decide alone at 90% and
      95% precision, and threshold_at_90, threshold_at_95 the confidence that takes (see
      `coverage_at_precision`; None when no threshold reaches that precision).
    """

    rows: int
    accuracy: float
    macro_f1: float
    weighted_f1: float
    top3: float
    coverage_at_90: float
    threshold_at_90: float | None
    coverage_at_95: float
    threshold_at_95: float | None


def score(classifier: Classifier, texts: Sequence[str], labels: Sequence[str]) -> Scores:
    """The classifier's `Scores` on these rows (at least one)."""
    if not texts:
        raise EvaluationError("there are no rows to score on")
    predictions = classifier.predict(texts, k=TOP_K)
    predicted = [found[0].label for found in predictions]
    correct = [guess == truth for guess, truth in zip(predicted, labels, strict=True)]
    confidences = [found[0].confidence for found in predictions]
    in_top = [truth in {p.label for p in found} for found, truth in zip(predictions, labels, strict=True)]
    at_90, at_95 = (coverage_at_precision(confidences, correct, target) for target in TARGET_PRECISIONS)
    return Scores(
        rows=len(texts),
        accuracy=sum(correct) / len(texts),
        macro_f1=float(f1_score(labels, predicted, average="macro", zero_division=0)),
        weighted_f1=float(f1_score(labels, predicted, average="weighted", zero_division=0)),
        top3=sum(in_top) / len(texts),
        coverage_at_90=at_90.coverage,
        threshold_at_90=at_90.threshold,
        coverage_at_95=at_95.coverage,
        threshold_at_95=at_95.threshold,
    )


@dataclass(frozen=True)
class CrossValidation:
    """Each figure of `Scores` as its mean and standard deviation over the folds."""

    folds: int
    accuracy_mean: float
    accuracy_std: float
    macro_f1_mean: float
    macro_f1_std: float
    top3_mean: float
    top3_std: float
    coverage_at_90_mean: float
    coverage_at_90_std: float
    coverage_at_95_mean: float
    coverage_at_95_std: float


@dataclass(frozen=True)
class Evaluation:
    """The hold-out scores, the cross-validation, and what the rows held.

    `rows` and `classes` count every labelled row and label; `untested_classes` are labels with
    fewer rows than folds: they are always trained on (the product learns them too) but never
    tested, since no fair split can hold one out. `held_out` are the scores on the 20% split.
    """

    rows: int
    classes: int
    untested_classes: int
    held_out: Scores
    cross_validation: CrossValidation | None

    def as_dict(self) -> dict[str, Any]:
        """A flat JSON-ready mapping: the held-out figures at the top, the folds' under one key."""
        figures: dict[str, Any] = {"rows": self.rows, "classes": self.classes}
        figures["untested_classes"] = self.untested_classes
        held_out = asdict(self.held_out)
        figures["test_rows"] = held_out.pop("rows")
        figures.update(held_out)
        figures["cross_validation"] = asdict(self.cross_validation) if self.cross_validation else None
        return {key: _rounded(value) for key, value in figures.items()}


def evaluate(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    folds: int = 5,
    test_share: float = 0.2,
    seed: int = 0,
) -> Evaluation:
    """The pipeline's scores on a stratified hold-out split and by stratified `folds`-fold CV.

    Rows whose label has fewer than `folds` rows (at least 2) are always in the training side.
    `folds` 0 leaves cross-validation out. Raises `EvaluationError` when there is not enough to
    evaluate: one class only, or fewer than two classes with enough rows to test.
    """
    if len(texts) != len(labels):
        raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
    if folds == 1 or folds < 0:
        raise EvaluationError(f"cross-validation needs at least 2 folds (or 0 for none), not {folds}")
    counts = Counter(labels)
    if len(counts) < 2:
        raise EvaluationError(f"the label has {len(counts)} class(es): there is nothing to learn")
    least_to_test = max(folds, 2)
    testable = [index for index, label in enumerate(labels) if counts[label] >= least_to_test]
    train_only = [index for index, label in enumerate(labels) if counts[label] < least_to_test]
    tested_classes = len(counts) - len({labels[index] for index in train_only})
    if tested_classes < 2:
        raise EvaluationError(
            f"fewer than two classes have {least_to_test} rows or more: too few to hold any out"
        )
    testable_labels = [labels[index] for index in testable]
    if math.ceil(len(testable) * test_share) < tested_classes:
        raise EvaluationError(
            f"{len(testable)} rows are too few to hold out one row of each of {tested_classes} classes"
        )
    train, test = train_test_split(
        testable, test_size=test_share, random_state=seed, stratify=testable_labels
    )
    held_out = _fit_and_score(texts, labels, [*train, *train_only], list(test))
    cross_validation = None
    if folds:
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
        per_fold = [
            _fit_and_score(
                texts,
                labels,
                [*(testable[i] for i in fold_train), *train_only],
                [testable[i] for i in fold_test],
            )
            for fold_train, fold_test in splitter.split(testable, testable_labels)
        ]
        cross_validation = _summarise(per_fold)
    return Evaluation(len(labels), len(counts), len(counts) - tested_classes, held_out, cross_validation)


def _fit_and_score(texts: Sequence[str], labels: Sequence[str], train: list[int], test: list[int]) -> Scores:
    classifier = fit([texts[i] for i in train], [labels[i] for i in train])
    return score(classifier, [texts[i] for i in test], [labels[i] for i in test])


def _summarise(per_fold: list[Scores]) -> CrossValidation:
    def spread(name: str) -> tuple[float, float]:
        values = np.array([getattr(scores, name) for scores in per_fold], dtype=float)
        return float(values.mean()), float(values.std())

    return CrossValidation(
        len(per_fold),
        *spread("accuracy"),
        *spread("macro_f1"),
        *spread("top3"),
        *spread("coverage_at_90"),
        *spread("coverage_at_95"),
    )


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4) if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _rounded(inner) for key, inner in value.items()}
    return value
