"""Several ticket fields learnt at once from the same tickets, sharing one set of features (pure).

A ticket is a `Sample`: its text (subject and description) and its context, a few tokens such as
``channel:email`` or ``domain:example.com`` that say where it came from. The features are those
of `moked.classification.learning` (words and word pairs, character n-grams) plus one TF-IDF
column per context token, computed once per ticket whatever the number of fields; each field
then has its own logistic regression over them. Predicting every field of a ticket thus costs one
feature extraction and a few sparse dot products.

`train` fits on the older rows and measures each field on the most recent ones (the
`held_out_share` last rows, as the caller orders them): what a model promises on tomorrow's
tickets is best told by yesterday's, not by a random sample of the past. The model kept is the
one measured, so that a confidence threshold chosen on the measurement holds for it. Each field's
confidences are calibrated on those same recent rows by one temperature (`fit_temperature`), and
the evaluation says how far they still are from how often the model is right (`calibration_error`).
"""

from __future__ import annotations

import math
import weakref
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.pipeline import FeatureUnion

from moked.textsimilarity.normalise import normalise

from .learning import _MAX_ITERATIONS, REGULARISATION_C, TOP_K, Prediction, word_features

# A field needs this many labelled training rows, and two labels, to be learnt at all; and this
# many held-out rows for its measurement (and so its thresholds) to be worth acting on.
MIN_TRAINING_ROWS = 20
MIN_HELD_OUT_ROWS = 10
# lbfgs stops when the loss improves by less than the tolerance: scikit-learn's default for fields
# of few classes, ten times it for many, where it cost nothing measurable and saved 40% of the time
# (77 services), while on 9 categories it stopped 1.6 points of accuracy short (bench/RESULTS.md).
TOLERANCE_FEW_CLASSES = 1e-4
TOLERANCE_MANY_CLASSES = 1e-3
MANY_CLASSES = 20
# Thresholds are measured at these steps of confidence (0.00, 0.01, ... 1.00).
CURVE_STEPS = 100


class Sample(NamedTuple):
    """One ticket as the models see it: its text, and tokens of its context (no spaces in them)."""

    text: str
    context: tuple[str, ...] = ()


def sample_words(sample: Sample) -> list[str]:
    return word_features(sample.text)


def sample_normalised(sample: Sample) -> str:
    return normalise(sample.text)


def sample_context(sample: Sample) -> list[str]:
    # The constant token keeps the vocabulary from being empty when no sample has any context.
    return ["~", *sample.context]


def build_features() -> FeatureUnion:
    """New, unfitted features of samples (module-level functions, so that models pickle)."""
    return FeatureUnion(
        [
            ("words", TfidfVectorizer(analyzer=sample_words, sublinear_tf=True, dtype=np.float32)),
            (
                "characters",
                TfidfVectorizer(
                    analyzer="char_wb",
                    preprocessor=sample_normalised,
                    ngram_range=(2, 5),
                    min_df=2,
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
            ),
            ("context", TfidfVectorizer(analyzer=sample_context, dtype=np.float32)),
        ]
    )


class CurvePoint(NamedTuple):
    """Acting alone on the held-out rows whose confidence is at least `threshold`: the share of
    them that were right (`precision`, None when there are none) and their share of all rows."""

    threshold: float
    precision: float | None
    coverage: float


@dataclass(frozen=True)
class FieldEvaluation:
    """How one field's model did on the held-out (most recent) rows."""

    rows: int
    classes: int
    accuracy: float
    macro_f1: float
    top3: float
    curve: tuple[CurvePoint, ...]
    calibration_error: float | None = None

    def threshold_for(self, precision: float) -> float | None:
        """The lowest confidence at which acting alone was at least `precision` right on the
        held-out rows; None when no confidence was (or too few rows were held out to tell)."""
        return threshold_for(self.curve, precision, self.rows)

    def coverage_at(self, threshold: float | None) -> float:
        """The share of held-out rows at or above `threshold` (0 for None)."""
        if threshold is None:
            return 0.0
        covered = [point.coverage for point in self.curve if point.threshold >= threshold - 1e-9]
        return covered[0] if covered else 0.0

    def precision_at(self, threshold: float | None) -> float | None:
        if threshold is None:
            return None
        found = [point.precision for point in self.curve if point.threshold >= threshold - 1e-9]
        return found[0] if found else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "classes": self.classes,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "top3": round(self.top3, 4),
            "calibration_error": None if self.calibration_error is None else round(self.calibration_error, 4),
            "curve": [
                [
                    point.threshold,
                    None if point.precision is None else round(point.precision, 4),
                    round(point.coverage, 4),
                ]
                for point in self.curve
            ],
        }

    @classmethod
    def from_dict(cls, stored: Mapping[str, Any]) -> FieldEvaluation:
        return cls(
            rows=int(stored["rows"]),
            classes=int(stored["classes"]),
            accuracy=float(stored["accuracy"]),
            macro_f1=float(stored["macro_f1"]),
            top3=float(stored["top3"]),
            calibration_error=stored.get("calibration_error"),
            curve=tuple(
                CurvePoint(float(t), None if p is None else float(p), float(c)) for t, p, c in stored["curve"]
            ),
        )


