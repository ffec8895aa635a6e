"""Published articles for the pages' tests, made through the knowledge base's services."""

from moked.knowledge import services


def published(author, key, title, body="", *, language="en", translations=(), **fields):
    """A published article; `translations` are (language, title, body) variants beside it."""
    article = services.create_article(author, key=key, language=language, title=title, body=body, **fields)
    for other, other_title, other_body in translations:
        services.save_variant(author, article, language=other, title=other_title, body=other_body)
    services.submit_for_review(author, article)
    return services.publish(author, article)
