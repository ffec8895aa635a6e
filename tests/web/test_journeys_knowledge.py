"""The knowledge base's staff journey, in a real browser: a Finnish admin rewrites the Finnish
source of an article, watching the preview follow the text, submits it for review and publishes
it; the Hebrew, Persian and English translations are then shown stale against the new source
version, in the list and on the article's page, until one is confirmed. She also removes an image
the text shows, once she has confirmed it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from moked.knowledge import services
from moked.knowledge.models import Article, ArticleImage
from moked.people.models import Person
from tests.factories import AdminFactory
from tests.web.conftest import PASSWORD
from tests.web.said import said

pytestmark = pytest.mark.django_db(transaction=True)


def signed_in_at_the_desk(browser, live_server, username: str, *, locale: str):
    """A page of a new desktop-sized browser context, signed in as the staff member `username`."""
    page = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/**")
    return page


@pytest.fixture
def article():
    admin = AdminFactory(username="maya", name="Maya Virtanen", language="fi")
    admin.set_password(PASSWORD)
    admin.save()
    article = services.create_article(
        admin,
        language="fi",
        title="VPN-yhteyden muodostaminen",
        body="Avaa VPN-asiakasohjelma ja kirjaudu sisään.",
    )
    for language, title, body in (
        ("he", "התחברות ל-VPN", "פתחו את תוכנת ה-VPN והתחברו."),
        ("fa", "اتصال به VPN", "برنامهٔ VPN را باز کنید و وارد شوید."),
        ("en", "Connecting to the VPN", "Open the VPN client and sign in."),
    ):
        services.save_variant(admin, article, language=language, title=title, body=body)
    return article


def test_an_admin_publishes_a_finnish_source_and_the_translations_are_flagged_stale(
    article, browser, live_server
):
    page = signed_in_at_the_desk(browser, live_server, "maya", locale="fi-FI")

    page.keyboard.press("g")  # the workspace's shortcut to the knowledge base
    page.keyboard.press("k")
    page.wait_for_url("**/desk/knowledge/")
    page.goto(f"{live_server.url}/desk/")
    page.click(f"nav >> text={said('fi', 'Knowledge')}")
    page.fill("#q", "VPN-yhteys")  # the search box narrows the list as the admin types
    page.wait_for_selector(f"tr[data-article='{article.pk}'] [data-testid=snippet]")
    assert page.locator("tr[data-article]").count() == 1
    page.click(f"tr[data-article='{article.pk}'] a")
    page.wait_for_url(f"**/desk/knowledge/{article.pk}/")
    assert page.locator("[data-testid=stale]").count() == 0

    page.click(f"[data-variant=fi] >> text={said('fi', 'Edit')}")
    page.wait_for_url(f"**/desk/knowledge/{article.pk}/fi/edit/")
    page.fill("#id_body", "Avaa VPN-asiakasohjelma, valitse **Helsinki** ja kirjaudu sisään.")
    page.wait_for_selector("[data-testid=preview] strong:text('Helsinki')")  # the preview follows
    page.click("#save-variant")
    page.wait_for_url(f"**/desk/knowledge/{article.pk}/")

    page.click("[data-step=submit]")
    page.wait_for_selector("[data-step=publish]")
    page.click("[data-step=publish]")
    page.wait_for_selector(f"[data-testid=state]:text('{said('fi', 'Published')}')")
    stale = said("fi", "stale: the source is at version %(number)s") % {"number": 2}
    for language in ("he", "fa", "en"):
        assert page.text_content(f"[data-variant={language}] [data-testid=stale]").strip() == stale
    assert page.locator("[data-variant=fi] [data-testid=stale]").count() == 0
    assert "<strong>Helsinki</strong>" in page.inner_html("[data-variant=fi] .article-body")
    # the Hebrew translation reads right to left inside the Finnish page
    assert page.get_attribute("[data-variant=he] article", "dir") == "rtl"
    assert page.get_attribute("html", "dir") == "ltr"

    page.click("[data-confirm=he]")  # the Hebrew text still says what the new source says
    page.wait_for_selector("[data-variant=he]:not(:has([data-testid=stale]))")
    assert page.locator("[data-testid=stale]").count() == 2

    page.goto(f"{live_server.url}/desk/knowledge/?stale=1")
    assert page.locator(f"tr[data-article='{article.pk}'] .text-bg-warning").count() == 2
    refreshed = Article.objects.get(pk=article.pk)
    assert refreshed.state == Article.State.PUBLISHED
    assert sorted(refreshed.variants.filter(is_stale=True).values_list("language", flat=True)) == ["en", "fa"]


def test_an_agent_writes_a_known_error_as_its_symptom_cause_and_workaround(browser, live_server):
    from tests.factories import AgentFactory

    agent = AgentFactory(username="agent-yael", name="יעל כהן", language="he")
    agent.set_password(PASSWORD)
    agent.save()
    page = signed_in_at_the_desk(browser, live_server, "agent-yael", locale="he-IL")
    page.goto(f"{live_server.url}/desk/knowledge/new/")
    assert page.is_visible("#id_body") and not page.is_visible("#id_symptom")

    page.select_option("#id_kind", "known_error")  # the sections stand in for the one text
    assert page.is_visible("#id_symptom") and not page.is_visible("#id_body")
    page.select_option("#id_language", "he")
    page.fill("#id_title", "המדפסת תוקעת נייר")
    page.fill("#id_symptom", "הנייר נתקע במגש 2.")
    page.fill("#id_cause", "גלגלת שחוקה.")
    page.fill("#id_workaround", "להדפיס ממגש 1.")
    page.wait_for_selector("[data-testid=preview] h2:text('פתרון עוקף')")
    assert page.get_attribute("[data-testid=preview]", "dir") == "rtl"
    page.click("#save-article")
    page.wait_for_url("**/desk/knowledge/*/")

    article = Article.objects.get()
    assert (article.kind, article.owner, article.state) == ("known_error", agent, "draft")
    assert article.variants.get().body == (
        "## תסמין\n\nהנייר נתקע במגש 2.\n\n## סיבה\n\nגלגלת שחוקה.\n\n## פתרון עוקף\n\nלהדפיס ממגש 1."
    )
    assert page.get_attribute("[data-variant=he] article", "dir") == "rtl"


def test_an_admin_removes_an_image_after_confirming_and_the_text_shows_its_description(
    article, browser, live_server
):
    admin = Person.objects.get(username="maya")
    image = services.add_image(admin, article, SimpleUploadedFile("valikko.gif", b"GIF89a" + b"\0" * 20))
    services.save_variant(admin, article, language="fi", title="VPN", body=f"![Valikko]({image.reference})")
    page = signed_in_at_the_desk(browser, live_server, "maya", locale="fi-FI")
    page.goto(f"{live_server.url}/desk/knowledge/{article.pk}/")
    remove = f"[data-image='{image.pk}'] button[type=submit]"

    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.click(remove)
    assert questions and "valikko.gif" in questions[0] and ArticleImage.objects.filter(pk=image.pk).exists()

    page.once("dialog", lambda dialog: dialog.accept())
    page.click(remove)
    page.wait_for_selector(".alert-success")
    assert not ArticleImage.objects.filter(pk=image.pk).exists()
    variant = page.locator("[data-variant=fi] article")
    assert "Valikko" in variant.inner_text() and variant.locator("img").count() == 0
    assert "Kuva poistettu" in page.content()  # the history, in Finnish