def precision_curve(
    confidences: Sequence[float], correct: Sequence[bool], steps: int = CURVE_STEPS
) -> tuple[CurvePoint, ...]:
    """Precision and coverage of acting alone at each threshold 0, 1/steps, ..., 1."""
    if len(confidences) != len(correct):
        raise ValueError(f"{len(confidences)} confidences but {len(correct)} outcomes")
    total = len(confidences)
    values = np.asarray(confidences, dtype=float)
    right = np.asarray(correct, dtype=bool)
    points = []
    for step in range(steps + 1):
        threshold = round(step / steps, 4)
        taken = values >= threshold - 1e-9
        count = int(taken.sum())
        precision = float(right[taken].mean()) if count else None
        points.append(CurvePoint(threshold, precision, count / total if total else 0.0))
    return tuple(points)


def threshold_for(curve: Sequence[CurvePoint], precision: float, rows: int) -> float | None:
    """The lowest threshold of `curve` whose precision reaches `precision`, among those that act on
    at least one row; None when there is none, or fewer than MIN_HELD_OUT_ROWS rows measured."""
    if rows < MIN_HELD_OUT_ROWS:
        return None
    for point in curve:
        if point.coverage > 0 and point.precision is not None and point.precision >= precision - 1e-9:
            return point.threshold
    return None


@dataclass
class FieldModels:
    """Shared features and one fitted model per field, with each field's held-out evaluation."""

    features: Any
    models: dict[str, LogisticRegression]
    evaluations: dict[str, FieldEvaluation] = field(default_factory=dict)
    # Each field's temperature (see `fit_temperature`); 1 where none was fitted.
    temperatures: dict[str, float] = field(default_factory=dict)

    def predict(
        self, sample: Sample, fields: Sequence[str] | None = None, k: int = TOP_K
    ) -> dict[str, list[Prediction]]:
        """Each field's `k` likeliest labels for the sample, most confident first."""
        wanted = [name for name in (fields if fields is not None else self.models) if name in self.models]
        if not wanted:
            return {}
        row = transform_one(self.features, sample)
        found: dict[str, list[Prediction]] = {}
        for name in wanted:
            model = self.models[name]
            probabilities = calibrated(model, row, self.temperatures.get(name, 1.0))[0]
            best = np.argsort(-probabilities, kind="stable")[:k]
            found[name] = [
                Prediction(str(model.classes_[index]), float(probabilities[index])) for index in best
            ]
        return found


@dataclass(frozen=True)
class Skipped:
    """A field that was not learnt, and why (a code the caller words)."""

    field: str
    reason: str  # "too_few_rows" | "one_label"


