import pytest

from moked.knowledge import services
from tests.factories import AdminFactory, AgentFactory, OrganisationFactory


@pytest.fixture
def alpha():
    return OrganisationFactory(code="ALPHA", name="Alpha")


@pytest.fixture
def admin():
    return AdminFactory(name="Maya Admin", language="en")


@pytest.fixture
def agent(alpha):
    return AgentFactory(name="Avi Agent", serves=[alpha], language="en")


@pytest.fixture
def article(admin):
    """A general article written in English, with a Finnish translation."""
    made = services.create_article(
        admin, key="reset-password", language="en", title="Reset your password", body="Open **Settings**."
    )
    services.save_variant(admin, made, language="fi", title="Vaihda salasana", body="Avaa **Asetukset**.")
    return made
