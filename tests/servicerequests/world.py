"""A small catalogue for the service-request tests: ACME with its people, a shared item, items
for each audience, and BETA with an item of its own."""

from types import SimpleNamespace

from moked.people.models import ClientGroup
from moked.servicerequests import services
from moked.servicerequests.models import Audience
from tests.factories import (
    AdminFactory,
    AgentFactory,
    ClientManagerFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
    ServiceFactory,
)

FOLDER_FORM = [
    {
        "key": "access",
        "type": "choice",
        "required": True,
        "label": {"en": "Access", "fi": "Käyttöoikeus", "he": "גישה"},
        "choices": [
            {"value": "shared", "label": {"en": "Shared folder", "fi": "Jaettu kansio"}},
            {"value": "mailbox", "label": {"en": "Mailbox", "fi": "Postilaatikko"}},
        ],
    },
    {
        "key": "folder",
        "type": "text",
        "required": True,
        "label": {"en": "Folder path", "fi": "Kansion polku"},
        "show_when": [{"field": "access", "operator": "is", "value": "shared"}],
    },
    {"key": "urgent", "type": "yes_no", "label": {"en": "Urgent", "fi": "Kiireellinen"}},
    {"key": "colleague", "type": "person", "label": {"en": "Same as colleague"}},
    {"key": "screenshot", "type": "attachment", "label": {"en": "Screenshot"}},
]


def make_world(org, requester, agent, admin):
    beta = OrganisationFactory(code="BETA", name="Beta", domains=["beta.example"], language="fi")
    desk = GroupFactory(name="Access desk")
    service = ServiceFactory(organisation=org, name="File shares")
    finance = ClientGroup.objects.create(organisation=org, name="Finance")
    accountant = PersonFactory(organisation=org, name="Aino Accountant", language="fi")
    finance.members.add(accountant)
    folder = services.save_item(
        admin,
        None,
        organisation=org,
        service=service,
        code="folder-access",
        name={"en": "Folder access", "fi": "Kansion käyttöoikeus", "he": "גישה לתיקייה"},
        description={"en": "Access to a shared folder", "fa": "دسترسی به پوشه مشترک"},
        icon="folder",
        fulfilment_group=desk,
        form=FOLDER_FORM,
    )
    shared = services.save_item(
        admin,
        None,
        code="password-reset",
        name={"en": "Password reset", "fi": "Salasanan vaihto"},
        icon="key",
        form=[{"key": "note", "type": "text", "label": "Anything else?"}],
    )
    for_finance = services.save_item(
        admin,
        None,
        organisation=org,
        code="invoice-tool",
        name="Invoice tool",
        audience=Audience.GROUPS,
        groups=[finance],
        form=[],
    )
    for_managers = services.save_item(
        admin,
        None,
        organisation=org,
        code="new-starter",
        name="New starter",
        audience=Audience.CLIENT_MANAGERS,
        form=[{"key": "starts_on", "type": "date", "label": "Starts on", "required": True}],
    )
    beta_item = services.save_item(
        admin, None, organisation=beta, code="beta-laptop", name={"en": "Laptop", "fi": "Kannettava"}, form=[]
    )
    return SimpleNamespace(
        acme=org,
        beta=beta,
        admin=admin,
        agent=agent,
        desk=desk,
        service=service,
        finance=finance,
        requester=requester,
        accountant=accountant,
        manager=ClientManagerFactory(organisation=org, name="Mira Manager"),
        beta_user=PersonFactory(organisation=beta, name="Beta User"),
        beta_agent=AgentFactory(serves=[beta]),
        other_admin=AdminFactory(),
        folder=folder,
        shared=shared,
        for_finance=for_finance,
        for_managers=for_managers,
        beta_item=beta_item,
    )