def train(
    samples: Sequence[Sample],
    labels: Mapping[str, Sequence[str | None]],
    *,
    held_out_share: float = 0.2,
) -> tuple[FieldModels | None, list[Skipped]]:
    """Fit every field of `labels` (one label or None per sample, in the samples' order, oldest
    first) on the older rows and evaluate it on the newest `held_out_share` of them.

    A field is skipped when it has fewer than MIN_TRAINING_ROWS labelled training rows or fewer
    than two labels among them. Returns (None, skipped) when no field could be learnt.
    """
    for name, values in labels.items():
        if len(values) != len(samples):
            raise ValueError(f"{name}: {len(values)} labels for {len(samples)} samples")
    cut = len(samples) - round(len(samples) * held_out_share)
    skipped: list[Skipped] = []
    learnable: dict[str, list[int]] = {}
    for name, values in labels.items():
        rows = [index for index in range(cut) if values[index]]
        if len(rows) < MIN_TRAINING_ROWS:
            skipped.append(Skipped(name, "too_few_rows"))
        elif len({values[index] for index in rows}) < 2:
            skipped.append(Skipped(name, "one_label"))
        else:
            learnable[name] = rows
    if not learnable:
        return None, skipped
    used = sorted({index for rows in learnable.values() for index in rows})
    features = build_features()
    features.fit([samples[index] for index in used])
    training = transform(features, list(samples[:cut]))
    held_out = transform(features, list(samples[cut:])) if cut < len(samples) else None
    models: dict[str, LogisticRegression] = {}
    evaluations: dict[str, FieldEvaluation] = {}
    temperatures: dict[str, float] = {}
    for name, rows in learnable.items():
        values = labels[name]
        model = LogisticRegression(
            C=REGULARISATION_C,
            class_weight="balanced",
            max_iter=_MAX_ITERATIONS,
            tol=TOLERANCE_MANY_CLASSES
            if len({values[index] for index in rows}) >= MANY_CLASSES
            else TOLERANCE_FEW_CLASSES,
        )
        model.fit(training[rows], [values[index] for index in rows])
        models[name] = model
        tested = [index for index in range(cut, len(samples)) if values[index]]
        if held_out is not None and tested:
            rows_tested = held_out[[index - cut for index in tested]]
            truth = [str(values[index]) for index in tested]
            temperatures[name] = fit_temperature(model, rows_tested, truth)
            evaluations[name] = _evaluate(model, rows_tested, truth, temperatures[name])
    return FieldModels(features, models, evaluations, temperatures), skipped


def _evaluate(model: LogisticRegression, rows: Any, truth: list[str], temperature: float) -> FieldEvaluation:
    probabilities = calibrated(model, rows, temperature)
    classes = [str(label) for label in model.classes_]
    order = np.argsort(-probabilities, axis=1, kind="stable")[:, :TOP_K]
    predicted = [classes[best[0]] for best in order]
    confidences = [float(probabilities[index, best[0]]) for index, best in enumerate(order)]
    correct = [guess == expected for guess, expected in zip(predicted, truth, strict=True)]
    in_top = [expected in {classes[i] for i in best} for best, expected in zip(order, truth, strict=True)]
    return FieldEvaluation(
        rows=len(truth),
        classes=len(set(truth) | set(classes)),
        accuracy=sum(correct) / len(truth),
        macro_f1=float(f1_score(truth, predicted, average="macro", zero_division=0)),
        top3=sum(in_top) / len(truth),
        curve=precision_curve(confidences, correct),
        calibration_error=calibration_error(confidences, correct),
    )


def transform(features: FeatureUnion, samples: Sequence[Sample]) -> Any:
    """The fitted features of the samples, as `features.transform` gives them, without the
    parallel machinery a FeatureUnion sets up on each call (most of the time of one ticket)."""
    parts = [transformer.transform(samples) for _name, transformer in features.transformer_list]
    return sparse.hstack(parts, format="csr")


_analyzers: weakref.WeakKeyDictionary[Any, Callable[[Sample], list[str]]] = weakref.WeakKeyDictionary()


