"""A variant's versions: every one listed, one read as it was, two compared, an old one restored."""

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from moked.knowledge import comparing, selectors, services

from ..common import refusals
from ..common.saving import attempt
from .access import article_or_404, staff_page, variant_or_404
from .shown import direction_of, rendered


def _variant(person, pk, language):
    article = article_or_404(person, pk)
    variant = variant_or_404(article, language)
    variant.direction = direction_of(variant.language)
    return article, variant


def _version_or_404(person, variant, number):
    version = selectors.variant_versions(person, variant).filter(number=number).first()
    if version is None:
        raise Http404
    return version


@staff_page
def version_list(request, pk, language):
    person = request.user
    article, variant = _variant(person, pk, language)
    versions = list(selectors.variant_versions(person, variant).order_by("-number"))
    context = {
        "article": article,
        "variant": variant,
        "versions": versions,
        "may_write": rules.has_perm("knowledge.write", person, article),
        "refusals": refusals.pop(request),
    }
    return render(request, "web/knowledge/versions.html", context)


@staff_page
def version_page(request, pk, language, number):
    person = request.user
    article, variant = _variant(person, pk, language)
    version = _version_or_404(person, variant, number)
    context = {
        "article": article,
        "variant": variant,
        "version": version,
        "html": rendered(person, article, version.body),
        "may_write": rules.has_perm("knowledge.write", person, article),
    }
    return render(request, "web/knowledge/version.html", context)


def _number(text: str, default: int) -> int:
    return int(text) if text.isdigit() else default


@staff_page
def compare(request, pk, language):
    """Two versions side by side as one text: `?a=` the older, `?b=` the newer (by default the one
    before the current, and the current)."""
    person = request.user
    article, variant = _variant(person, pk, language)
    newer = _version_or_404(person, variant, _number(request.GET.get("b", ""), variant.version))
    older = _version_or_404(person, variant, _number(request.GET.get("a", ""), max(1, newer.number - 1)))
    context = {
        "article": article,
        "variant": variant,
        "older": older,
        "newer": newer,
        "numbers": list(selectors.variant_versions(person, variant).values_list("number", flat=True)),
        "title": comparing.compare_words(older.title, newer.title),
        "body": comparing.compare_words(older.body, newer.body),
    }
    return render(request, "web/knowledge/compare.html", context)


@staff_page
def restore(request, pk, language, number):
    """Asks first; on POST, the version's text becomes the variant's newest version."""
    person = request.user
    article, variant = _variant(person, pk, language)
    version = _version_or_404(person, variant, number)
    if not rules.has_perm("knowledge.write", person, article):
        raise PermissionDenied
    if request.method == "POST":
        if attempt(request, lambda: services.restore_version(person, version)):
            messages.success(request, _("The version's text is now the newest version."))
            return redirect("knowledge-versions", pk=article.pk, language=variant.language)
    context = {
        "article": article,
        "variant": variant,
        "version": version,
        "back": reverse("knowledge-versions", args=[article.pk, variant.language]),
        "refusals": refusals.pop(request),
    }
    return render(request, "web/knowledge/restore.html", context)
