"""The list of articles, a new article, and an article's page with its variants, lifecycle,
history, feedback and follow-ups."""

import rules
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moked.knowledge import selectors, services
from moked.knowledge.models import TRANSITIONS, Article
from moked.knowledge.search import search_articles
from moked.people.selectors import assignable_agents

from ..administration.listing import one_page
from ..common import refusals
from ..common.forms import MAX_ID_DIGITS
from ..common.saving import attempt
from .access import article_or_404, staff_page, variant_or_404
from .forms import ArticleForm, DetailsForm, initial_details
from .images import images_context
from .shown import direction_of, rendered, shown_variant

PAGE = 25
# A search shows this many of its best matches at most: past them, the words match too little.
SEARCH_LIMIT = 200
STEPS = {
    "submit": (services.submit_for_review, "knowledge.write"),
    "publish": (services.publish, "knowledge.publish"),
    "retire": (services.retire, "knowledge.publish"),
}


def _filters(person, query) -> selectors.ArticleFilters:
    """The list's filters as the address gives them; values that mean nothing narrow nothing."""

    def one_of(name, choices) -> str:
        value = query.get(name, "")
        return value if value in choices else ""

    owner = query.get("owner", "")
    owner_id = None
    if owner.isdigit():
        # An id fits in 63 bits: a longer number names nobody (0, no one's id), and SQLite could
        # not even compare it.
        owner_id = int(owner) if len(owner) <= MAX_ID_DIGITS else 0
    return selectors.ArticleFilters(
        state=one_of("state", Article.State.values),
        kind=one_of("kind", Article.Kind.values),
        language=one_of("language", dict(settings.LANGUAGES)),
        stale=query.get("stale") == "1",
        owner_id=person.pk if owner == "me" else owner_id,
        review_due_by=timezone.localdate() if query.get("review") == "due" else None,
    )


def _found(person, articles, words: str) -> list:
    """Of `articles`, those the knowledge base's search finds for `words` (in every state), best
    first, each with its snippet."""
    matches = search_articles(person, words, states=Article.State.values, limit=SEARCH_LIMIT)
    kept = articles.in_bulk([match.article.pk for match in matches])
    found = []
    for match in matches:
        if match.article.pk in kept:
            article = kept[match.article.pk]
            article.snippet = match.snippet
            found.append(article)
    return found


@staff_page
def article_list(request):
    person = request.user
    filters = _filters(person, request.GET)
    words = request.GET.get("q", "").strip()[:200]
    articles = selectors.staff_articles(person, filters)
    page, query = one_page(request, _found(person, articles, words) if words else articles, PAGE)
    language = translation.get_language()
    rows = []
    for article in page:
        shown = shown_variant(article, language)
        variants = sorted(article.variants.all(), key=lambda variant: variant.language)
        rows.append({"article": article, "shown": shown, "variants": variants})
    context = {
        "rows": rows,
        "page": page,
        "query": query,
        "filters": filters,
        "words": words,
        "owner": request.GET.get("owner", ""),
        "states": Article.State.choices,
        "kinds": Article.Kind.choices,
        "languages": settings.LANGUAGES,
        "owners": assignable_agents(person).order_by("name"),
        "today": timezone.localdate(),
    }
    return render(request, "web/knowledge/list.html", context)


@staff_page
def article_new(request):
    """A new draft article; "Save and add images" then opens its editor, where images are uploaded
    beside the text. The address may start it with a title, text, kind and language
    (`?title=…&body=…`), as "create an article from this ticket" does."""
    person = request.user
    if request.method == "POST":
        form = ArticleForm(request.POST, person=person)
        if form.is_valid():
            article = attempt(request, lambda: services.create_article(person, **form.article_fields()), form)
            if article is not None:
                if request.POST.get("then") == "images":
                    # The editor: images are uploaded beside the text that places them.
                    editor = reverse(
                        "knowledge-variant-edit", args=[article.pk, form.cleaned_data["language"]]
                    )
                    messages.success(
                        request,
                        _("Saved as a draft. Upload its images here and copy each one's line into the text."),
                    )
                    return redirect(f"{editor}#article-images")
                return redirect("knowledge-article", pk=article.pk)
    else:
        start = {
            name: request.GET[name] for name in ("title", "body", "kind", "language") if name in request.GET
        }
        form = ArticleForm(
            initial={
                "kind": Article.Kind.HOW_TO,
                "language": translation.get_language(),
                "visibility": Article.Visibility.ALL_CLIENTS,
                "owner": person.pk,
                **start,
            },
            person=person,
        )
    context = {"form": form, "not_saved": request.method == "POST", "refusals": refusals.pop(request)}
    return render(request, "web/knowledge/new.html", context)


@staff_page
def article_page(request, pk):
    person = request.user
    article = article_or_404(person, pk)
    variants = list(article.variants.order_by("language"))
    source = next((v for v in variants if v.language == article.source_language), None)
    for variant in variants:
        variant.direction = direction_of(variant.language)
        variant.html = rendered(person, article, variant.body)
        variant.is_source = variant.language == article.source_language
    written = {variant.language for variant in variants}
    steps = [
        step
        for step, (_service, permission) in STEPS.items()
        if article.state in TRANSITIONS[step][0] and rules.has_perm(permission, person, article)
    ]
    context = {
        "article": article,
        "variants": variants,
        "shown": shown_variant(article, translation.get_language()),
        "source": source,
        "missing": [(code, name) for code, name in settings.LANGUAGES if code not in written],
        "may_write": rules.has_perm("knowledge.write", person, article),
        "steps": steps,
        "history": selectors.article_history(person, article).order_by("-created_at", "-pk")[:50],
        "counts": selectors.feedback_counts(article),
        "follow_ups": selectors.open_follow_ups(person).filter(article=article),
        "may_close": rules.has_perm("knowledge.close_follow_up", person, article),
        "refusals": refusals.pop(request),
        **images_context(person, article),
    }
    return render(request, "web/knowledge/article.html", context)


@staff_page
def article_details(request, pk):
    """Change everything about an article but its text (its variants') and state (the lifecycle's)."""
    person = request.user
    article = article_or_404(person, pk)
    if not rules.has_perm("knowledge.write", person, article):
        raise PermissionDenied
    if request.method == "POST":
        form = DetailsForm(request.POST, person=person, article=article)
        if form.is_valid():
            if attempt(request, lambda: services.update_article(person, article, form.details()), form):
                messages.success(request, _("Saved."))
                return redirect("knowledge-article", pk=article.pk)
    else:
        form = DetailsForm(initial=initial_details(article), person=person, article=article)
    context = {
        "article": article,
        "shown": shown_variant(article, translation.get_language()),
        "form": form,
        "not_saved": request.method == "POST",
        "refusals": refusals.pop(request),
    }
    return render(request, "web/knowledge/details.html", context)


@staff_page
@require_POST
def lifecycle_step(request, pk, step):
    """Submit for review, publish or retire; a refusal is shown on the article's page."""
    if step not in STEPS:
        raise Http404
    person = request.user
    article = article_or_404(person, pk)
    service, _permission = STEPS[step]
    attempt(request, lambda: service(person, article))
    return redirect("knowledge-article", pk=article.pk)


@staff_page
@require_POST
def confirm_variant(request, pk, language):
    """A stale translation is still right for the source's newest version, as it stands."""
    person = request.user
    variant = variant_or_404(article_or_404(person, pk), language)
    if attempt(request, lambda: services.confirm_variant(person, variant)):
        messages.success(request, _("The translation is marked as current."))
    return redirect("knowledge-article", pk=pk)
