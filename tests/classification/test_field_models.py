"""The models of several fields over shared features: hold-out, thresholds and calibration."""

import pickle

import numpy as np
import pytest

from moked.classification import field_models as fm
from tests.classification.making import tickets


def test_the_curve_gives_precision_and_coverage_at_each_threshold_and_the_lowest_safe_one():
    confidences = [0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]
    correct = [True, True, True, True, True, False, True, False, False, False]
    curve = fm.precision_curve(confidences, correct)
    assert len(curve) == fm.CURVE_STEPS + 1
    at = {point.threshold: point for point in curve}
    assert at[0.6] == fm.CurvePoint(0.6, 1.0, 0.5)
    assert at[0.4].precision == pytest.approx(6 / 7) and at[0.4].coverage == 0.7
    assert at[0.96].precision is None and at[0.96].coverage == 0
    assert fm.threshold_for(curve, 0.95, rows=10) == 0.51  # the first step past 0.5
    assert fm.threshold_for(curve, 0.8, rows=10) == 0.31
    assert fm.threshold_for(curve, 0.95, rows=fm.MIN_HELD_OUT_ROWS - 1) is None  # too few to tell
    assert fm.threshold_for(fm.precision_curve([0.9], [False]), 0.5, rows=10) is None


def test_calibration_error_is_the_weighted_gap_between_confidence_and_accuracy():
    assert fm.calibration_error([0.9] * 10, [True] * 9 + [False]) == pytest.approx(0.0)
    assert fm.calibration_error([0.95] * 4, [True, False, True, False]) == pytest.approx(0.45)
    assert fm.calibration_error([], []) == 0.0


def test_fields_are_learnt_together_measured_on_the_newest_rows_and_skipped_when_unlearnable():
    texts, labels = tickets(per_class=20)
    samples = [fm.Sample(text, ("channel:email",)) for text in texts]
    fields = {
        "group": labels,
        "constant": ["same"] * len(labels),
        "rare": [label if index < 10 else None for index, label in enumerate(labels)],
    }
    models, skipped = fm.train(samples, fields)
    assert set(models.models) == {"group"}
    assert {(item.field, item.reason) for item in skipped} == {
        ("constant", "one_label"),
        ("rare", "too_few_rows"),
    }
    evaluation = models.evaluations["group"]
    assert evaluation.rows == 12 and evaluation.accuracy >= 0.9  # the newest fifth of 60 rows
    assert 0.2 <= models.temperatures["group"] <= 5.0
    found = models.predict(fm.Sample("the printer on floor two jams"), ["group", "unknown"])
    assert list(found) == ["group"] and found["group"][0].label == "printing"
    assert sum(item.confidence for item in models.predict(samples[0], k=3)["group"]) == pytest.approx(1.0)
    again = pickle.loads(pickle.dumps(models))  # noqa: S301  (models are kept as files)
    assert again.predict(samples[0]) == models.predict(samples[0])
    stored = fm.FieldEvaluation.from_dict(evaluation.as_dict())
    assert stored.threshold_for(0.9) == evaluation.threshold_for(0.9)


def test_temperature_makes_the_true_labels_likelier_on_the_held_out_rows():
    texts, labels = tickets(per_class=30, seed=3)
    models, _skipped = fm.train([fm.Sample(text) for text in texts], {"group": labels})
    model, temperature = models.models["group"], models.temperatures["group"]
    rows = models.features.transform([fm.Sample(text) for text in texts[-18:]])
    index = {label: position for position, label in enumerate(model.classes_)}

    def loss(t):
        chosen = fm.calibrated(model, rows, t)[np.arange(18), [index[label] for label in labels[-18:]]]
        return float(-np.log(chosen).mean())

    assert loss(temperature) <= loss(1.0) + 1e-9


def test_one_ticket_is_transformed_as_the_fitted_vectorizers_transform_it():
    texts, labels = tickets(per_class=10)
    samples = [
        fm.Sample(text, ("channel:email", f"requester:{index % 3}")) for index, text in enumerate(texts)
    ]
    models, _skipped = fm.train(samples, {"group": labels})
    for sample in [
        *samples[:5],
        fm.Sample("", ()),
        fm.Sample("שכחתי את הסיסמה, salasana unohtui", ("new:token",)),
    ]:
        fast = fm.transform_one(models.features, sample).toarray()
        slow = models.features.transform([sample]).toarray()
        assert np.allclose(fast, slow, atol=1e-6)
