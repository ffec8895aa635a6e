"""The portal's knowledge pages: the articles a client may read, by category and kind and
searched; one article in the reader's language (the others a click away), with its view counted
and the reader's verdict; and "this solved it", which ends a request form with no request made."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moked.knowledge import deflection, search, selectors
from moked.knowledge import services as knowledge
from moked.knowledge.models import FEEDBACK_COMMENT_MAX_LENGTH, Article
from moked.knowledge.rendering import render_markdown

from ..common import refusals
from .forms_knowledge import FeedbackForm

PAGE_SIZE = 20
# The most articles a search lists.
SEARCHED = 100
# How many articles the new-request form suggests, and how much of each field it reads.
SUGGESTED = 3
TYPED = 2000


def _client(request):
    if not (request.user.is_active and request.user.is_client):
        raise PermissionDenied
    return request.user


def readable_article(person, pk) -> Article:
    if not str(pk).isdigit() or len(str(pk)) > 18:
        raise Http404
    article = selectors.visible_articles(person).filter(pk=int(pk)).first()
    if article is None:
        raise Http404
    return article


@login_required
def portal_knowledge(request):
    person = _client(request)
    categories = list(selectors.readers_categories(person))
    category = next((c for c in categories if str(c.pk) == request.GET.get("category")), None)
    kind = request.GET.get("kind", "")
    kind = kind if kind in Article.Kind.values else ""
    words = request.GET.get("q", "").strip()[:200]
    articles = selectors.readers_articles(person, kind=kind, category=category)
    if words:
        # best match first, among the articles of the kind and category chosen
        chosen = set(articles.values_list("pk", flat=True))
        found = search.search_articles(person, words, limit=SEARCHED)
        articles = [match.article for match in found if match.article.pk in chosen]
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    filters = {name: value for name, value in (("q", words), ("kind", kind)) if value}
    if category is not None:
        filters["category"] = category.pk
    context = {
        "rows": [(article, selectors.readable_title(person, article)) for article in page],
        "page": page,
        "categories": categories,
        "category": category,
        "kinds": Article.Kind.choices,
        "kind": kind,
        "query": words,
        "filters": urlencode(filters),
    }
    return render(request, "web/portal/knowledge.html", context)


def _article_address(article, language="", attempt="") -> str:
    query = urlencode({name: value for name, value in (("lang", language), ("attempt", attempt)) if value})
    return reverse("portal-article", args=[article.pk]) + (f"?{query}" if query else "")


@login_required
def portal_article(request, pk):
    person = _client(request)
    article = readable_article(person, pk)
    language = request.GET.get("lang", "")
    attempt = request.GET.get("attempt", "")
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            done = refusals.apply(
                request,
                lambda: knowledge.give_feedback(
                    person, article, form.cleaned_data["helpful"], form.cleaned_data["comment"]
                ),
            )
            if done:
                messages.success(request, _("Thank you for telling us."))
        else:
            refusals.keep_form_errors(request, form)
        return redirect(_article_address(article, language, attempt))
    variant = selectors.readable_variant(person, article, language)
    knowledge.record_view(person, article)
    from_request_form = False
    if attempt:
        try:
            deflection.record_opened(person, attempt, article)
            from_request_form = True
        except (ValidationError, PermissionDenied):
            attempt = ""  # not this person's form: the article is shown, nothing is recorded
    context = {
        "article": article,
        "variant": variant,
        "body": mark_safe(render_markdown(variant.body)),  # noqa: S308 (nh3 has sanitised it)
        "other_variants": [
            (other, _article_address(article, other.language, attempt))
            for other in selectors.visible_variants(person, article).exclude(pk=variant.pk)
        ],
        "attempt": attempt if from_request_form else "",
        "categories": article.categories.order_by("path"),
        "feedback": article.feedback.filter(person=person).first(),
        "comment_limit": FEEDBACK_COMMENT_MAX_LENGTH,
        "refusals": refusals.pop(request),
    }
    return render(request, "web/portal/article.html", context)


@login_required
@require_POST
def portal_suggestions(request):
    """The articles that may answer the request being typed (a piece of the new-request page,
    asked for by htmx as the person types), each shown recorded in the form's attempt."""
    person = _client(request)
    text = " ".join(request.POST.get(name, "")[:TYPED] for name in ("subject", "description"))
    attempt = request.POST.get("attempt", "")
    matches = search.suggest_articles(person, text, limit=SUGGESTED)
    try:
        deflection.record_shown(person, attempt, [match.article for match in matches])
    except ValidationError as refusal:
        return HttpResponseBadRequest(" ".join(refusal.messages))
    context = {"matches": matches, "attempt": attempt, "typed": bool(text.strip())}
    return render(request, "web/portal/suggestions.html", context)


@login_required
@require_POST
def portal_left(request):
    """The new-request page was left unsent (its beacon): the form's attempt is abandoned."""
    person = _client(request)
    try:
        deflection.record_left(person, request.POST.get("attempt", ""))
    except ValidationError as refusal:
        return HttpResponseBadRequest(" ".join(refusal.messages))
    return HttpResponse(status=204)


@login_required
@require_POST
def portal_solved(request):
    """ "This solved it": the request form ends with no request made."""
    person = _client(request)
    article = readable_article(person, request.POST.get("article", ""))
    if refusals.apply(
        request, lambda: deflection.record_solved(person, request.POST.get("attempt", ""), article)
    ):
        messages.success(request, _("We are glad the article helped. No request was sent."))
        return redirect("portal")
    return redirect("portal-new")
