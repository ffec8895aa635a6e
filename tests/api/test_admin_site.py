"""Django's admin works for every model: each list, detail and search page renders for an admin."""

import pytest
from django.contrib.admin import site
from django.urls import reverse

from moked.tickets import services
from tests.factories import CategoryFactory, GroupFactory, ServiceFactory, make_ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def populated(requester, agent, admin):
    GroupFactory(members=[agent])
    ServiceFactory(organisation=requester.organisation)
    CategoryFactory()
    ticket = make_ticket(requester, actor=agent, assignee=agent, tags=["vip"])
    services.add_comment(agent, ticket, "hello")
    services.escalate_ticket(agent, ticket, group=GroupFactory(tier=2), reason="L2")
    from moked.api.models import ApiToken

    ApiToken.issue(admin)


def test_every_registered_model_has_working_admin_pages(client, admin, populated):
    client.force_login(admin)
    models = list(site._registry)
    assert len(models) >= 14
    for model in models:
        info = (model._meta.app_label, model._meta.model_name)
        changelist = client.get(reverse("admin:{}_{}_changelist".format(*info)), {"q": "a"})
        assert changelist.status_code == 200, info
        record = model.objects.first()
        if record is not None:
            change = client.get(reverse("admin:{}_{}_change".format(*info), args=[record.pk]))
            assert change.status_code == 200, info


def test_tickets_are_read_only_in_the_admin(client, admin, populated):
    from moked.tickets.models import Ticket

    client.force_login(admin)
    ticket = Ticket.objects.get()
    response = client.post(reverse("admin:tickets_ticket_change", args=[ticket.pk]), {"subject": "changed"})
    assert response.status_code == 403
    ticket.refresh_from_db()
    assert ticket.subject != "changed"


def test_the_admin_is_for_admins_only(client, agent):
    client.force_login(agent)
    assert client.get(reverse("admin:index")).status_code == 302
