"""The `kb` fixture: a small knowledge base for the knowledge API's tests, with two client
organisations (ACME, whose people and agent are the shared fixtures', and BETA) and one person of
each role."""

from types import SimpleNamespace

import pytest

from moked.knowledge import services
from moked.knowledge.models import Article
from tests.factories import AgentFactory, ClientManagerFactory, OrganisationFactory, PersonFactory

from .knowledge_world import published


@pytest.fixture
def kb(org, requester, agent, admin):
    """ACME's people see ACME's own VPN article instead of the general one; BETA has its own
    printer article; an internal article is for staff; a draft for its writers."""
    beta = OrganisationFactory(code="BETA", name="Beta", domains=["beta.example"])
    vpn = published(
        admin,
        "vpn",
        title="Connect to the VPN",
        body="Open the VPN client.\nPress connect.",
        kind=Article.Kind.HOW_TO,
        tags=["vpn", "network"],
    )
    services.save_variant(admin, vpn, language="fi", title="Yhdistä VPN:ään", body="Avaa VPN-asiakas.")
    acme_vpn = published(
        admin,
        "acme-vpn",
        title="ACME's VPN",
        body="Use the ACME token.",
        organisation=org,
        replaces=vpn,
        tags=["vpn"],
    )
    beta_printer = published(
        admin,
        "beta-printer",
        title="Beta's printer",
        body="Turn it off and on.",
        organisation=beta,
        kind=Article.Kind.TROUBLESHOOTING,
        tags=["printer"],
    )
    internal = published(
        admin,
        "internal",
        title="Restart the VPN server",
        visibility=Article.Visibility.INTERNAL,
        tags=["vpn"],
    )
    draft = services.create_article(admin, key="draft", language="he", title="טיוטה", body="עדיין לא.")
    return SimpleNamespace(
        acme=org,
        beta=beta,
        admin=admin,
        agent=agent,
        requester=requester,
        manager=ClientManagerFactory(organisation=org, username="acme.manager"),
        beta_user=PersonFactory(organisation=beta, username="beta.user"),
        beta_agent=AgentFactory(username="beta.agent", serves=[beta]),
        vpn=vpn,
        acme_vpn=acme_vpn,
        beta_printer=beta_printer,
        internal=internal,
        draft=draft,
    )
