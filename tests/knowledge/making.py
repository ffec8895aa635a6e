"""Articles made for tests through the knowledge services, as an author and a reviewer would."""

from moked.knowledge import services
from moked.knowledge.models import Article


def published_article(author, publisher, texts: dict[str, tuple[str, str]], **fields) -> Article:
    """An article written by `author` in each language of `texts` (language → title, body; the
    first is its source), put through review and published by `publisher`."""
    (language, (title, body)), *others = texts.items()
    article = services.create_article(author, language=language, title=title, body=body, **fields)
    for other, (other_title, other_body) in others:
        services.save_variant(author, article, language=other, title=other_title, body=other_body)
    services.submit_for_review(author, article)
    return services.publish(publisher, article)
