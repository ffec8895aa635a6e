"""Every permission the code checks is registered under its app's name, and the rules behind the
names keep to who they are for: admins, the staff, team leads for the organisations they serve.

A misspelt name is not an error to `rules`: it refuses everyone. The scan below catches that.
"""

import re
from pathlib import Path

import pytest
import rules
from django.apps import apps

import moked
from tests.factories import (
    AdminFactory,
    AgentFactory,
    ClientManagerFactory,
    OrganisationFactory,
    PersonFactory,
    TeamLeadFactory,
)

pytestmark = pytest.mark.django_db

# `require(actor, "app.action"...`, the tickets' `_require("app.action"...` and
# `has_perm("app.action"...`, in code and templates.
_CHECKED = re.compile(
    r"""(?:\brequire\(\s*[\w.]+,\s*|\b_require\(\s*|has_perm\(\s*|\{%\s*has_perm\s+)"""
    r"""["']([a-z_]+\.[a-z_]+)["']"""
)


def _checked_names() -> set[str]:
    root = Path(moked.__file__).parent
    names = set()
    for path in [*root.rglob("*.py"), *root.rglob("*.html")]:
        names.update(_CHECKED.findall(path.read_text(encoding="utf-8")))
    return names


def test_every_checked_permission_is_registered():
    names = _checked_names()
    assert len(names) > 20  # the scan really finds the checks
    assert sorted(name for name in names if not rules.perm_exists(name)) == []


def test_every_permission_is_named_after_an_installed_app():
    labels = {config.label for config in apps.get_app_configs()}
    assert sorted(name for name in rules.permissions.permissions if name.split(".")[0] not in labels) == []


ADMINS_ONLY = [
    "people.administer",
    "people.set_passwords",
    "people.configure_groups",
    "tenancy.configure",
    "catalog.configure",
    "automation.configure",
    "mail.configure",
    "mail.look_after_quarantine",
    "mail.view_mailboxes",
    "webhooks.configure",
    "webhooks.view_webhooks",
    "jobs.view_failed_tasks",
]
STAFF = [
    "automation.view_configuration",
    "assignment.view_configuration",
    "mail.view_ticket_mail",
    "workspace.keep_views",
    "tickets.log_calls",
]


@pytest.mark.parametrize("name", ADMINS_ONLY)
def test_admins_only(name):
    org = OrganisationFactory()
    assert rules.has_perm(name, AdminFactory())
    for other in (
        AdminFactory(is_active=False),
        TeamLeadFactory(serves=[org]),
        AgentFactory(serves=[org]),
        ClientManagerFactory(organisation=org),
        PersonFactory(organisation=org),
    ):
        assert not rules.has_perm(name, other), other.role


@pytest.mark.parametrize("name", STAFF)
def test_the_providers_staff(name):
    org = OrganisationFactory()
    for staff in (AdminFactory(), TeamLeadFactory(), AgentFactory()):
        assert rules.has_perm(name, staff), staff.role
    for other in (
        AgentFactory(is_active=False, serves=[org]),
        ClientManagerFactory(organisation=org),
        PersonFactory(organisation=org),
    ):
        assert not rules.has_perm(name, other), other.role


def test_team_leads_keep_the_macros_of_the_organisations_they_serve():
    served, other = OrganisationFactory(), OrganisationFactory()
    lead, admin = TeamLeadFactory(serves=[served]), AdminFactory()
    assert rules.has_perm("automation.keep_macros", lead)
    assert rules.has_perm("automation.keep_macros_of", lead, served)
    assert not rules.has_perm("automation.keep_macros_of", lead, other)
    assert not rules.has_perm("automation.keep_macros_of", lead, None)  # those for every organisation
    assert rules.has_perm("automation.keep_macros_of", admin, None)
    assert not rules.has_perm("automation.keep_macros", AgentFactory(serves=[served]))
    assert not rules.has_perm("automation.keep_macros", TeamLeadFactory(is_active=False, serves=[served]))
