"""The pages answer at the addresses they always had: links in mail already sent, bookmarks and
every `reverse()` depend on each name and its address, whichever module of moked.web holds the view.
A new page adds its line here; a changed line is a moved page, which breaks those links."""

from django.urls import get_resolver

ADDRESSES = {
    ("admin-calendar", "desk/admin/calendars/%(pk)s/"),
    ("admin-calendar-delete", "desk/admin/calendars/%(pk)s/delete/"),
    ("admin-calendar-exception-remove", "desk/admin/calendars/%(pk)s/exceptions/%(day)s/remove/"),
    ("admin-calendar-exceptions", "desk/admin/calendars/%(pk)s/exceptions/"),
    ("admin-calendar-hours-row", "desk/admin/calendars/hours-row/"),
    ("admin-calendar-new", "desk/admin/calendars/new/"),
    ("admin-calendar-subdivisions", "desk/admin/calendars/regions/"),
    ("admin-calendars", "desk/admin/calendars/"),
    ("admin-categories", "desk/admin/categories/"),
    ("admin-category", "desk/admin/categories/%(pk)s/"),
    ("admin-category-new", "desk/admin/categories/new/"),
    ("admin-group", "desk/admin/groups/%(pk)s/"),
    ("admin-group-new", "desk/admin/groups/new/"),
    ("admin-groups", "desk/admin/groups/"),
    ("admin-organisation", "desk/admin/organisations/%(pk)s/"),
    ("admin-organisation-new", "desk/admin/organisations/new/"),
    ("admin-organisations", "desk/admin/organisations/"),
    ("admin-people", "desk/admin/people/"),
    ("admin-person", "desk/admin/people/%(pk)s/"),
    ("admin-person-new", "desk/admin/people/new/"),
    ("admin-service", "desk/admin/services/%(pk)s/"),
    ("admin-service-new", "desk/admin/services/new/"),
    ("admin-services", "desk/admin/services/"),
    ("admin-start", "desk/admin/"),
    ("auto-close-edit", "desk/admin/auto-close/%(code)s/"),
    ("auto-close-list", "desk/admin/auto-close/"),
    ("bulk", "desk/bulk/"),
    ("desk", "desk/"),
    ("desk-counts", "desk/counts/"),
    ("desk-ticket", "desk/tickets/%(reference)s/"),
    ("desk-view", "desk/views/%(name)s/"),
    ("email-template", "desk/admin/email-templates/%(pk)s/"),
    ("email-template-delete", "desk/admin/email-templates/%(pk)s/delete/"),
    ("email-template-new", "desk/admin/email-templates/new/"),
    ("email-template-preview", "desk/admin/email-templates/preview/"),
    ("email-templates", "desk/admin/email-templates/"),
    ("favicon", "favicon.ico"),
    ("health", "health/"),
    ("home", ""),
    ("macro", "desk/admin/macros/%(pk)s/"),
    ("macro-action-row", "desk/admin/macros/rows/action/"),
    ("macro-delete", "desk/admin/macros/%(pk)s/delete/"),
    ("macro-new", "desk/admin/macros/new/"),
    ("macro-preview", "desk/admin/macros/preview/"),
    ("macros", "desk/admin/macros/"),
    ("mailbox", "desk/admin/mailboxes/%(pk)s/"),
    ("mailbox-new", "desk/admin/mailboxes/new/"),
    ("mailboxes", "desk/admin/mailboxes/"),
    ("phone-desk", "desk/phone/"),
    ("portal", "portal/"),
    ("portal-link", "portal/link/%(token)s/"),
    ("portal-new", "portal/new/"),
    ("portal-ticket", "portal/tickets/%(reference)s/"),
    ("quarantine", "desk/admin/quarantine/"),
    ("quarantine-message", "desk/admin/quarantine/%(pk)s/"),
    ("quarantine-raw", "desk/admin/quarantine/%(pk)s/raw/"),
    ("rule-action-row", "desk/admin/rules/rows/action/"),
    ("rule-condition-row", "desk/admin/rules/rows/condition/"),
    ("rule-delete", "desk/admin/rules/%(pk)s/delete/"),
    ("rule-edit", "desk/admin/rules/%(pk)s/"),
    ("rule-move", "desk/admin/rules/%(pk)s/move/"),
    ("rule-new", "desk/admin/rules/new/"),
    ("rule-switch", "desk/admin/rules/%(pk)s/switch/"),
    ("rule-try", "desk/admin/rules/try/"),
    ("rules", "desk/admin/rules/"),
    ("rules-dry-run", "desk/admin/rules/dry-run/"),
    ("save-view", "desk/saved/"),
    ("saved-view", "desk/saved/%(pk)s/"),
    ("sign-in-security", "desk/admin/security/"),
    ("sign-in-security-group", "desk/admin/security/groups/%(pk)s/"),
    ("sla-policies", "desk/admin/sla-policies/"),
    ("sla-policy", "desk/admin/sla-policies/%(pk)s/"),
    ("sla-policy-new", "desk/admin/sla-policies/new/"),
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
