"""Look-alike words (inflections, typos, shared stems) and the snippet shown under a result."""

from moked.textsimilarity.snippets import snippet
from moked.textsimilarity.vocabulary import SimilarWords, Vocabulary


def test_a_vocabulary_numbers_terms_in_the_order_they_come():
    vocabulary = Vocabulary()
    assert [vocabulary.number(term) for term in ("vpn", "printer", "vpn")] == [0, 1, 0]
    assert vocabulary.get("printer") == 1 and vocabulary.get("wifi") is None
    assert vocabulary.term(1) == "printer" and len(vocabulary) == 2


def similar(known, word, **options):
    words = SimilarWords()
    words.add(known)
    words.settle()
    [found] = words.similar([word], min_similarity=options.get("min_similarity", 0.55), limit=4)
    return [item.word for item in found]


def test_inflected_words_typos_and_stems_are_found_but_short_words_are_not_guessed():
    known = ["salasana", "salasanan", "password", "printer", "vierailijat", "kirjain", "every"]
    assert similar(known, "salasanani")[:2] == ["salasanan", "salasana"]
    assert similar(known, "pasword") == ["password"]
    assert similar(known, "vieraalle") == ["vierailijat"]
    assert similar(known, "kirjaimeksi") == ["kirjain"]
    assert similar(known, "very") == []
    assert similar(known, "keyboard") == []


def test_words_added_after_the_last_rebuild_are_found_too():
    words = SimilarWords()
    words.add(["password"])
    [found] = words.similar(["passwords"], min_similarity=0.55, limit=4)
    assert [item.word for item in found] == ["password"]


BODY = (
    "Printers are named after their floor and room. " * 5
    + "If the VPN disconnects every few minutes, move closer to the router. "
    + "Restarting clears most stuck connections. " * 5
)


def test_a_snippet_shows_the_passage_where_the_query_words_are():
    shown = snippet(BODY, {"vpn", "disconnects"}, length=120)
    assert "VPN disconnects" in shown
    assert len(shown) <= 122
    assert shown.startswith("…") and shown.endswith("…")


def test_a_snippet_of_a_short_text_is_the_text_and_without_matches_the_start():
    assert snippet("Restart   the\nprinter.", {"printer"}) == "Restart the printer."
    assert snippet(BODY, {"nothing"}, length=60).startswith("Printers are named")
    assert snippet("", {"x"}) == ""
