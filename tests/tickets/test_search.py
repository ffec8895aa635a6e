import pytest

from moked.tickets import search, selectors, services
from tests.factories import AgentFactory, OrganisationFactory, PersonFactory, make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def tickets(requester):
    return {
        "vpn": make_ticket(requester, subject="VPN keeps disconnecting", description="Since Monday at home."),
        "he": make_ticket(requester, subject="המדפסת בקומה 2 לא מדפיסה", description="דפים ריקים בלבד"),
        "fa": make_ticket(requester, subject="اتصال VPN مدام قطع می‌شود", description="از صبح"),
        "fi": make_ticket(
            requester, subject="Tulostin tulostaa tyhjiä sivuja", description="Väriaine vaihdettu."
        ),
    }


def found(person, q) -> set[str]:
    return {t.subject for t in selectors.ticket_list(person, q=q)}


def test_words_match_subject_and_description_in_any_language(requester, tickets):
    assert found(requester, "vpn") == {tickets["vpn"].subject, tickets["fa"].subject}
    assert found(requester, "monday") == {tickets["vpn"].subject}
    assert found(requester, "המדפסת") == {tickets["he"].subject}
    assert found(requester, "ריקים") == {tickets["he"].subject}
    assert found(requester, "اتصال") == {tickets["fa"].subject}
    assert found(requester, "tyhjiä") == {tickets["fi"].subject}
    assert found(requester, "VÄRIAINE") == {tickets["fi"].subject}


def test_words_are_prefixes_and_all_must_match(requester, tickets):
    assert found(requester, "discon") == {tickets["vpn"].subject}
    assert found(requester, "vpn monday") == {tickets["vpn"].subject}
    assert found(requester, "vpn tulostin") == set()


def test_a_reference_finds_its_ticket(requester, tickets):
    assert found(requester, tickets["fi"].reference) == {tickets["fi"].subject}
    assert found(requester, tickets["fi"].reference.lower()) == {tickets["fi"].subject}


def test_changed_text_is_found_by_its_new_words(requester, agent, tickets):
    services.update_ticket(agent, tickets["vpn"], {"subject": "Remote access flapping"})
    assert found(requester, "flapping") == {"Remote access flapping"}
    assert found(requester, "disconnecting") == set()


# Each hostile text is read as its words only: quotes, operators and wildcards of FTS5, tsquery or
# LIKE mean nothing, so a query finds exactly what its words find, or nothing.
@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('"', set()),
        ("'", set()),
        ("*", set()),
        ("AND", set()),
        ("vpn*", {"vpn", "fa"}),
        ("a:b", set()),
        ("(vpn", {"vpn", "fa"}),
        ("vpn)", {"vpn", "fa"}),
        ('"vpn" OR tulostin', set()),
        ("NEAR(", set()),
        ("-", set()),
        ("&|!", set()),
        ("\\", set()),
        ("%_", set()),
        ("%", set()),
        ("ü̈", set()),
        ("\u200c", set()),
        ("x" * 500, set()),
    ],
)
def test_any_query_text_is_safe_and_means_its_words_only(requester, tickets, q, expected):
    assert found(requester, q) == {tickets[key].subject for key in expected}


def test_punctuation_only_finds_nothing(requester, tickets):
    assert found(requester, "?!") == set()


def test_search_never_crosses_what_a_person_may_see(requester, tickets):
    colleague = PersonFactory(organisation=requester.organisation)
    assert found(colleague, "vpn") == set()
    outsider = AgentFactory(serves=[OrganisationFactory()])
    assert found(outsider, "vpn") == set()
    assert found(outsider, tickets["vpn"].reference) == set()


def test_terms_are_lower_cased_words():
    assert search.terms("VPN, down! INC-000001") == ["vpn", "down", "inc", "000001"]
