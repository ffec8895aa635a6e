"""Every page links Moked's icon, and /favicon.ico (asked for by pages that do not link one) finds it."""

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests.factories import AgentFactory, OrganisationFactory
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


def test_pages_link_an_icon_that_exists():
    page = Client().get("/accounts/login/").content.decode()
    assert 'rel="icon" href="/static/web/favicon.svg"' in page and 'href="/static/web/favicon.ico"' in page
    assert finders.find("web/favicon.svg") and finders.find("web/favicon.ico")
    with open(finders.find("web/favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file
    assert (
        'rel="icon"'
        in client_for(AgentFactory(serves=[OrganisationFactory()])).get("/desk/").content.decode()
    )


def test_favicon_ico_is_not_a_404():
    answer = Client().get("/favicon.ico")
    assert answer.status_code == 301 and answer.url == "/static/web/favicon.ico"
