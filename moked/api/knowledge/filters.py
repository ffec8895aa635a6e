"""Filters of the article list: ?state=published&kind=faq,how_to&language=fi&tag=vpn&organisation=ACME"""

import django_filters
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from moked.api.tickets.filters import ChoiceInFilter
from moked.knowledge import selectors
from moked.knowledge.models import Article, ArticleVariant
from moked.people.selectors import visible_organisations


class ArticleFilter(django_filters.FilterSet):
    state = ChoiceInFilter(choices=Article.State.choices, help_text=_("States, comma-separated."))
    kind = ChoiceInFilter(choices=Article.Kind.choices, help_text=_("Kinds, comma-separated."))
    language = django_filters.ChoiceFilter(
        choices=settings.LANGUAGES,
        method="filter_language",
        help_text=_("Articles with a variant in this language, their titles shown in it."),
    )
    tag = django_filters.CharFilter(method="filter_tag", max_length=50)
    organisation = django_filters.CharFilter(
        method="filter_organisation",
        max_length=200,
        help_text=_(
            "Organisation codes, comma-separated: the organisations' own articles and those chosen for them."
        ),
    )

    class Meta:
        model = Article
        fields = []

    def filter_language(self, articles, name, value):
        return articles.filter(pk__in=ArticleVariant.objects.filter(language=value).values("article_id"))

    def filter_tag(self, articles, name, value):
        return selectors.with_tag(articles, value.strip())

    def filter_organisation(self, articles, name, value):
        # Only organisations the caller may see: naming another one must not tell which articles
        # were chosen for it.
        codes = [code.strip().upper() for code in value.split(",") if code.strip()]
        ids = visible_organisations(self.request.user).filter(code__in=codes).values_list("id", flat=True)
        return selectors.concerning(articles, list(ids))
