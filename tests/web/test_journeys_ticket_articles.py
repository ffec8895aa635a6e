"""An agent answers a Persian-speaking requester with an article from the knowledge base, in a
real browser: the ticket page suggests it, one click puts its Persian link into the reply, the
reply goes out, and the article stays linked to the ticket."""

import pytest

from moked.knowledge import services as knowledge
from moked.knowledge.models import TicketArticle
from moked.tickets.models import Comment, EventKind
from tests.factories import (
    AdminFactory,
    AgentFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
    make_ticket,
)
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "اتصال به VPN از خانه"


@pytest.fixture
def desk():
    pars = OrganisationFactory(code="PARS", name="Pars Trading", domains=["pars.example"], language="fa")
    agent = AgentFactory(username="agent-avi", name="Avi Agent", serves=[pars], language="en")
    agent.set_password(PASSWORD)
    agent.save()
    GroupFactory(name="Service desk", members=[agent])
    admin = AdminFactory()
    article = knowledge.create_article(
        agent, language="en", title="Connect to the VPN from home", body="Open GlobalProtect and sign in."
    )
    knowledge.save_variant(
        agent, article, language="fa", title=TITLE, body="برنامه GlobalProtect را باز کنید و وارد شوید."
    )
    knowledge.submit_for_review(agent, article)
    knowledge.publish(admin, article)
    requester = PersonFactory(organisation=pars, name="رضا احمدی", language="fa", email="reza@pars.example")
    ticket = make_ticket(
        requester, subject="VPN از خانه وصل نمی‌شود", description="از صبح اتصال VPN از خانه قطع می‌شود."
    )
    return {"ticket": ticket, "article": article}


def test_an_agent_inserts_a_suggested_article_into_a_reply_in_persian(desk, sign_in):
    ticket, article = desk["ticket"], desk["article"]
    page = sign_in("agent-avi")
    page.goto(page.url.split("/desk/")[0] + f"/desk/tickets/{ticket.reference}/")

    suggestion = page.locator(f"[data-testid=offered-articles] li[data-article='{article.pk}']")
    suggestion.wait_for()
    assert TITLE in suggestion.text_content()  # in the requester's language, not the agent's
    page.fill("#id_body", "سلام، لطفاً این راهنما را ببینید:")
    suggestion.locator("button", has_text="Insert link").click()
    address = f"/portal/knowledge/{article.pk}/"
    page.wait_for_function(
        "address => document.getElementById('id_body').value.includes(address)", arg=address
    )
    assert page.input_value("#id_body") == (
        f"سلام، لطفاً این راهنما را ببینید:\n\n{TITLE}: http://127.0.0.1:8000{address}"
    )
    page.locator("[data-testid=linked-articles]", has_text=TITLE).wait_for()  # reloaded by htmx

    page.click("form:has(#id_body) button[type=submit]")
    page.wait_for_selector(".alert-success")

    reply = Comment.objects.get(ticket=ticket, author__username="agent-avi")
    assert reply.is_public and f"{TITLE}: http://127.0.0.1:8000{address}" in reply.body
    assert list(TicketArticle.objects.values_list("ticket", "article")) == [(ticket.pk, article.pk)]
    assert ticket.events.filter(kind=EventKind.ARTICLE_LINKED, new_label=TITLE).exists()
    assert TITLE in page.text_content("[data-testid=linked-articles]")
