"""A floor under the search's quality: the evaluation set of bench/knowledge_eval/ (40 articles in
four languages, imported through the real import, and queries written for it) must keep finding
the expected article among the first three for most queries in every language. The full figures
are in bench/RESULTS.md (bench/knowledge_search_eval.py)."""

import sys
from pathlib import Path

import pytest

# Last on the path: bench/ holds scripts named like libraries (email.py, rules.py).
sys.path.append(str(Path(__file__).resolve().parents[2] / "bench"))

from knowledge_eval import evaluation

pytestmark = pytest.mark.django_db

FLOOR = 0.8


def test_recall_at_three_stays_above_the_floor_in_every_language():
    evaluation.load()

    outcome = evaluation.evaluate(evaluation.make_readers(), evaluation.read_queries())

    for language, figures in outcome["results"].items():
        assert figures["search@3"] >= FLOOR, (language, figures, outcome["misses"])
        assert figures["suggest@3"] >= FLOOR, (language, figures, outcome["misses"])
    nonsense_suggested = sum(int(f["nonsense_suggested"].split("/")[0]) for f in outcome["results"].values())
    assert nonsense_suggested <= 1, outcome["results"]
