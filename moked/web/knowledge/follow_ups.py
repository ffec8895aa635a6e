"""Readers' follow-ups: not-helpful comments nobody has dealt with yet, on the articles the agent
may see, and closing one."""

import rules
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moked.knowledge import selectors, services

from ..administration.listing import one_page
from ..common import refusals
from ..common.saving import attempt
from .access import staff_page
from .shown import shown_variant

PAGE = 25


@staff_page
def follow_up_list(request):
    person = request.user
    follow_ups = (
        selectors.open_follow_ups(person).prefetch_related("article__variants").order_by("created_at", "pk")
    )
    page, query = one_page(request, follow_ups, PAGE)
    language = translation.get_language()
    for feedback in page:
        feedback.shown = shown_variant(feedback.article, language)
        feedback.may_close = rules.has_perm("knowledge.close_follow_up", person, feedback.article)
    context = {"page": page, "query": query, "refusals": refusals.pop(request)}
    return render(request, "web/knowledge/follow_ups.html", context)


@staff_page
@require_POST
def close(request, pk):
    """Close one follow-up, then go back where the agent was (the list, or the article's page)."""
    person = request.user
    feedback = selectors.open_follow_ups(person).filter(pk=pk).first()
    if feedback is None:
        raise Http404
    if attempt(request, lambda: services.close_follow_up(person, feedback)):
        messages.success(request, _("The follow-up is closed."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = "knowledge-follow-ups"
    return redirect(back)
