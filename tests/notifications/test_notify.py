import pytest
from django.utils import translation

from moked.notifications.models import Notification
from moked.notifications.services import notify
from tests.factories import AgentFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_each_notification_is_written_in_its_recipients_language():
    finnish_org = OrganisationFactory(language="fi")
    people = [
        AgentFactory(name="Hebrew agent", language="he"),
        PersonFactory(name="Finnish client", organisation=finnish_org),  # takes the organisation's
        AgentFactory(name="Default agent"),
    ]
    notify(people, kind=Notification.Kind.SLA_WARNING, message=lambda: (translation.get_language(), "body"))
    assert dict(Notification.objects.values_list("recipient__name", "subject")) == {
        "Hebrew agent": "he",
        "Finnish client": "fi",
        "Default agent": "en",
    }


def test_each_person_is_told_once_and_disabled_people_not_at_all():
    agent, gone = AgentFactory(), AgentFactory(is_active=False)
    notify([agent, agent, gone, None], kind=Notification.Kind.SLA_BREACHED, message=lambda: ("s", "b"))
    assert list(Notification.objects.values_list("recipient", flat=True)) == [agent.pk]


def test_people_read_and_mark_only_their_own_notifications(api_as):
    mine, theirs = AgentFactory(), AgentFactory()
    (own,) = notify([mine], kind=Notification.Kind.SLA_WARNING, message=lambda: ("Yours", "b"))
    (other,) = notify([theirs], kind=Notification.Kind.SLA_WARNING, message=lambda: ("Not yours", "b"))
    client = api_as(mine)
    assert [n["subject"] for n in client.get("/api/v1/notifications/").json()["results"]] == ["Yours"]
    assert client.get(f"/api/v1/notifications/{other.pk}/").status_code == 404
    assert client.post(f"/api/v1/notifications/{other.pk}/read/").status_code == 404
    read = client.post(f"/api/v1/notifications/{own.pk}/read/").json()
    assert read["read_at"] is not None
    other.refresh_from_db()
    assert other.read_at is None
    assert client.get("/api/v1/notifications/?read_at__isnull=true").json()["results"] == []
