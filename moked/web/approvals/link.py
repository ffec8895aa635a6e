"""The page behind a decision link (`approvals.services.decision_link_path`).

A link in a mail is not a password: it authorises exactly one decision. The page signs nobody in
and shows nothing but that one approval: the request, the step, and Approve / Reject with a
comment. A GET only shows (mail scanners follow links: they must not spend them); a POST decides,
as the person the link was sent to, and spends it. A used, replaced, expired or forged link gets
one message that does not say which, and changes nothing. The page is in the language of the
person the link was sent to, unless someone is signed in (then theirs); it is never cached or
sent to another site as a referrer, and not indexed.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods

from moked.approvals import services

from .forms import DecisionForm
from .reading import asked

TEMPLATE = "web/approvals/link.html"


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    response["Referrer-Policy"] = (
        "same-origin"  # not "no-referrer": Chromium then sends Origin: null, which fails CSRF
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _language(request, approver) -> str:
    if request.user.is_authenticated:
        return translation.get_language()
    return (approver.link_sent_to or approver.person).preferred_language


@require_http_methods(["GET", "POST"])
def decide(request, token):
    try:
        approver = services.approver_for_link(token)
    except ValidationError as refusal:
        return _private(render(request, TEMPLATE, {"refused": refusal.messages}, status=410))
    reader = approver.link_sent_to or approver.person
    with translation.override(_language(request, approver)):
        form = DecisionForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            approve = form.cleaned_data["decision"] == "approve"
            try:
                services.decide_by_link(token, approve=approve, comment=form.cleaned_data["comment"])
            except (ValidationError, PermissionDenied) as refusal:  # spent a moment ago, say
                refused = getattr(refusal, "messages", None) or [str(refusal)]
                return _private(render(request, TEMPLATE, {"refused": refused}, status=410))
            ticket = approver.step.approval.ticket
            done = {"done": "approved" if approve else "rejected", "ticket": ticket}
            return _private(render(request, TEMPLATE, done))
        context = {"row": asked(approver, reader), "form": form}
        return _private(render(request, TEMPLATE, context))
