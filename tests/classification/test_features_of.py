"""Predicting one ticket computes its features without the union's per-call cost, to the same result."""

import numpy as np

from moked.classification import field_models
from moked.classification.field_models import Sample, transform
from tests.classification.making import tickets


def test_the_scores_are_scikit_learns_for_many_classes_and_for_two():
    texts, labels = tickets(per_class=12)
    samples = [Sample(text) for text in texts]
    two = ["printing" if label == "printing" else "other" for label in labels]
    models, _skipped = field_models.train(samples, {"group": labels, "printing": two})
    assert models is not None
    rows = models.features.transform(samples[:9])
    for name, model in models.models.items():
        scores = model.decision_function(rows)
        expected = scores if scores.ndim == 2 else np.column_stack([np.zeros_like(scores), scores])
        assert np.allclose(field_models._scores(model, rows), expected, atol=1e-9), name


def test_the_features_of_one_sample_are_the_unions_and_so_are_the_predictions():
    texts, labels = tickets(per_class=12)
    samples = [Sample(text, (f"channel:{'email' if n % 2 else 'phone'}",)) for n, text in enumerate(texts)]
    models, _skipped = field_models.train(samples, {"group": labels})
    assert models is not None
    for sample in [*samples[:6], Sample("tulostin jumissa, printer jams", ("channel:chat",))]:
        ours, union = transform(models.features, [sample]), models.features.transform([sample])
        assert ours.shape == union.shape and ours.dtype == union.dtype and (ours != union).nnz == 0
        expected = field_models.calibrated(models.models["group"], union, models.temperatures["group"])[0]
        found = models.predict(sample, k=3)["group"]
        best = np.argsort(-expected, kind="stable")[:3]
        assert [item.label for item in found] == [str(models.models["group"].classes_[i]) for i in best]
        assert np.allclose([item.confidence for item in found], [float(expected[i]) for i in best], atol=1e-6)
