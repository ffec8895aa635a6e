"""Two-factor sign-in for staff (allauth.mfa), required per support group.

Codes are real: computed from the secret the set-up page shows with allauth's own TOTP helper
(RFC 6238: HMAC-SHA1, 30-second steps, six digits), and recovery codes are those Moked shows.
"""

import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core.cache import cache
from django.test import Client

from moked.people.models import SupportGroup
from tests.factories import (
    PASSWORD,
    AdminFactory,
    AgentFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
)
from tests.web.clients import client_for

SET_UP = "/accounts/2fa/totp/activate/"
CODE_STEP = "/accounts/2fa/authenticate/"


@pytest.fixture(autouse=True)
def _fresh_cache(db):
    # allauth remembers used codes and failed attempts in the cache (a database table, which the
    # live server's tests do not roll back).
    cache.clear()
    yield
    cache.clear()


def code_now(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def wrong_code(secret: str) -> str:
    """Six digits that are none of the codes accepted now (the current step and its neighbours)."""
    step = int(time.time()) // mfa_settings.TOTP_PERIOD
    accepted = {format_hotp_value(hotp_value(secret, step + shift)) for shift in (-2, -1, 0, 1, 2)}
    return next(code for n in range(10) if (code := f"{n}" * 6) not in accepted)


def sign_in(client: Client, username: str):
    return client.post("/accounts/login/", {"login": username, "password": PASSWORD})


def sign_out(client: Client) -> None:
    client.post("/accounts/logout/")


def secret_on_page(html: str) -> str:
    return re.search(r'id="totp-secret"[^>]*>([A-Z2-7=]+)<', html).group(1)


def recovery_codes_on_page(html: str) -> list[str]:
    listing = re.search(r'<ol id="recovery-codes".*?</ol>', html, re.S).group(0)
    return re.findall(r"<code[^>]*>(\d+)</code>", listing)


def with_app(person) -> str:
    """Give `person` an authenticator app and recovery codes, as the set-up does; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(person, secret)
    RecoveryCodes.activate(person)
    return secret


@pytest.fixture
def org(db):
    return OrganisationFactory(code="ACME", domains=["acme.example"])


@pytest.fixture
def agent(org):
    agent = AgentFactory(username="agent-avi", name="Avi Agent", serves=[org])
    GroupFactory(name="Identity & Access", members=[agent], requires_two_factor=True)
    return agent


def test_an_agent_of_a_group_that_requires_it_sets_it_up_and_signs_in_with_a_code(agent):
    client = Client()
    answer = sign_in(client, "agent-avi")
    assert client.get(answer.url, follow=True).redirect_chain[-1][0] == SET_UP

    # Nothing else opens until it is set up: pages, htmx requests, the API's session, Django's admin.
    assert client.get("/desk/").url == SET_UP
    assert client.get("/desk/counts/", headers={"HX-Request": "true"}).headers["HX-Redirect"] == SET_UP
    refused = client.get("/api/v1/tickets/")
    assert refused.status_code == 403 and refused.json()["code"] == "two_factor_required"
    assert client.get("/health/").status_code == 200

    page = client.get(SET_UP).content.decode()
    assert "Your group requires two-factor sign-in" in page
    secret = secret_on_page(page)
    answer = client.post(SET_UP, {"code": code_now(secret)})
    assert answer.url == "/accounts/2fa/recovery-codes/"
    assert len(recovery_codes_on_page(client.get(answer.url).content.decode())) == 10
    assert client.get("/desk/").status_code == 200
    assert client.get("/api/v1/tickets/").status_code == 200

    sign_out(client)
    assert sign_in(client, "agent-avi").url == CODE_STEP
    assert client.get("/desk/").url.startswith("/accounts/login/")  # the password alone is not enough
    answer = client.post(CODE_STEP, {"code": code_now(secret)}, follow=True)
    assert answer.redirect_chain[-1][0] == "/desk/" and answer.status_code == 200


def test_a_wrong_code_is_refused_and_a_code_works_only_once(agent):
    secret = with_app(agent)
    client = Client()
    sign_in(client, "agent-avi")
    refused = client.post(CODE_STEP, {"code": wrong_code(secret)})
    assert refused.status_code == 200 and "Incorrect code." in refused.content.decode()
    assert client.get("/desk/").url.startswith("/accounts/login/")

    code = code_now(secret)
    assert client.post(CODE_STEP, {"code": code}).url == "/start/"
    assert client.get("/desk/").status_code == 200

    sign_out(client)
    sign_in(client, "agent-avi")
    replayed = client.post(CODE_STEP, {"code": code})
    assert replayed.status_code == 200 and "Incorrect code." in replayed.content.decode()


def test_a_recovery_code_signs_in_once(agent):
    with_app(agent)
    client = Client()
    # The codes as the agent sees them, signed in with one of them (no phone at hand).
    codes = RecoveryCodes(Authenticator.objects.get(user=agent, type="recovery_codes")).get_unused_codes()
    sign_in(client, "agent-avi")
    assert client.post(CODE_STEP, {"code": codes[0]}).url == "/start/"
    shown = recovery_codes_on_page(client.get("/accounts/2fa/recovery-codes/").content.decode())
    assert shown == codes[1:]

    sign_out(client)
    sign_in(client, "agent-avi")
    again = client.post(CODE_STEP, {"code": codes[0]})
    assert again.status_code == 200 and "Incorrect code." in again.content.decode()
    assert client.post(CODE_STEP, {"code": codes[1]}).url == "/start/"


def test_agents_outside_such_groups_are_not_bothered_and_clients_are_not_offered_it(agent, org):
    free = AgentFactory(username="agent-dana", serves=[org])
    GroupFactory(name="Service desk", members=[free])
    client = Client()
    answer = sign_in(client, "agent-dana")
    assert client.get(answer.url, follow=True).redirect_chain[-1][0] == "/desk/"
    desk = client.get("/desk/").content.decode()
    assert 'href="/accounts/2fa/"' in desk  # offered, not required
    assert "Not set up." in client.get("/accounts/2fa/").content.decode()

    customer = PersonFactory(organisation=org, username="dana")
    client = Client()
    answer = sign_in(client, "dana")
    assert client.get(answer.url, follow=True).redirect_chain[-1][0] == "/portal/"
    assert 'href="/accounts/2fa/"' not in client.get("/portal/").content.decode()
    assert client.get("/accounts/2fa/").status_code == 403
    assert client.get(SET_UP).status_code == 403
    assert not Authenticator.objects.filter(user=customer).exists()


def test_api_tokens_are_not_affected(agent, api_as):
    assert api_as(agent).get("/api/v1/tickets/").status_code == 200
    refused = Client().get("/api/v1/tickets/", headers={"Authorization": "Token not-a-token"})
    assert refused.status_code == 401


def test_it_cannot_be_removed_while_a_group_requires_it(agent):
    secret = with_app(agent)
    client = Client()
    sign_in(client, "agent-avi")
    client.post(CODE_STEP, {"code": code_now(secret)})
    assert "cannot be removed" in client.get("/accounts/2fa/").content.decode()
    page = client.get("/accounts/2fa/totp/deactivate/").content.decode()
    assert "A group you belong to requires two-factor sign-in, so you cannot remove it." in page
    client.post("/accounts/2fa/totp/deactivate/")
    assert Authenticator.objects.filter(user=agent, type="totp").exists()

    SupportGroup.objects.update(requires_two_factor=False)
    assert client.post("/accounts/2fa/totp/deactivate/").url == "/accounts/2fa/"
    assert not Authenticator.objects.filter(user=agent).exists()  # the recovery codes go with it


def test_a_team_lead_of_a_group_that_requires_it_is_held_too(org):
    from tests.factories import TeamLeadFactory

    lead = TeamLeadFactory(username="agent-noa", serves=[org])
    GroupFactory(leads=[lead], requires_two_factor=True)
    client = Client()
    sign_in(client, "agent-noa")
    assert client.get("/desk/").url == SET_UP


def test_django_admin_sign_in_cannot_skip_the_code(db):
    admin = AdminFactory(username="maya")
    with_app(admin)
    client = Client()
    answer = client.post("/admin/login/", {"username": "maya", "password": PASSWORD})
    assert answer.url.startswith("/accounts/login/")
    assert client.get("/admin/", follow=True).redirect_chain[-1][0].startswith("/accounts/login/")
    assert sign_in(client, "maya").url == CODE_STEP


# --- the admin page ------------------------------------------------------------------------------


def test_only_admins_open_the_sign_in_security_page(agent, org):
    group = SupportGroup.objects.get()
    for outsider in (AgentFactory(serves=[org]), PersonFactory(organisation=org)):
        client = client_for(outsider)
        assert client.get("/desk/administration/security/").status_code == 403
        assert (
            client.post(
                f"/desk/administration/security/groups/{group.pk}/", {"requires_two_factor": "0"}
            ).status_code
            == 403
        )
    assert SupportGroup.objects.get().requires_two_factor
    admin = client_for(AdminFactory())
    assert admin.get("/desk/administration/security/").status_code == 200
    assert (
        admin.post("/desk/administration/security/groups/999999/", {"requires_two_factor": "1"}).status_code
        == 404
    )
    assert admin.get(f"/desk/administration/security/groups/{group.pk}/").status_code == 405
    assert 'href="/desk/administration/security/"' in admin.get("/desk/administration/").content.decode()


def test_an_admin_requires_it_of_a_group_and_sees_who_has_not_set_it_up(org):
    ready = AgentFactory(name="Ready Rina", serves=[org])
    with_app(ready)
    late = AgentFactory(name="Late Lior", serves=[org])
    group = GroupFactory(name="Network", members=[ready, late])
    admin = client_for(AdminFactory())

    page = admin.get("/desk/administration/security/").content.decode()
    assert "Late Lior" in page and "Ready Rina" not in page
    answer = admin.post(f"/desk/administration/security/groups/{group.pk}/", {"requires_two_factor": "1"})
    assert answer.url == "/desk/administration/security/"
    assert SupportGroup.objects.get().requires_two_factor
    assert client_for(late).get("/desk/").url == SET_UP
    assert client_for(ready).get("/desk/").status_code == 200

    admin.post(f"/desk/administration/security/groups/{group.pk}/", {"requires_two_factor": "0"})
    assert not SupportGroup.objects.get().requires_two_factor
    assert client_for(late).get("/desk/").status_code == 200


def test_bad_input_changes_nothing_and_says_why(org):
    group = GroupFactory(members=[AgentFactory(serves=[org])])
    admin = client_for(AdminFactory())
    admin.post(f"/desk/administration/security/groups/{group.pk}/", {"requires_two_factor": "maybe"})
    assert not SupportGroup.objects.get().requires_two_factor
    assert "Select a valid choice" in admin.get("/desk/administration/security/").content.decode()


@pytest.mark.parametrize("count", [2, 20])
def test_the_security_page_costs_a_bounded_number_of_queries(org, count, django_assert_max_num_queries):
    for n in range(count):
        members = [AgentFactory(serves=[org]) for _ in range(3)]
        with_app(members[0])
        GroupFactory(name=f"Group {n}", members=members, requires_two_factor=n % 2 == 0)
    admin = client_for(AdminFactory())
    with django_assert_max_num_queries(10):
        assert admin.get("/desk/administration/security/").status_code == 200


# --- in a browser --------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_agent_sets_it_up_and_signs_in_with_a_code_in_a_browser(agent, browser, live_server):
    from tests.web.test_accessibility import check

    page = browser.new_context(locale="en-GB", viewport={"width": 1100, "height": 900}).new_page()

    def sign_in_with_password():
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_login", "agent-avi")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")

    sign_in_with_password()
    page.wait_for_url(f"**{SET_UP}")
    assert "Your group requires two-factor sign-in" in page.text_content("main")
    check(page, "en-two-factor-set-up")
    secret = page.text_content("#totp-secret")
    page.fill("#id_code", wrong_code(secret))
    page.click("main button[type=submit]")
    assert "Incorrect code." in page.text_content("main")
    page.fill("#id_code", code_now(secret))
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    assert len(page.locator("#recovery-codes code").all_text_contents()) == 10
    check(page, "en-two-factor-recovery-codes")
    page.click("main >> text=Done")
    page.wait_for_url("**/desk/")
    page.click("nav >> text=Two-factor sign-in")
    assert "Active since" in page.text_content("[data-testid=two-factor-status]")
    check(page, "en-two-factor")

    page.click("nav >> text=Sign out")
    page.wait_for_url("**/accounts/login/")
    sign_in_with_password()
    page.wait_for_url(f"**{CODE_STEP}")
    check(page, "en-two-factor-code")
    page.fill("#id_code", code_now(secret))
    page.click(f"form[action='{CODE_STEP}'] button")
    page.wait_for_url("**/desk/")
    assert "Avi Agent" in page.text_content("nav")


@pytest.mark.django_db(transaction=True)
def test_an_admin_requires_it_of_a_group_in_a_browser(org, browser, live_server):
    from tests.web.test_accessibility import check

    AdminFactory(username="agent-maya", name="Maya Admin")  # "agent-" lands on the desk
    GroupFactory(name="Network", members=[AgentFactory(name="Late Lior", serves=[org])])
    page = browser.new_context(locale="en-GB", viewport={"width": 1100, "height": 700}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", "agent-maya")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/**")
    page.click("nav >> text=Administration")
    page.click("main >> text=Sign-in security")
    page.click("[aria-label='Require two-factor sign-in in Network']")
    page.wait_for_url("**/desk/administration/security/")
    assert page.text_content("[data-testid=requirement]").strip() == "Required"
    assert "Late Lior" in page.text_content("[data-testid=missing]")
    check(page, "en-admin-sign-in-security")
    assert SupportGroup.objects.get().requires_two_factor
