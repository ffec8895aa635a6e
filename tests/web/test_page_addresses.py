"""The pages answer at the addresses they always had: links in mail already sent, bookmarks and
every `reverse()` depend on each name and its address, whichever module of moked.web holds the view.
A new page adds its line here; a changed line is a moved page, which breaks those links unless
the old address redirects (the administration moved from desk/administration/ to desk/administration/,
issue 13, and its old addresses answer with a permanent redirect)."""

import pytest
from django.urls import get_resolver

ADDRESSES = {
    ("approval-link", "approvals/decide/%(token)s/"),
    ("desk-approvals", "desk/approvals/"),
    ("desk-approvals-decide", "desk/approvals/%(pk)s/decide/"),
    ("desk-approvals-delegation", "desk/approvals/delegation/"),
    ("desk-approvals-delegation-end", "desk/approvals/delegation/%(pk)s/end/"),
    ("portal-approvals", "portal/approvals/"),
    ("portal-approvals-decide", "portal/approvals/%(pk)s/decide/"),
    ("portal-approvals-delegation", "portal/approvals/delegation/"),
    ("portal-approvals-delegation-end", "portal/approvals/delegation/%(pk)s/end/"),
    ("administration-calendar", "desk/administration/calendars/%(pk)s/"),
    ("administration-calendar-delete", "desk/administration/calendars/%(pk)s/delete/"),
    (
        "administration-calendar-exception-remove",
        "desk/administration/calendars/%(pk)s/exceptions/%(day)s/remove/",
    ),
    ("administration-calendar-exceptions", "desk/administration/calendars/%(pk)s/exceptions/"),
    ("administration-calendar-hours-row", "desk/administration/calendars/hours-row/"),
    ("administration-calendar-new", "desk/administration/calendars/new/"),
    ("administration-calendar-subdivisions", "desk/administration/calendars/regions/"),
    ("administration-calendars", "desk/administration/calendars/"),
    ("administration-categories", "desk/administration/categories/"),
    ("administration-classification", "desk/administration/classification/"),
    (
        "administration-classification-field",
        "desk/administration/classification/%(pk)s/fields/%(field)s/",
    ),
    ("administration-classification-organisation", "desk/administration/classification/%(pk)s/"),
    ("administration-classification-train", "desk/administration/classification/%(pk)s/train/"),
    ("administration-classification-train-provider-wide", "desk/administration/classification/train/"),
    ("administration-category", "desk/administration/categories/%(pk)s/"),
    ("administration-category-new", "desk/administration/categories/new/"),
    ("administration-group", "desk/administration/groups/%(pk)s/"),
    ("administration-group-new", "desk/administration/groups/new/"),
    ("administration-groups", "desk/administration/groups/"),
    ("administration-organisation", "desk/administration/organisations/%(pk)s/"),
    ("administration-organisation-new", "desk/administration/organisations/new/"),
    ("administration-organisations", "desk/administration/organisations/"),
    ("administration-people", "desk/administration/people/"),
    ("administration-person", "desk/administration/people/%(pk)s/"),
    ("administration-person-new", "desk/administration/people/new/"),
    ("administration-catalogue", "desk/administration/catalogue/"),
    ("administration-catalogue-item", "desk/administration/catalogue/%(pk)s/"),
    ("administration-catalogue-new", "desk/administration/catalogue/new/"),
    ("administration-connector", "desk/administration/connectors/%(pk)s/"),
    ("administration-connector-delete", "desk/administration/connectors/%(pk)s/delete/"),
    ("administration-connector-new", "desk/administration/connectors/new/"),
    ("administration-connectors", "desk/administration/connectors/"),
    ("administration-service", "desk/administration/services/%(pk)s/"),
    ("administration-service-new", "desk/administration/services/new/"),
    ("administration-services", "desk/administration/services/"),
    ("administration-start", "desk/administration/"),
    ("administration-old-address", "desk/admin/%(rest)s"),
    ("auto-close-edit", "desk/administration/auto-close/%(code)s/"),
    ("auto-close-list", "desk/administration/auto-close/"),
    ("bulk", "desk/bulk/"),
    ("desk", "desk/"),
    ("desk-counts", "desk/counts/"),
    ("desk-ticket", "desk/tickets/%(reference)s/"),
    ("desk-ticket-articles", "desk/tickets/%(reference)s/articles/"),
    ("desk-ticket-similar", "desk/tickets/%(reference)s/similar/"),
    ("desk-ticket-insert-article", "desk/tickets/%(reference)s/articles/%(pk)s/insert/"),
    ("desk-ticket-accept-suggestion", "desk/tickets/%(reference)s/suggestions/%(field)s/accept/"),
    ("desk-ticket-linked-articles", "desk/tickets/%(reference)s/articles/linked/"),
    ("desk-view", "desk/views/%(name)s/"),
    ("email-template", "desk/administration/email-templates/%(pk)s/"),
    ("email-template-delete", "desk/administration/email-templates/%(pk)s/delete/"),
    ("email-template-new", "desk/administration/email-templates/new/"),
    ("email-template-preview", "desk/administration/email-templates/preview/"),
    ("email-templates", "desk/administration/email-templates/"),
    ("favicon", "favicon.ico"),
    ("health", "health/"),
    ("home", ""),
    ("knowledge-article", "desk/knowledge/%(pk)s/"),
    ("knowledge-compare", "desk/knowledge/%(pk)s/%(language)s/compare/"),
    ("knowledge-confirm", "desk/knowledge/%(pk)s/%(language)s/confirm/"),
    ("knowledge-details", "desk/knowledge/%(pk)s/details/"),
    ("knowledge-close-follow-up", "desk/knowledge/follow-ups/%(pk)s/close/"),
    ("knowledge-follow-ups", "desk/knowledge/follow-ups/"),
    ("knowledge-image", "knowledge/images/%(pk)s/"),
    ("knowledge-images", "desk/knowledge/%(pk)s/images/"),
    ("knowledge-image-remove", "desk/knowledge/%(pk)s/images/%(image_pk)s/remove/"),
    ("knowledge-list", "desk/knowledge/"),
    ("knowledge-new", "desk/knowledge/new/"),
    ("knowledge-preview", "desk/knowledge/preview/"),
    ("knowledge-restore", "desk/knowledge/%(pk)s/%(language)s/versions/%(number)s/restore/"),
    ("knowledge-step", "desk/knowledge/%(pk)s/lifecycle/%(step)s/"),
    ("knowledge-variant-edit", "desk/knowledge/%(pk)s/%(language)s/edit/"),
    ("knowledge-version", "desk/knowledge/%(pk)s/%(language)s/versions/%(number)s/"),
    ("knowledge-versions", "desk/knowledge/%(pk)s/%(language)s/versions/"),
    ("macro", "desk/administration/macros/%(pk)s/"),
    ("macro-action-row", "desk/administration/macros/rows/action/"),
    ("macro-delete", "desk/administration/macros/%(pk)s/delete/"),
    ("macro-new", "desk/administration/macros/new/"),
    ("macro-preview", "desk/administration/macros/preview/"),
    ("macros", "desk/administration/macros/"),
    ("mailbox", "desk/administration/mailboxes/%(pk)s/"),
    ("mailbox-new", "desk/administration/mailboxes/new/"),
    ("mailboxes", "desk/administration/mailboxes/"),
    ("knowledge-deflection", "desk/reports/deflection/"),
    ("knowledge-deflection-csv", "desk/reports/deflection.csv"),
    ("phone-desk", "desk/phone/"),
    ("desk-tasks", "desk/tasks/"),
    ("one-time-secret", "secrets/%(token)s/"),
    ("phone-catalogue", "desk/phone/catalogue/"),
    ("phone-catalogue-item", "desk/phone/catalogue/%(pk)s/"),
    ("portal", "portal/"),
    ("portal-catalogue", "portal/catalogue/"),
    ("portal-catalogue-item", "portal/catalogue/%(pk)s/"),
    ("portal-left", "portal/new/left/"),
    ("portal-link", "portal/link/%(token)s/"),
    ("portal-article", "portal/knowledge/%(pk)s/"),
    ("portal-knowledge", "portal/knowledge/"),
    ("portal-new", "portal/new/"),
    ("portal-solved", "portal/solved/"),
    ("portal-suggestions", "portal/new/suggestions/"),
    ("portal-ticket", "portal/tickets/%(reference)s/"),
    ("quarantine", "desk/administration/quarantine/"),
    ("quarantine-message", "desk/administration/quarantine/%(pk)s/"),
    ("quarantine-raw", "desk/administration/quarantine/%(pk)s/raw/"),
    ("rule-action-row", "desk/administration/rules/rows/action/"),
    ("rule-condition-row", "desk/administration/rules/rows/condition/"),
    ("rule-delete", "desk/administration/rules/%(pk)s/delete/"),
    ("rule-edit", "desk/administration/rules/%(pk)s/"),
    ("rule-move", "desk/administration/rules/%(pk)s/move/"),
    ("rule-new", "desk/administration/rules/new/"),
    ("rule-switch", "desk/administration/rules/%(pk)s/switch/"),
    ("rule-try", "desk/administration/rules/try/"),
    ("rules", "desk/administration/rules/"),
    ("rules-dry-run", "desk/administration/rules/dry-run/"),
    ("save-view", "desk/saved/"),
    ("saved-view", "desk/saved/%(pk)s/"),
    ("sign-in-security", "desk/administration/security/"),
    ("sign-in-security-group", "desk/administration/security/groups/%(pk)s/"),
    ("sla-policies", "desk/administration/sla-policies/"),
    ("sla-policy", "desk/administration/sla-policies/%(pk)s/"),
    ("sla-policy-new", "desk/administration/sla-policies/new/"),
    ("start", "start/"),
}


def addresses(resolver) -> set[tuple[str, str]]:
    """Each named page's address, as reverse() builds it (parameters as %(name)s)."""
    return {
        (name, address)
        for name in resolver.reverse_dict
        if isinstance(name, str)
        for possibilities, *_ in resolver.reverse_dict.getlist(name)
        for address, _parameters in possibilities
    }


def test_every_page_keeps_its_name_and_address():
    assert addresses(get_resolver("moked.web.urls")) == ADDRESSES


@pytest.mark.django_db
def test_the_administrations_old_addresses_redirect_to_the_new_ones(client):
    answer = client.get("/desk/admin/people/?q=dana")
    assert answer.status_code == 301
    assert answer.headers["Location"] == "/desk/administration/people/?q=dana"
