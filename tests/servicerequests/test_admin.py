"""The catalogue in Django's admin: items checked as the API checks them, form versions read
only, a new version written from JSON; client groups, and people's managers."""

import json

from django.urls import reverse

from moked.servicerequests import services
from moked.servicerequests.models import CatalogItem


def item_post(world, **changes):
    data = {
        "organisation": world.acme.pk,
        "code": "laptop",
        "name": json.dumps({"en": "Laptop", "fi": "Kannettava"}),
        "description": "{}",
        "icon": "laptop",
        "delivery_days": 2,
        "audience": "everyone",
        "approval_steps": "[]",
        "fulfilment_plan": "{}",
        "is_active": "on",
        "new_form": json.dumps([{"key": "model", "type": "text", "label": "Model"}]),
        "forms-TOTAL_FORMS": 0,
        "forms-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


def test_an_admin_adds_an_item_with_its_first_form_version(world, client):
    client.force_login(world.admin)
    response = client.post(reverse("admin:servicerequests_catalogitem_add"), item_post(world))
    assert response.status_code == 302, response.content.decode()[:3000]
    item = CatalogItem.objects.get(code="laptop", organisation=world.acme)
    assert item.current_form().fields[0]["key"] == "model"
    page = client.get(reverse("admin:servicerequests_catalogitem_change", args=[item.pk]))
    assert page.status_code == 200 and "model (text)" in page.content.decode()


def test_the_admin_refuses_what_the_service_refuses(world, client):
    client.force_login(world.admin)
    response = client.post(
        reverse("admin:servicerequests_catalogitem_add"),
        item_post(world, name=json.dumps({"de": "Laptop"}), new_form=json.dumps([{"key": "Bad"}])),
    )
    assert response.status_code == 200
    assert not CatalogItem.objects.filter(code="laptop").exists()
    assert response.context["adminform"].form.errors.keys() >= {"name", "new_form"}


def test_admin_pages_of_items_requests_client_groups_and_people_render(world, client):
    services.submit_request(world.requester, world.folder, {"access": "mailbox"}, channel="portal")
    client.force_login(world.admin)
    for name in ("servicerequests_catalogitem", "servicerequests_servicerequest", "people_clientgroup"):
        assert client.get(reverse(f"admin:{name}_changelist"), {"q": "a"}).status_code == 200, name
    page = client.get(reverse("admin:people_person_change", args=[world.requester.pk]))
    assert 'name="manager"' in page.content.decode()