def transform_one(features: FeatureUnion, sample: Sample) -> Any:
    """The fitted features of one sample, equal to `transform(features, [sample])` (to float
    rounding) and several times as fast: each vectorizer's terms are counted and weighted here,
    as `TfidfVectorizer.transform` does, without its checks on each call (the time of a ticket
    being opened)."""
    columns: list[Any] = []
    weights: list[Any] = []
    offset = 0
    for _name, vectorizer in features.transformer_list:
        analyzer = _analyzers.get(vectorizer)
        if analyzer is None:
            analyzer = _analyzers[vectorizer] = vectorizer.build_analyzer()
        vocabulary = vectorizer.vocabulary_
        counts = Counter(vocabulary[term] for term in analyzer(sample) if term in vocabulary)
        if counts:
            found = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            values = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            if vectorizer.sublinear_tf:
                values = np.log(values) + 1.0
            values *= vectorizer.idf_[found]
            length = math.sqrt(float(values @ values))
            if length:
                values /= length
            columns.append(found + offset)
            weights.append(values)
        offset += len(vocabulary)
    indices = np.concatenate(columns) if columns else np.zeros(0, dtype=np.int64)
    data = np.concatenate(weights) if weights else np.zeros(0)
    return sparse.csr_matrix((data, (np.zeros(len(indices), dtype=np.int64), indices)), shape=(1, offset))


_transposed: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def _by_feature(model: LogisticRegression) -> Any:
    """The model's coefficients one row per feature (a copy, made once per process), so that the
    coefficients of one ticket's few hundred features are read as that many short rows."""
    found = _transposed.get(model)
    if found is None:
        found = _transposed[model] = np.ascontiguousarray(model.coef_.T)
    return found


def _scores(model: LogisticRegression, rows: Any) -> Any:
    """The model's score of each class for each row, as its `decision_function` (without the
    checks scikit-learn makes on each call); for two classes, 0 and the second's score, whose
    softmax is the logistic function scikit-learn applies."""
    weights = _by_feature(model)
    if rows.shape[0] == 1:  # one ticket: only the rows of its features are read
        scores = (rows.data @ weights[rows.indices])[np.newaxis, :].astype(float) + model.intercept_
    else:
        scores = np.asarray(rows @ weights, dtype=float) + model.intercept_
    if scores.shape[1] == 1:
        scores = np.column_stack([np.zeros(len(scores)), scores[:, 0]])
    return scores


def _softmax(scores: Any, temperature: float) -> Any:
    scaled = scores / temperature
    scaled -= scaled.max(axis=1, keepdims=True)
    exponentials = np.exp(scaled)
    return exponentials / exponentials.sum(axis=1, keepdims=True)


def calibrated(model: LogisticRegression, rows: Any, temperature: float = 1.0) -> Any:
    """Class probabilities with the scores divided by `temperature` (1: the model's own)."""
    return _softmax(_scores(model, rows), temperature)


TEMPERATURES = tuple(float(value) for value in np.geomspace(0.2, 5.0, 61))


def fit_temperature(model: LogisticRegression, rows: Any, truth: Sequence[str]) -> float:
    """The temperature that makes the probabilities of the held-out rows' true labels likeliest
    (temperature scaling: one number per field, which leaves each row's ranking of labels as it
    is). Class weights and a weak penalty leave a logistic regression's probabilities too sure or
    too shy; thresholds and the confidences agents read are then closer to how often it is right.
    Rows whose label the model never saw are left out; with none left, 1."""
    index = {str(label): position for position, label in enumerate(model.classes_)}
    known = [position for position, label in enumerate(truth) if label in index]
    if not known:
        return 1.0
    scores = _scores(model, rows)[known]
    target = np.array([index[truth[position]] for position in known])
    best, best_loss = 1.0, math.inf
    for temperature in TEMPERATURES:
        chosen = _softmax(scores, temperature)[np.arange(len(known)), target]
        loss = float(-np.log(np.clip(chosen, 1e-12, None)).mean())
        if loss < best_loss - 1e-12:
            best, best_loss = temperature, loss
    return best


def calibration_error(confidences: Sequence[float], correct: Sequence[bool], bins: int = 10) -> float:
    """Expected calibration error: over ten bins of confidence, the gap between how sure the
    first label was and how often it was right, weighted by the bin's share of rows."""
    if not confidences:
        return 0.0
    values = np.asarray(confidences, dtype=float)
    right = np.asarray(correct, dtype=float)
    edges = np.minimum((values * bins).astype(int), bins - 1)
    total = 0.0
    for position in range(bins):
        members = edges == position
        if members.any():
            total += abs(float(right[members].mean() - values[members].mean())) * members.sum() / len(values)
    return total
