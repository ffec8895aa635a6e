"""Training the semantic model of the search from the installation's own articles.

Each article is one concept: its variants in every language together, so that the model learns
which words of each language keep company with which (a parallel corpus). The model is saved as a
new file in Django's storage and named in the index state; each process loads it at its next
search. The model before the one it replaces is deleted (the replaced one stays: a process may be
opening it).
"""

from collections import Counter, defaultdict

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from moked.textsimilarity import semantic

from .indexing import STATE_KEY
from .models import Article, SearchDocument, SearchIndexState

MODEL_DIRECTORY = "knowledge"


def train_search_model() -> str | None:
    """Train the model on every article but retired ones and make it current; returns its file
    name, or None when there are too few articles to learn from (the current model stays)."""
    concepts: dict[int, Counter[str]] = defaultdict(Counter)
    documents = SearchDocument.objects.exclude(article__state=Article.State.RETIRED).values_list(
        "article_id", "terms"
    )
    for article_id, terms in documents.iterator(chunk_size=2000):
        concepts[article_id].update(terms.split())
    model = semantic.train([concepts[key] for key in sorted(concepts)])
    if model is None:
        return None
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    name = default_storage.save(f"{MODEL_DIRECTORY}/search-model-{stamp}.npz", ContentFile(model.to_bytes()))
    with transaction.atomic():
        state, _created = SearchIndexState.objects.select_for_update().get_or_create(pk=STATE_KEY)
        replaced = state.model_file
        state.model_file, state.model_trained_at = name, timezone.now()
        state.save(update_fields=["model_file", "model_trained_at"])
    _delete_older_models(keep={name, replaced})
    return name


def _delete_older_models(keep: set[str]) -> None:
    """Delete the models before the one just replaced (kept: a process may be opening it)."""
    _directories, files = default_storage.listdir(MODEL_DIRECTORY)
    for file_name in files:
        path = f"{MODEL_DIRECTORY}/{file_name}"
        if file_name.startswith("search-model-") and path not in keep:
            default_storage.delete(path)
