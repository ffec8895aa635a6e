import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from moked.api.models import ApiToken, hash_key

pytestmark = pytest.mark.django_db


def test_without_a_token_the_api_answers_401_in_json():
    response = APIClient().get("/api/v1/tickets/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Token"


def test_a_wrong_token_is_refused():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = client.get("/api/v1/tickets/")
    assert response.status_code == 401 and response.json()["code"] == "authentication_failed"


def test_a_token_of_a_disabled_person_is_refused(api_as, requester):
    client = api_as(requester)
    requester.is_active = False
    requester.save()
    assert client.get("/api/v1/tickets/").status_code == 401


def test_a_token_works_and_records_its_use(api_as, requester):
    response = api_as(requester).get("/api/v1/people/me/")
    assert response.status_code == 200 and response.json()["username"] == "dana"
    assert ApiToken.objects.get(person=requester).last_used_at is not None


def test_only_the_hash_of_a_key_is_stored(requester):
    token, key = ApiToken.issue(requester)
    assert key not in (token.key_hash, token.prefix) and token.key_hash == hash_key(key)
    assert key.startswith(token.prefix) and len(key) == 40


def test_create_token_prints_a_new_working_token(capsys, requester):
    call_command("create_token", "dana")
    key = capsys.readouterr().out.strip()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/people/me/").json()["name"] == "Dana Cohen"
    call_command("create_token", "dana")
    assert capsys.readouterr().out.strip() != key  # each call makes a new one
    assert ApiToken.objects.filter(person=requester).count() == 2


def test_create_token_for_an_unknown_person_fails_clearly(requester):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No person with the username 'nobody'"):
        call_command("create_token", "nobody")
