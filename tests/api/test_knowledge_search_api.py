"""GET /api/v1/knowledge/search/ and /suggestions/: the articles the caller may see, best first,
in the caller's language where a variant exists."""

import pytest

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/knowledge/search/"
SUGGESTIONS = "/api/v1/knowledge/suggestions/"


def found(response) -> list[tuple[str, str]]:
    assert response.status_code == 200, response.json()
    return [(match["key"], match["language"]) for match in response.json()["results"]]


def test_a_search_finds_only_what_the_caller_may_see(api_as, kb):
    assert found(api_as(kb.beta_user).get(SEARCH, {"q": "VPN"})) == [("vpn", "en")]
    assert found(api_as(kb.requester).get(SEARCH, {"q": "VPN"})) == [("acme-vpn", "en")]
    staff = found(api_as(kb.agent).get(SEARCH, {"q": "VPN"}))
    assert {key for key, _ in staff} == {"vpn", "acme-vpn", "internal"}
    assert found(api_as(kb.agent).get(SEARCH, {"q": "printer"})) == []
    assert found(api_as(kb.admin).get(SEARCH, {"q": "printer"})) == [("beta-printer", "en")]


def test_a_match_is_shown_in_the_callers_language_where_a_variant_exists(api_as, kb):
    kb.beta_user.language = "fi"
    kb.beta_user.save()
    response = api_as(kb.beta_user).get(SEARCH, {"q": "VPN"})
    match = response.json()["results"][0]
    assert (match["key"], match["language"], match["title"]) == ("vpn", "fi", "Yhdistä VPN:ään")
    assert match["snippet"] == "Avaa VPN-asiakas." and match["is_stale"] is False
    english = api_as(kb.beta_user).get(SEARCH, {"q": "VPN", "language": "en"})
    assert english.json()["results"][0]["title"] == "Connect to the VPN"


def test_staff_search_other_states_and_clients_still_find_only_published_articles(api_as, kb):
    drafts = api_as(kb.agent).get(SEARCH, {"q": "טיוטה", "state": "draft,published"})
    assert found(drafts) == [("draft", "he")]
    assert found(api_as(kb.agent).get(SEARCH, {"q": "טיוטה"})) == []
    assert found(api_as(kb.requester).get(SEARCH, {"q": "טיוטה", "state": "draft"})) == []


def test_suggestions_answer_a_request_being_written(api_as, kb):
    response = api_as(kb.requester).get(SUGGESTIONS, {"q": "My VPN token does not work"})
    assert found(response) == [("acme-vpn", "en")]
    general = api_as(kb.beta_user).get(SUGGESTIONS, {"q": "I cannot connect to the VPN"})
    assert found(general) == [("vpn", "en")]
    assert found(api_as(kb.requester).get(SUGGESTIONS, {"q": ""})) == []


@pytest.mark.parametrize(
    ("address", "query"),
    [
        (SEARCH, {}),
        (SEARCH, {"q": "x" * 1001}),
        (SEARCH, {"q": "vpn", "limit": 0}),
        (SEARCH, {"q": "vpn", "limit": 51}),
        (SEARCH, {"q": "vpn", "language": "de"}),
        (SEARCH, {"q": "vpn", "state": "open"}),
        (SEARCH, {"q": "vpn\x00"}),
        (SUGGESTIONS, {}),
        (SUGGESTIONS, {"q": "vpn", "limit": 11}),
        (SUGGESTIONS, {"q": "vpn", "language": "xx"}),
    ],
)
def test_a_bad_query_is_a_400(api_as, kb, address, query):
    response = api_as(kb.agent).get(address, query)
    assert response.status_code == 400 and response.json()["code"] == "invalid"
