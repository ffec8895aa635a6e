"""An agent finds, in a real browser, that a Finnish ticket repeats one resolved last week: the
ticket page lists the earlier ticket with its resolution among the similar tickets, never the
look-alike of another organisation, and the agent links one ticket and merges into another from
the list."""

import pytest

from moked.tickets.models import TicketLink
from tests.factories import (
    AgentFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
    make_ticket,
    resolve_ticket,
)
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def desk():
    suomi = OrganisationFactory(code="SUOMI", name="Suomi Oy", domains=["suomi.example"], language="fi")
    other = OrganisationFactory(code="MUU", name="Muu Oy", domains=["muu.example"], language="fi")
    agent = AgentFactory(username="agent-aino", name="Aino Agentti", serves=[suomi, other], language="en")
    agent.set_password(PASSWORD)
    agent.save()
    GroupFactory(name="Palvelupiste", members=[agent])
    requester = PersonFactory(organisation=suomi, name="Matti Meikäläinen", language="fi")
    solved = make_ticket(
        requester, subject="Salasanan vaihto ei onnistu", description="En pysty vaihtamaan salasanaa."
    )
    resolve_ticket(agent, solved, code="solved", text="Tunnus avattiin ja salasana nollattiin.")
    still_open = make_ticket(requester, subject="Salasanani vanheni", description="Salasana ei enää kelpaa.")
    elsewhere = make_ticket(
        PersonFactory(organisation=other), subject="Unohdin salasanani", description="Salasanani ei kelpaa."
    )
    ticket = make_ticket(requester, subject="Unohdin salasanani", description="Salasanani ei kelpaa.")
    return {"ticket": ticket, "solved": solved, "open": still_open, "elsewhere": elsewhere}


def test_an_agent_links_and_merges_from_the_similar_tickets(desk, sign_in):
    ticket, solved, still_open = desk["ticket"], desk["solved"], desk["open"]
    page = sign_in("agent-aino")
    base = page.url.split("/desk/")[0]
    page.goto(f"{base}/desk/tickets/{ticket.reference}/")

    earlier = page.locator(f"[data-testid=similar-tickets] li[data-ticket='{solved.reference}']")
    earlier.wait_for()
    assert "Tunnus avattiin ja salasana nollattiin." in earlier.text_content()
    assert desk["elsewhere"].reference not in page.text_content("[data-testid=similar-tickets]")

    earlier.locator("button", has_text="Link").click()
    page.wait_for_selector(".alert-success")
    assert TicketLink.objects.filter(ticket=ticket, related=solved, kind=TicketLink.Kind.RELATED).exists()

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(
        f"[data-testid=similar-tickets] li[data-ticket='{still_open.reference}'] button", has_text="Merge"
    ).click()
    page.wait_for_url(f"{base}/desk/tickets/{still_open.reference}/")
    ticket.refresh_from_db()
    assert ticket.merged_into_id == still_open.pk
