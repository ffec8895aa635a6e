"""Where a reader opens an article: its page in the self-service portal, as an absolute address
for mail and for replies written to a requester."""

from django.conf import settings
from django.urls import reverse


def portal_path(article_pk: int) -> str:
    """The portal's page of one article."""
    return reverse("portal-article", args=[article_pk])


def portal_address(article_pk: int) -> str:
    """The portal's page of one article, as an absolute address on this installation."""
    return settings.MOKED_BASE_URL.rstrip("/") + portal_path(article_pk)
