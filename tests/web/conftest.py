"""A real browser: Debian's Chromium driven by Playwright, against Moked served by a live server."""

import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct horse battery staple"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser(monkeypatch):
    if shutil.which(CHROMIUM) is None:
        pytest.skip("Chromium is not installed (`.ci/run` installs Debian's chromium)")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still
    # plain synchronous code, which Django would otherwise refuse next to a running loop.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def sign_in(browser, live_server):
    """sign_in(username) → a page of a new browser context, signed in as that person."""

    def open_as(username, password=PASSWORD):
        page = browser.new_context(locale="en-GB").new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_login", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url("**/desk/**" if username.startswith("agent") else "**/portal/**")
        return page

    return open_as


@pytest.fixture
def galil():
    """A client organisation named by its code in lists and filters (as the demo's גליל is)."""
    from tests.factories import OrganisationFactory

    return OrganisationFactory(code="GALIL", name="Galil Logistics", domains=["galil.example"])


@pytest.fixture
def amir():
    from tests.factories import OrganisationFactory

    return OrganisationFactory(code="AMIR", name="Amir Foods")
