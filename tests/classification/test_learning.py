import pytest

from moked.classification.learning import (
    EvaluationError,
    Prediction,
    coverage_at_precision,
    evaluate,
    fit,
    word_features,
)
from tests.classification.making import tickets


def test_coverage_takes_the_most_confident_rows_down_to_the_lowest_precise_enough_threshold():
    confidences = [0.99, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2]
    correct = [True, True, True, True, True, True, False, True, False, False]
    # Down to 0.6 every row is right; down to 0.4, 7 of 8 (87.5%); below, worse.
    assert coverage_at_precision(confidences, correct, 0.95) == (0.6, 0.6)
    assert coverage_at_precision(confidences, correct, 0.85) == (0.4, 0.8)
    assert coverage_at_precision(confidences, correct, 0.5) == (0.2, 1.0)


def test_coverage_takes_rows_of_equal_confidence_together():
    # At 0.9 the two tied rows come in together: 2 right of 3 is below 90%.
    assert coverage_at_precision([0.95, 0.9, 0.9], [True, True, False], 0.9) == (0.95, 1 / 3)


def test_coverage_is_nothing_when_no_threshold_is_precise_enough():
    assert coverage_at_precision([0.9, 0.8], [False, True], 0.9) == (None, 0.0)
    assert coverage_at_precision([], [], 0.9) == (None, 0.0)


def test_coverage_can_pass_a_dip_to_a_lower_threshold_that_is_precise_again():
    # The second row is wrong, but enough right ones below bring precision back to 90%.
    correct = [True, False, *[True] * 18]
    confidences = [1 - index / 100 for index in range(20)]
    assert coverage_at_precision(confidences, correct, 0.9) == (confidences[-1], 1.0)


def test_word_features_hold_hebrew_words_without_their_prefixes_and_pairs_of_words():
    features = word_features("Reset הסיסמה")
    assert "reset" in features
    assert "סיסמה" in features
    assert "reset הסיסמה" in features


def test_a_fitted_classifier_ranks_labels_with_confidences_in_every_language():
    classifier = fit(*tickets(per_class=12))
    assert sorted(classifier.labels) == ["access", "network", "printing"]
    found = classifier.predict(
        ["my password does not work", "המדפסת תקועה", "wlan ei toimi", "شبکه قطع است"], k=2
    )
    assert [row[0].label for row in found] == ["access", "printing", "network", "network"]
    for row in found:
        assert len(row) == 2
        assert all(isinstance(prediction, Prediction) for prediction in row)
        assert row[0].confidence >= row[1].confidence
        assert 0 < row[0].confidence + row[1].confidence <= 1 + 1e-9


def test_fitting_needs_two_classes():
    with pytest.raises(EvaluationError, match="fewer than two classes"):
        fit(["a printer", "another printer"], ["printing", "printing"])


def test_evaluation_reports_every_figure_and_is_the_same_each_time():
    texts, labels = tickets(per_class=15)
    first = evaluate(texts, labels, folds=3).as_dict()
    assert first == evaluate(texts, labels, folds=3).as_dict()
    assert first["rows"] == 45
    assert first["classes"] == 3
    assert first["untested_classes"] == 0
    assert first["test_rows"] == 9
    assert first["accuracy"] >= 0.8
    assert 0 <= first["macro_f1"] <= 1
    assert first["top3"] == 1.0
    assert first["coverage_at_95"] <= first["coverage_at_90"]
    assert first["cross_validation"]["folds"] == 3
    assert first["cross_validation"]["accuracy_mean"] >= 0.8


def test_a_class_too_rare_to_hold_out_is_trained_on_but_not_tested():
    texts, labels = tickets(per_class=10)
    texts += ["the projector bulb is dead", "projector shows no picture"]
    labels += ["projector", "projector"]
    evaluation = evaluate(texts, labels, folds=5)
    assert evaluation.classes == 4
    assert evaluation.untested_classes == 1
    assert evaluation.held_out.rows == 6  # 20% of the 30 testable rows
    assert evaluation.cross_validation is not None
    assert evaluation.cross_validation.folds == 5


def test_evaluation_without_cross_validation():
    texts, labels = tickets(per_class=10)
    assert evaluate(texts, labels, folds=0).cross_validation is None


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        (["printing"] * 6, "1 class"),
        (["printing"] * 5 + ["access"], "fewer than two classes have 5 rows"),
    ],
)
def test_evaluation_refuses_rows_it_cannot_hold_any_out_of(labels, message):
    with pytest.raises(EvaluationError, match=message):
        evaluate(["some text"] * len(labels), labels)


def test_evaluation_refuses_a_split_too_small_to_hold_out_each_class():
    texts, labels = tickets(per_class=2)
    with pytest.raises(EvaluationError, match="too few to hold out one row of each"):
        evaluate(texts, labels, folds=0)


def test_evaluation_refuses_a_single_fold():
    texts, labels = tickets(per_class=10)
    with pytest.raises(EvaluationError, match="at least 2 folds"):
        evaluate(texts, labels, folds=1)
