"""A variant's versions: the list, one version as it was, two compared, an old one restored after
asking."""

import pytest

from moked.knowledge import services
from moked.knowledge.models import ArticleEvent
from tests.factories import PersonFactory
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


FIRST, SECOND = "פתחו את ההגדרות ולחצו על שמירה.", "פתחו את ההגדרות ולחצו על איפוס."


@pytest.fixture
def hebrew(admin):
    article = services.create_article(admin, language="he", title="איפוס סיסמה", body=FIRST)
    services.save_variant(
        admin, article, language="he", title="איפוס הסיסמה", body="פתחו את ההגדרות ולחצו על איפוס."
    )
    return article


def test_the_versions_are_listed_newest_first(admin, hebrew):
    answer = client_for(admin).get(f"/desk/knowledge/{hebrew.pk}/he/versions/")
    assert [version.number for version in answer.context["versions"]] == [2, 1]
    page = answer.content.decode()
    assert f'href="/desk/knowledge/{hebrew.pk}/he/versions/1/restore/"' in page
    assert f'href="/desk/knowledge/{hebrew.pk}/he/versions/2/restore/"' not in page  # the current one


def test_one_version_reads_as_it_was(admin, hebrew):
    page = client_for(admin).get(f"/desk/knowledge/{hebrew.pk}/he/versions/1/").content.decode()
    assert '<article class="card card-body" lang="he" dir="rtl">' in page
    assert "ולחצו על שמירה." in page and "איפוס." not in page
    assert client_for(admin).get(f"/desk/knowledge/{hebrew.pk}/he/versions/9/").status_code == 404


def test_two_versions_compare_word_by_word_right_to_left(admin, hebrew):
    answer = client_for(admin).get(f"/desk/knowledge/{hebrew.pk}/he/compare/?a=1&b=2")
    page = answer.content.decode()
    assert (
        'data-testid="body-changes">פתחו את ההגדרות ולחצו על <del>שמירה</del><ins>איפוס</ins>.</div>' in page
    )
    assert 'data-testid="title-changes">איפוס <del>סיסמה</del><ins>הסיסמה</ins></div>' in page
    assert 'lang="he" dir="rtl" data-testid="body-changes"' in page
    # by default: the version before the current one, with the current one
    default = client_for(admin).get(f"/desk/knowledge/{hebrew.pk}/he/compare/")
    assert (default.context["older"].number, default.context["newer"].number) == (1, 2)
    assert client_for(admin).get(f"/desk/knowledge/{hebrew.pk}/he/compare/?a=1&b=7").status_code == 404


def test_restoring_asks_first_then_saves_the_old_text_as_the_newest_version(admin, hebrew):
    client = client_for(admin)
    asked = client.get(f"/desk/knowledge/{hebrew.pk}/he/versions/1/restore/")
    assert asked.status_code == 200 and 'id="restore"' in asked.content.decode()
    assert hebrew.variants.get().version == 2

    answer = client.post(f"/desk/knowledge/{hebrew.pk}/he/versions/1/restore/")

    assert answer.status_code == 302
    variant = hebrew.variants.get()
    assert (variant.version, variant.title, variant.body) == (
        3,
        "איפוס סיסמה",
        "פתחו את ההגדרות ולחצו על שמירה.",
    )
    assert hebrew.events.filter(action=ArticleEvent.Action.VERSION_RESTORED, version=3).exists()


def test_clients_reach_no_version(admin, alpha, hebrew):
    services.submit_for_review(admin, hebrew)
    services.publish(admin, hebrew)
    reader = client_for(PersonFactory(organisation=alpha))
    for address in ("versions/", "versions/1/", "compare/", "versions/1/restore/"):
        assert reader.get(f"/desk/knowledge/{hebrew.pk}/he/{address}").status_code == 403
    assert reader.post(f"/desk/knowledge/{hebrew.pk}/he/versions/1/restore/").status_code == 403
    assert hebrew.variants.get().version == 2


def test_the_comparisons_legend_says_added_and_removed_in_the_readers_words(admin, hebrew):
    admin.language = "fa"
    admin.save()
    page = client_for(admin).get(f"/desk/knowledge/{hebrew.pk}/he/compare/").content.decode()
    assert '<p class="small changes"><ins>افزوده</ins> · <del>حذف‌شده</del></p>' in page
