"""No English left on the pages a Persian or Hebrew reader can reach: with every record named in
their own script, any run of Latin letters on a page is the interface speaking English.

Latin that belongs there is allowed: ticket numbers, e-mail addresses, and the technical names
people use as they are (SLA, IMAP, TOTP...)."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from moked.businesstime.services import create_calendar
from moked.knowledge import deflection
from moked.sla.services import create_policy
from moked.tickets import services
from moked.workspace import services as saved_views
from tests.factories import (
    AdminFactory,
    AgentFactory,
    CategoryFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
    make_ticket,
)
from tests.web.articles import published
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db

SHOWN_ATTRIBUTES = {"placeholder", "aria-label", "title", "alt", "value"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Names people use as they are, in every language; and examples of tags, which are identifiers.
TECHNICAL = {"SLA", "IMAP", "SMTP", "STARTTLS", "TLS", "SSL", "TOTP", "API", "HTML", "URL", "CSV", "ID"}
TECHNICAL |= {
    "UTC",
    "INBOX",
    "QR",
    "IT",
    "Moked",
    "Ctrl",
    "Mac",
    "vip",
    "vpn",
    "printers",
    "printer",  # an article's key, an identifier shown beside its title where one is chosen
    "Markdown",
    "WebP",
    "StartTLS",
    "Webhook",  # Hebrew writes it as it is, as it does SLA
    "Webhooks",
}
ALLOWED = re.compile(
    r"[A-Z]{3}-?\d+|[\w.+-]+@[\w.-]+|https?://\S+|\{\{.*?\}\}|[a-z_]+\.[a-z_.]+|/[\w/.-]*"
    r"|\b[A-Z]{2,8}\b|\bperson\d+\b"  # codes (countries, organisations); the factories' usernames
    # what an admin types as it is: JSON ({"folder_group": ...}), a directory's URL (ldaps://host),
    # an identifier of several words (password-reset, corp-ldap)
    r"|\{.*\}|\b[a-z]+://\S*|\b[a-z0-9]+(?:-[a-z0-9]+)+\b"
    # a time zone: its IANA name, after its city as CLDR names it (in English where CLDR has no other)
    r"|^.*\b(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[\w/+-]+$",
)
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


class ShownText(HTMLParser):
    """The text a reader sees: text nodes and the attributes browsers show; not scripts, and not
    what is marked as written in another language (`lang`, such as a holiday's English name)."""

    def __init__(self, language: str):
        super().__init__()
        self.language, self.parts, self._hidden, self._open = language, [], 0, []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        skipped = tag in ("script", "style", "template") or names.get("lang", self.language) != self.language
        if tag not in VOID:
            self._open.append(skipped)
            self._hidden += skipped
        if self._hidden or skipped or tag == "html":
            return
        shown_value = tag == "input" and names.get("type") in ("submit", "button", "reset")
        shown = SHOWN_ATTRIBUTES - (set() if shown_value else {"value"})
        self.parts += [value for name, value in attrs if name in shown and value]

    def handle_endtag(self, tag):
        if tag not in VOID and self._open:
            self._hidden -= self._open.pop()

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def english_in(html: str, language: str) -> list[str]:
    parser = ShownText(language)
    parser.feed(html)
    leaks = []
    for part in parser.parts:
        words = [w for w in LATIN_WORD.findall(ALLOWED.sub(" ", part)) if w not in TECHNICAL]
        if words:
            leaks.append(part[:80])
    return sorted(set(leaks))


@pytest.fixture
def world():
    org = OrganisationFactory(code="PARS", name="بازرگانی پارس", domains=["pars.example"], language="fa")
    group = GroupFactory(name="میز خدمت")
    people = {
        "fa": AgentFactory(name="سارا رضایی", serves=[org], language="fa"),
        "he": AgentFactory(name="יעל כהן", serves=[org], language="he"),
        "admin-fa": AdminFactory(name="مینا", language="fa"),
        "admin-he": AdminFactory(name="דנה", language="he"),
        "customer-fa": PersonFactory(organisation=org, name="رضا احمدی", language="fa"),
        "customer-he": PersonFactory(organisation=org, name="נועה לוי", language="he"),
    }
    group.members.add(people["fa"], people["he"])
    ticket = make_ticket(people["customer-fa"], subject="چاپگر کار نمی‌کند", description="از صبح.")
    services.add_comment(people["fa"], ticket, "لطفاً دوباره امتحان کنید.")
    services.add_comment(people["fa"], ticket, "یادداشت داخلی", public=False)
    office = create_calendar(people["admin-fa"], name="ساعات اداری", timezone="Asia/Tehran", country="IR")
    create_policy(
        people["admin-fa"],
        name="استاندارد",
        calendar=office,
        first_response_minutes=60,
        resolution_minutes=540,
    )
    for agent in (people["fa"], people["he"]):
        saved_views.create_saved_view(agent, name="فوری", base="all", filters={"priority": ["1"]})
    article = published(
        people["admin-fa"],
        "printer",
        "درخواست چاپگر",
        "کارتریج را **عوض** کنید.",
        language="fa",
        translations=[("he", "בקשה למדפסת", "החליפו את **המחסנית**.")],
        categories=[CategoryFactory(name="چاپگرها")],
    )
    deflection.record_shown(people["customer-fa"], deflection.new_token(), [article])
    return {"ticket": ticket, "article": article, **people}


def pages_of(client: Client, addresses) -> dict[str, list[str]]:
    leaks = {}
    for address in addresses:
        answer = client.get(address)
        assert answer.status_code == 200, address
        found = english_in(answer.content.decode(), answer.headers["Content-Language"])
        if found:
            leaks[address] = found
    return leaks


@pytest.mark.parametrize("language", ["fa", "he"])
def test_the_workspace_speaks_the_agents_language(world, language):
    ticket = world["ticket"]
    agent = world[language]
    view = agent.saved_views.get()
    addresses = [
        "/desk/",
        "/desk/views/all/",
        "/desk/views/unassigned/",
        "/desk/views/all/?priority=1&assignee=none",
        f"/desk/saved/{view.pk}/",
        f"/desk/tickets/{ticket.reference}/",
        "/desk/phone/",
        f"/desk/phone/?caller={ticket.requester_id}",
        "/desk/reports/deflection/",
        "/desk/reports/deflection/?start=2026-05-01&end=2026-04-01",
    ]
    assert pages_of(client_for(agent), addresses) == {}


@pytest.mark.parametrize("language", ["fa", "he"])
def test_the_portal_speaks_the_customers_language(world, language):
    customer = world[f"customer-{language}"]
    words = "درخواست" if language == "fa" else "בקשה"
    own = make_ticket(customer, subject=words, description=words)
    article, token = world["article"], deflection.new_token()
    client = client_for(customer)
    suggested = client.post(
        "/portal/new/suggestions/", {"subject": words, "description": "", "attempt": token}
    )
    assert "/portal/knowledge/" in suggested.content.decode()  # the article was suggested
    assert english_in(suggested.content.decode(), language) == []
    addresses = [
        "/portal/",
        "/portal/new/",
        f"/portal/tickets/{own.reference}/",
        "/portal/knowledge/",
        f"/portal/knowledge/?q={words}&kind=how_to",
        f"/portal/knowledge/{article.pk}/",
        f"/portal/knowledge/{article.pk}/?attempt={token}",
    ]
    assert pages_of(client, addresses) == {}


@pytest.mark.parametrize("language", ["fa", "he"])
def test_the_administration_speaks_the_admins_language(world, language):
    client = client_for(world[f"admin-{language}"])
    start = client.get("/desk/administration/").content.decode()
    lists = re.findall(r'class="list-group-item[^"]*" href="([^"]+)"', start)
    assert len(lists) >= 10
    addresses = ["/desk/administration/", *lists]
    for address in lists:
        page = client.get(address).content.decode()
        addresses += sorted(set(re.findall(rf'href="({re.escape(address)}(?:new|\d+)/)"', page)))[:2]
    assert pages_of(client, addresses) == {}


@pytest.mark.parametrize("language", ["fa", "he"])
def test_the_knowledge_base_speaks_the_agents_language(world, language):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from moked.knowledge import services as knowledge
    from moked.knowledge.models import Article
    from tests.web.knowledge.test_images import PNG

    admin, agent = world[f"admin-{language}"], world[language]
    article = knowledge.create_article(
        admin,
        language="fa",
        title="چاپگر کاغذ را گیر می‌اندازد",
        body="## نشانه\n\nکاغذ گیر می‌کند.\n\n## علت\n\nغلتک کهنه است.",
        kind=Article.Kind.KNOWN_ERROR,
        tags=["چاپگر"],
        owner=agent,
    )
    knowledge.save_variant(admin, article, language="he", title="המדפסת תוקעת נייר", body="הנייר נתקע.")
    knowledge.save_variant(
        admin, article, language="fa", title="چاپگر کاغذ را گیر می‌اندازد", body="کاغذ گیر می‌کند."
    )
    knowledge.add_image(admin, article, SimpleUploadedFile("چاپگر", PNG))
    knowledge.submit_for_review(admin, article)
    knowledge.publish(admin, article)
    knowledge.give_feedback(world[f"customer-{language}"], article, helpful=False, comment="کمکی نکرد")
    addresses = [
        "/desk/knowledge/",
        "/desk/knowledge/?stale=1&review=due&state=published",
        "/desk/knowledge/?q=چاپگر",
        "/desk/knowledge/new/",
        f"/desk/knowledge/{article.pk}/",
        f"/desk/knowledge/{article.pk}/fa/edit/",
        f"/desk/knowledge/{article.pk}/details/",
        f"/desk/knowledge/{article.pk}/en/edit/",
        f"/desk/knowledge/{article.pk}/fa/versions/",
        f"/desk/knowledge/{article.pk}/fa/versions/1/",
        f"/desk/knowledge/{article.pk}/fa/versions/1/restore/",
        f"/desk/knowledge/{article.pk}/fa/compare/?a=1&b=2",
        "/desk/knowledge/follow-ups/",
    ]
    assert pages_of(client_for(admin), addresses) == {}
    assert pages_of(client_for(agent), addresses[:6]) == {}
