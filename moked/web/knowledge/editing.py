"""Writing a variant: the text in one language (a new translation when the article has none in it
yet), with a live preview of the Markdown as readers will see it."""

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moked.knowledge import sections, services
from moked.knowledge.models import Article
from moked.knowledge.selectors import visible_article

from ..common import refusals
from ..common.saving import attempt
from .access import LANGUAGES, article_or_404, language_or_404, staff_page
from .forms import VariantForm, initial_text
from .images import images_context
from .shown import direction_of, rendered


@staff_page
def variant_edit(request, pk, language):
    person = request.user
    article = article_or_404(person, pk)
    language = language_or_404(language)
    if not rules.has_perm("knowledge.write", person, article):
        raise PermissionDenied
    variant = article.variants.filter(language=language).first()
    source = article.variants.filter(language=article.source_language).first()
    if request.method == "POST":
        form = VariantForm(request.POST)
        if form.is_valid():
            title, body = form.cleaned_data["title"], form.text(article.kind, language)
            saved = attempt(
                request,
                lambda: services.save_variant(person, article, language=language, title=title, body=body),
                form,
            )
            if saved is not None:
                messages.success(request, _("Saved."))
                return redirect("knowledge-article", pk=article.pk)
    elif variant is not None:
        form = VariantForm(initial=initial_text(variant))
    else:  # a new translation starts from nothing, beside its source
        form = VariantForm()
    in_sections = article.kind == Article.Kind.KNOWN_ERROR and (
        variant is None or sections.split(variant.body) is not None
    )
    context = {
        "article": article,
        "variant": variant,
        "language": language,
        "language_name": LANGUAGES[language],
        "direction": direction_of(language),
        "source": source if source is not None and source.language != language else None,
        "in_sections": in_sections,
        "form": form,
        "not_saved": request.method == "POST",
        "refusals": refusals.pop(request),
        **images_context(person, article),
    }
    if context["source"] is not None:
        context["source_direction"] = direction_of(source.language)
        context["source_html"] = rendered(person, article, source.body)
    return render(request, "web/knowledge/edit.html", context)


@staff_page
@require_POST
def preview(request):
    """The posted text as readers will see it (htmx, as the author types), with the images of
    the posted `article` if the author may see it; nothing is saved."""
    person = request.user
    article_pk = request.POST.get("article", "")
    article = visible_article(person, article_pk) if article_pk.isdigit() else None
    form = VariantForm(request.POST)
    form.is_valid()  # a preview shows whatever is there, even without a title
    kind = request.POST.get("kind", "")
    language = request.POST.get("language", "")
    language = language if language in LANGUAGES else "en"
    data = {"body": "", **{name: "" for name in sections.SECTIONS}, **form.cleaned_data}
    form.cleaned_data = data
    context = {
        "title": data.get("title", ""),
        "html": rendered(person, article, form.text(kind, language)),
        "language": language,
        "direction": direction_of(language),
    }
    return render(request, "web/knowledge/preview.html", context)
