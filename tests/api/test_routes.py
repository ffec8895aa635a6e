"""Every API route keeps its name and its address, and its view lives in the API layer (moked.api),
which mirrors the domain apps: a domain app never holds an endpoint of its own."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

# Route name -> an address it answers at. Names are what tests, pages and clients reverse, so a
# name that stops resolving here, or resolves elsewhere, breaks them. New routes need no entry.
ROUTES = {
    "api-root": "/api/v1/",
    "schema": "/api/v1/schema/",
    "docs": "/api/v1/docs/",
    "organisation-list": "/api/v1/organisations/",
    "organisation-detail": "/api/v1/organisations/7/",
    "person-list": "/api/v1/people/",
    "person-detail": "/api/v1/people/7/",
    "person-me": "/api/v1/people/me/",
    "assignment-profile": "/api/v1/people/7/assignment-profile/",
    "group-list": "/api/v1/groups/",
    "group-detail": "/api/v1/groups/7/",
    "group-assignment": "/api/v1/groups/7/assignment/",
    "service-list": "/api/v1/services/",
    "service-detail": "/api/v1/services/7/",
    "category-list": "/api/v1/categories/",
    "category-detail": "/api/v1/categories/7/",
    "ticket-list": "/api/v1/tickets/",
    "ticket-detail": "/api/v1/tickets/HLP-7/",
    "ticket-attachments": "/api/v1/tickets/HLP-7/attachments/",
    "ticket-comments": "/api/v1/tickets/HLP-7/comments/",
    "ticket-escalate": "/api/v1/tickets/HLP-7/escalate/",
    "ticket-events": "/api/v1/tickets/HLP-7/events/",
    "ticket-links": "/api/v1/tickets/HLP-7/links/",
    "ticket-unlink": "/api/v1/tickets/HLP-7/unlink/",
    "ticket-merge": "/api/v1/tickets/HLP-7/merge/",
    "ticket-similar": "/api/v1/tickets/HLP-7/similar/",
    "ticket-reopen": "/api/v1/tickets/HLP-7/reopen/",
    "ticket-transition": "/api/v1/tickets/HLP-7/transition/",
    "ticket-transitions": "/api/v1/tickets/HLP-7/transitions/",
    "ticket-assign-by-strategy": "/api/v1/tickets/HLP-7/assign-by-strategy/",
    "ticket-macros": "/api/v1/tickets/HLP-7/macros/",
    "ticket-macro-apply": "/api/v1/tickets/HLP-7/macros/3/apply/",
    "ticket-mail": "/api/v1/tickets/HLP-7/mail/",
    "ticket-mail-raw": "/api/v1/tickets/HLP-7/mail/3/raw/",
    "ticket-sla": "/api/v1/tickets/HLP-7/sla/",
    "attachment-detail": "/api/v1/attachments/7/",
    "attachment-download": "/api/v1/attachments/7/download/",
    "calls": "/api/v1/calls/",
    "calendar-list": "/api/v1/calendars/",
    "calendar-detail": "/api/v1/calendars/7/",
    "calendar-due": "/api/v1/calendars/7/due/",
    "sla-policy-list": "/api/v1/sla-policies/",
    "sla-policy-detail": "/api/v1/sla-policies/7/",
    "sla-report": "/api/v1/sla-report/",
    "notification-list": "/api/v1/notifications/",
    "notification-detail": "/api/v1/notifications/7/",
    "notification-read": "/api/v1/notifications/7/read/",
    "mailbox-list": "/api/v1/mailboxes/",
    "mailbox-detail": "/api/v1/mailboxes/7/",
    "inbound-message-list": "/api/v1/mail/inbound/",
    "inbound-message-detail": "/api/v1/mail/inbound/7/",
    "inbound-message-raw": "/api/v1/mail/inbound/7/raw/",
    "inbound-message-reprocess": "/api/v1/mail/inbound/7/reprocess/",
    "rule-list": "/api/v1/rules/",
    "rule-detail": "/api/v1/rules/7/",
    "rule-dry-run": "/api/v1/rules/dry-run/",
    "email-template-list": "/api/v1/email-templates/",
    "email-template-detail": "/api/v1/email-templates/7/",
    "macro-list": "/api/v1/macros/",
    "macro-detail": "/api/v1/macros/7/",
    "auto-close": "/api/v1/auto-close/Ab3_x-9/",
    "absence-list": "/api/v1/absences/",
    "absence-detail": "/api/v1/absences/7/",
    "webhook-list": "/api/v1/webhooks/",
    "webhook-detail": "/api/v1/webhooks/7/",
    "webhook-test": "/api/v1/webhooks/7/test/",
    "webhook-delivery-list": "/api/v1/webhook-deliveries/",
    "webhook-delivery-detail": "/api/v1/webhook-deliveries/7/",
    "webhook-delivery-redeliver": "/api/v1/webhook-deliveries/7/redeliver/",
    "failed-task-list": "/api/v1/failed-tasks/",
    "failed-task-detail": "/api/v1/failed-tasks/7/",
    "knowledge-article-list": "/api/v1/knowledge/articles/",
    "knowledge-article-detail": "/api/v1/knowledge/articles/7/",
    "knowledge-article-submit-for-review": "/api/v1/knowledge/articles/7/submit-for-review/",
    "knowledge-article-publish": "/api/v1/knowledge/articles/7/publish/",
    "knowledge-article-retire": "/api/v1/knowledge/articles/7/retire/",
    "knowledge-article-events": "/api/v1/knowledge/articles/7/events/",
    "knowledge-article-feedback": "/api/v1/knowledge/articles/7/feedback/",
    "knowledge-article-feedback-counts": "/api/v1/knowledge/articles/7/feedback-counts/",
    "knowledge-variant-list": "/api/v1/knowledge/articles/7/variants/",
    "knowledge-variant-detail": "/api/v1/knowledge/articles/7/variants/fi/",
    "knowledge-variant-confirm": "/api/v1/knowledge/articles/7/variants/fi/confirm/",
    "knowledge-version-list": "/api/v1/knowledge/articles/7/variants/fi/versions/",
    "knowledge-version-detail": "/api/v1/knowledge/articles/7/variants/fi/versions/3/",
    "knowledge-version-compare": "/api/v1/knowledge/articles/7/variants/fi/versions/compare/",
    "knowledge-version-restore": "/api/v1/knowledge/articles/7/variants/fi/versions/3/restore/",
    "knowledge-follow-up-list": "/api/v1/knowledge/follow-ups/",
    "knowledge-follow-up-close": "/api/v1/knowledge/follow-ups/7/close/",
    "knowledge-import": "/api/v1/knowledge/import/",
    "knowledge-deflection-figures": "/api/v1/knowledge/deflection/",
    "ticket-articles": "/api/v1/tickets/HLP-7/articles/",
    "ticket-article": "/api/v1/tickets/HLP-7/articles/3/",
    "knowledge-search": "/api/v1/knowledge/search/",
    "knowledge-suggestions": "/api/v1/knowledge/suggestions/",
    "ticket-predictions": "/api/v1/tickets/HLP-7/predictions/",
    "ticket-prediction-accept": "/api/v1/tickets/HLP-7/predictions/group/accept/",
    "classification-fields": "/api/v1/classification/organisations/ACME/fields/",
    "classification-field": "/api/v1/classification/organisations/ACME/fields/impact/",
    "classification-models": "/api/v1/classification/organisations/ACME/models/",
    "classification-train": "/api/v1/classification/organisations/ACME/train/",
    "classification-provider-models": "/api/v1/classification/provider/models/",
    "classification-provider-train": "/api/v1/classification/provider/train/",
}

# Views that come with the libraries rather than from Moked's API layer.
LIBRARY_VIEWS = ("rest_framework.", "drf_spectacular.")


def _view_class(callback):
    """The view's class, or the function itself for a plain view (the API's 404 for other addresses)."""
    return getattr(callback, "cls", None) or getattr(callback, "view_class", None) or callback


def _api_patterns(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _api_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and prefix.startswith("api/"):
            yield pattern


@pytest.mark.parametrize(("name", "address"), ROUTES.items())
def test_every_route_name_answers_at_its_address(name, address):
    match = resolve(address)
    assert match.url_name == name
    assert reverse(name, kwargs=match.kwargs) == address


def test_every_api_view_lives_in_the_api_layer():
    modules = {_view_class(p.callback).__module__ for p in _api_patterns(get_resolver().url_patterns)}
    outside = {m for m in modules if not m.startswith(("moked.api.", *LIBRARY_VIEWS))}
    assert outside == set()
