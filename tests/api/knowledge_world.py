"""Helpers for the knowledge base's API tests (their `kb` fixture is in conftest.py)."""

from moked.knowledge import services
from moked.knowledge.models import Article


def published(actor, key: str, *, title: str, language: str = "en", body: str = "", **fields) -> Article:
    article = services.create_article(actor, key=key, language=language, title=title, body=body, **fields)
    services.submit_for_review(actor, article)
    return services.publish(actor, article)


def keys(response) -> set[str]:
    assert response.status_code == 200, response.json()
    return {article["key"] for article in response.json()["results"]}
