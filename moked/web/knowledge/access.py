"""Who may open the knowledge base's staff pages, and finding the article a page names."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from moked.knowledge.selectors import visible_article

LANGUAGES = dict(settings.LANGUAGES)


def staff_page(view):
    """A view for the provider's active staff: clients who are signed in get 403, strangers the
    sign-in page."""

    @login_required
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not (request.user.is_active and request.user.is_staff_member):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


def article_or_404(person, pk):
    """The article if `person` may see it; one they may not see is not found, as if it did not exist."""
    article = visible_article(person, pk)
    if article is None:
        raise Http404
    return article


def language_or_404(language: str) -> str:
    if language not in LANGUAGES:
        raise Http404
    return language


def variant_or_404(article, language: str):
    variant = article.variants.filter(language=language_or_404(language)).first()
    if variant is None:
        raise Http404
    return variant
