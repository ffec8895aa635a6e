"""An article's images: uploaded in the editor, checked by content and size, shown where the
Markdown names them, and served only to people who may see the article."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from moked.knowledge import services
from moked.knowledge.models import ArticleEvent, ArticleImage
from tests.factories import AgentFactory, OrganisationFactory, PersonFactory
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db

# The smallest PNG: one transparent pixel.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def upload(client, article, name="screen.png", content=PNG, **headers):
    return client.post(
        f"/desk/knowledge/{article.pk}/images/", {"image": SimpleUploadedFile(name, content)}, **headers
    )


def test_an_uploaded_image_is_kept_and_shown_where_the_text_names_it(admin, article):
    client = client_for(admin)
    answer = upload(client, article, HTTP_HX_REQUEST="true")

    image = ArticleImage.objects.get()
    assert (image.name, image.content_type, image.size) == ("screen.png", "image/png", len(PNG))
    assert f"![screen.png](attachment:{image.pk})" in answer.content.decode()  # the line to copy
    assert article.events.filter(action=ArticleEvent.Action.IMAGE_ADDED).exists()

    services.save_variant(
        admin, article, language="en", title="Reset", body=f"![The menu](attachment:{image.pk})"
    )
    page = client.get(f"/desk/knowledge/{article.pk}/").content.decode()
    assert f'<img src="/knowledge/images/{image.pk}/" alt="The menu" loading="lazy">' in page
    served = client.get(f"/knowledge/images/{image.pk}/")
    assert served.status_code == 200 and served.headers["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == PNG


def test_the_preview_shows_the_articles_images(admin, article):
    image = services.add_image(admin, article, SimpleUploadedFile("a.png", PNG))
    other = services.create_article(admin, language="en", title="Other", body="x")
    body = f"![menu](attachment:{image.pk})"
    client = client_for(admin)

    own = client.post("/desk/knowledge/preview/", {"article": article.pk, "body": body, "language": "en"})
    elsewhere = client.post("/desk/knowledge/preview/", {"article": other.pk, "body": body, "language": "en"})

    assert f'<img src="/knowledge/images/{image.pk}/"' in own.content.decode()
    assert "<img" not in elsewhere.content.decode()  # another article's image is only its description


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("screen.png", b"<svg onload='alert(1)'></svg>", "not a PNG, JPEG, GIF or WebP image"),
        ("notes.txt.png", b"plain text pretending", "not a PNG, JPEG, GIF or WebP image"),
        ("empty.png", b"", ""),
    ],
)
def test_a_file_that_is_not_an_image_is_refused(admin, article, name, content, reason):
    answer = upload(client_for(admin), article, name, content, HTTP_HX_REQUEST="true")
    assert reason in answer.content.decode() and "invalid-feedback" in answer.content.decode()
    assert ArticleImage.objects.count() == 0


def test_a_gif_named_as_a_png_is_kept_as_what_it_is(admin, article):
    upload(client_for(admin), article, "photo.png", b"GIF89a" + b"\x00" * 20)
    assert ArticleImage.objects.get().content_type == "image/gif"


def test_an_image_too_large_is_refused(admin, article, settings):
    settings.MOKED_ARTICLE_IMAGE_MAX_BYTES = 50
    answer = upload(client_for(admin), article, HTTP_HX_REQUEST="true")
    assert "images may be at most 50" in answer.content.decode()
    assert ArticleImage.objects.count() == 0


def test_without_htmx_the_refusal_shows_on_the_page_it_came_from(admin, article):
    client = client_for(admin)
    answer = client.post(
        f"/desk/knowledge/{article.pk}/images/",
        {"image": SimpleUploadedFile("x.png", b"nope"), "next": f"/desk/knowledge/{article.pk}/en/edit/"},
    )
    assert answer.headers["Location"] == f"/desk/knowledge/{article.pk}/en/edit/"
    assert "not a PNG, JPEG, GIF or WebP image" in client.get(answer.headers["Location"]).content.decode()


@pytest.fixture
def bravo_image(admin):
    """An image of a draft article for organisation BRAVO alone."""
    bravo = OrganisationFactory(code="BRAVO")
    own = services.create_article(admin, language="en", title="Bravo VPN", body="x", organisation=bravo)
    return services.add_image(admin, own, SimpleUploadedFile("a.png", PNG))


def test_images_are_served_only_to_who_may_see_the_article(admin, alpha, bravo_image):
    image, own = bravo_image, bravo_image.article
    bravo = own.organisation
    address = f"/knowledge/images/{image.pk}/"

    assert client_for(AgentFactory(serves=[bravo])).get(address).status_code == 200
    assert client_for(AgentFactory(serves=[alpha])).get(address).status_code == 404
    bravo_reader = client_for(PersonFactory(organisation=bravo))
    assert bravo_reader.get(address).status_code == 404  # a draft: readers see published articles only
    services.submit_for_review(admin, own)
    services.publish(admin, own)
    assert bravo_reader.get(address).status_code == 200
    assert client_for(PersonFactory(organisation=alpha)).get(address).status_code == 404
    assert upload(client_for(AgentFactory(serves=[alpha])), own).status_code == 404
    assert upload(bravo_reader, own).status_code == 403
    assert ArticleImage.objects.count() == 1


def test_an_agent_not_serving_the_organisation_cannot_remove_its_articles_image(alpha, bravo_image):
    own = bravo_image.article
    address = f"/desk/knowledge/{own.pk}/images/{bravo_image.pk}/remove/"

    assert client_for(AgentFactory(serves=[alpha])).post(address).status_code == 404
    assert ArticleImage.objects.count() == 1
    assert client_for(AgentFactory(serves=[own.organisation])).post(address).status_code == 302
    assert ArticleImage.objects.count() == 0


def remove(client, article, image, **data):
    return client.post(f"/desk/knowledge/{article.pk}/images/{image.pk}/remove/", data)


def test_a_removed_image_is_gone_recorded_and_its_description_shown_where_the_text_named_it(
    admin, article, django_capture_on_commit_callbacks
):
    image = services.add_image(admin, article, SimpleUploadedFile("menu.png", PNG))
    stored = image.file.name
    services.save_variant(
        admin, article, language="en", title="Reset", body=f"Open it:\n\n![The menu](attachment:{image.pk})"
    )
    client = client_for(admin)
    page = client.get(f"/desk/knowledge/{article.pk}/").content.decode()
    assert f"/desk/knowledge/{article.pk}/images/{image.pk}/remove/" in page and "data-confirm=" in page

    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the removal is committed
        answer = remove(client, article, image, next=f"/desk/knowledge/{article.pk}/en/edit/")

    assert (
        answer.status_code == 302 and answer.headers["Location"] == f"/desk/knowledge/{article.pk}/en/edit/"
    )
    assert not ArticleImage.objects.exists()
    assert not image.file.storage.exists(stored)
    assert list(article.events.values_list("action", flat=True))[-1] == ArticleEvent.Action.IMAGE_REMOVED
    page = client.get(f"/desk/knowledge/{article.pk}/").content.decode()
    assert "The image menu.png was removed." in page and "Image removed" in page
    assert "<img" not in page.split('id="article-images"')[0] and "The menu" in page
    assert client.get(f"/knowledge/images/{image.pk}/").status_code == 404


def test_only_who_may_write_the_article_removes_its_images(admin, alpha, article):
    image = services.add_image(admin, article, SimpleUploadedFile("a.png", PNG))
    other = services.create_article(admin, language="en", title="Other", body="x")
    reader = PersonFactory(organisation=alpha)
    services.submit_for_review(admin, article)
    services.publish(admin, article)

    assert remove(client_for(reader), article, image).status_code == 403  # readers: not a desk page
    assert remove(client_for(admin), other, image).status_code == 404  # not that article's image
    with pytest.raises(PermissionDenied):
        services.remove_image(reader, image)
    assert ArticleImage.objects.count() == 1


def test_after_an_upload_the_card_sends_the_agent_back_to_the_page_they_are_on(admin, article):
    """The card drawn again by htmx was at the upload's address, which only takes a POST: going
    back there after removing an image was an error page."""
    editor = f"/desk/knowledge/{article.pk}/en/edit/"
    answer = upload(
        client_for(admin), article, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=f"http://testserver{editor}"
    )
    card = answer.content.decode()
    assert card.count(f'name="next" value="{editor}"') == 2  # the removal's form and the upload's
