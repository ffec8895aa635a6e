"""The in-memory text index: lexical matching across inflections, prefixes, spellings and typos,
groups scored by their best document, changes taking effect at once, and the semantic model."""

from collections import Counter

import pytest

from moked.textsimilarity import semantic
from moked.textsimilarity.ranking import Document, TextIndex, document_terms, query_words

PASSWORD_EN = Document(
    1, 10, "en", "Reset your password", "Forgot your password? Choose a new one in the portal."
)
PASSWORD_FI = Document(
    2, 10, "fi", "Salasanan vaihtaminen", "Unohditko salasanasi? Valitse uusi portaalissa."
)
PASSWORD_HE = Document(3, 10, "he", "איפוס סיסמה", "שכחת את הסיסמה? בחר סיסמה חדשה בפורטל.")
PASSWORD_FA = Document(4, 10, "fa", "بازنشانی رمز عبور", "رمز عبور کار نمی‌کند؟ در درگاه رمز جدید بگذارید.")
PRINTER_EN = Document(5, 20, "en", "Clear a paper jam", "Open the printer's cover and pull the paper out.")
PRINTER_FI = Document(6, 20, "fi", "Paperitukos tulostimessa", "Avaa tulostimen kansi ja vedä paperi ulos.")
VPN_EN = Document(7, 30, "en", "Connect to the VPN", "Start the VPN client and sign in with your account.")
ALL = [PASSWORD_EN, PASSWORD_FI, PASSWORD_HE, PASSWORD_FA, PRINTER_EN, PRINTER_FI, VPN_EN]


@pytest.fixture
def index():
    built = TextIndex()
    built.add(ALL)
    return built


def groups(index, text):
    return [found.group for found in index.rank(index.query(text))]


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("reset password", 10),
        ("pasword", 10),  # a typo
        ("salasanani", 10),  # Finnish: "my password"
        ("tulostimeni paperi", 20),  # Finnish: "my printer", "paper"
        ("והסיסמה", 10),  # Hebrew: "and the password"
        ("رمز عبور كار نمي كند", 10),  # Persian with Arabic kaf and yeh, no ZWNJ
        ("paper jam", 20),
        ("vpn", 30),
    ],
)
def test_a_query_finds_its_group_first(index, text, group):
    assert groups(index, text)[0] == group


def test_a_hebrew_noun_matches_its_construct_form():
    index = TextIndex()
    index.add([Document(1, 1, "he", "קביעת פגישת Teams", "בחר מועד ושלח."), PRINTER_EN])
    assert groups(index, "לזמן פגישה") == [1]
    assert query_words("פגישה") == [["פגישה", "פגישת"]]


def test_a_group_appears_once_with_its_best_documents_score(index):
    found = list(index.rank(index.query("password salasana")))
    assert [item.group for item in found].count(10) == 1
    assert 0 < found[0].lexical <= 1


def test_words_no_document_has_find_nothing_and_common_words_alone_score_little(index):
    assert groups(index, "qwxz vbnm") == []
    assert groups(index, "") == []
    # As in any real collection, most English texts have "the".
    index.add(Document(100 + n, 100 + n, "en", f"Note {n}", f"Read the note number {n}.") for n in range(20))
    common = max(found.score for found in index.rank(index.query("the")))
    meaningful = max(found.score for found in index.rank(index.query("paper jam")))
    assert common < meaningful / 2


def test_a_replaced_document_is_found_by_its_new_words_only_and_a_removed_one_not_at_all(index):
    index.add([Document(7, 30, "en", "Remote access gateway", "Use the gateway from home.")])
    assert groups(index, "gateway") == [30]
    assert 30 not in groups(index, "vpn client")

    index.remove(7)
    assert groups(index, "gateway") == []
    assert len(index) == len(ALL) - 1


def test_many_changes_are_folded_into_the_matrices_without_changing_results():
    index = TextIndex()
    index.add(ALL)
    index.add(Document(100 + n, 1000 + n, "en", f"Topic {n}", f"word{n} filler text") for n in range(600))
    index.settle()
    assert groups(index, "paper jam")[0] == 20
    assert groups(index, "word123")[0] == 1123


def concept(*documents):
    counted = Counter()
    for document in documents:
        counted.update(document_terms(document.title, document.body, document.language))
    return counted


def test_the_semantic_model_finds_a_group_in_another_language():
    extra = [
        Document(8, 40, "en", "Password expired", "Your password expired: change the password."),
        Document(9, 40, "fi", "Salasana vanhentunut", "Salasanasi vanheni: vaihda salasana."),
    ]
    model = semantic.train(
        [concept(PASSWORD_EN, PASSWORD_FI), concept(PRINTER_EN, PRINTER_FI), concept(VPN_EN), concept(*extra)]
    )
    assert model is not None
    index = TextIndex(model)
    index.add([PASSWORD_EN, PRINTER_EN, VPN_EN])  # English only: the Finnish word is not in them

    found = list(index.rank(index.query("salasana")))

    assert found and found[0].group == 10
    assert found[0].lexical == 0 and found[0].semantic > 0


def test_a_model_survives_saving_and_damaged_bytes_are_refused():
    model = semantic.train([concept(PASSWORD_EN), concept(PRINTER_EN), concept(VPN_EN)])
    assert model is not None
    again = semantic.SemanticModel.from_bytes(model.to_bytes())
    assert again.terms == model.terms
    assert (again.components == model.components).all()
    with pytest.raises(ValueError):
        semantic.SemanticModel.from_bytes(b"not a model")
    with pytest.raises(ValueError):
        semantic.SemanticModel.from_bytes(model.to_bytes()[:100])


def test_too_little_text_trains_no_model():
    assert semantic.train([concept(PASSWORD_EN), concept(PRINTER_EN)]) is None
