"""Classification's API: a ticket's predictions and accepting one; an organisation's fields (modes,
target precisions, figures) and models (with their evaluations, training on demand); the
provider-wide model. Who may do what: staff see, admins change, clients are refused."""

import pytest
from django.utils import timezone

from moked.classification.models import ClassifierModel, FieldSetting, TicketPrediction
from moked.tickets.models import Level
from tests.classification.trained import trained
from tests.factories import AdminFactory, ClientManagerFactory, make_ticket

pytestmark = pytest.mark.django_db

ACME = "/api/v1/classification/organisations/ACME"


@pytest.fixture
def routes(org, agent):
    return trained(org, agent)


def test_staff_read_a_tickets_predictions_and_clients_are_refused(api_as, routes, requester, agent):
    ticket = make_ticket(requester, subject="the printer on floor two jams")
    url = f"/api/v1/tickets/{ticket.reference}/predictions/"
    answer = api_as(agent).get(url)
    assert answer.status_code == 200, answer.json()
    by_field = {item["field"]: item for item in answer.json()}
    group = by_field["group"]
    assert group["value"] == routes["printing"]["group"].pk and group["shown_value"] == "printing team"
    assert group["mode"] == "suggest" and group["applied"] is False and group["can_accept"] is True
    assert group["model_version"] == 1 and 0 < group["confidence"] <= 1
    assert all(isinstance(item["value"], int) for item in group["alternatives"])
    assert by_field["impact"]["value"] == Level.LOW and by_field["impact"]["shown_value"] == "Low"
    assert api_as(requester).get(url).status_code == 403
    assert api_as(ClientManagerFactory(organisation=requester.organisation)).get(url).status_code == 403
    assert api_as(agent).get("/api/v1/tickets/INC-999999/predictions/").status_code == 404


def test_accepting_a_prediction_sets_the_field_through_the_api(api_as, routes, requester, agent):
    ticket = make_ticket(requester, subject="the printer on floor two jams")
    url = f"/api/v1/tickets/{ticket.reference}/predictions/"
    answer = api_as(agent).post(f"{url}category/accept/")
    assert answer.status_code == 200, answer.json()
    assert answer.json()["current"] is True and answer.json()["accepted_by"]["id"] == agent.pk
    ticket.refresh_from_db()
    assert ticket.category == routes["printing"]["category"]
    assert ticket.events.get(field="category").channel == "api"
    assert api_as(agent).post(f"{url}ticket_type/accept/").status_code == 400  # fixed once open
    assert api_as(agent).post(f"{url}service/accept/").status_code == 400  # nothing predicted
    assert api_as(agent).post(f"{url}colour/accept/").status_code == 404
    assert api_as(requester).post(f"{url}group/accept/").status_code == 403
    assert not TicketPrediction.objects.filter(field="group", accepted_at__isnull=False).exists()


def test_the_fields_give_each_fields_settings_and_figures(api_as, routes, requester, agent):
    make_ticket(requester, subject="the printer on floor two jams")
    answer = api_as(agent).get(f"{ACME}/fields/")
    assert answer.status_code == 200, answer.json()
    by_field = {item["field"]: item for item in answer.json()}
    assert list(by_field) == ["ticket_type", "category", "service", "group", "impact", "urgency"]
    group = by_field["group"]
    assert (group["mode"], group["target_precision"], group["predictions"]) == ("suggest", 0.95, 1)
    assert group["model"]["version"] == 1 and group["model"]["provider_wide"] is False
    assert group["held_out_coverage"] > 0 and group["coverage"] is not None and group["precision"] is None
    assert by_field["service"]["model"] is None and by_field["service"]["predictions"] == 0
    assert api_as(agent).get(f"{ACME}/fields/", {"days": 0}).status_code == 400
    assert api_as(agent).get(f"{ACME}/fields/group/").json()["field"] == "group"


def test_admins_choose_a_fields_mode_and_target_and_agents_may_not(api_as, org, agent):
    admin = api_as(AdminFactory())
    url = f"{ACME}/fields/group/"
    answer = admin.patch(url, {"mode": "auto", "target_precision": 0.9}, format="json")
    assert answer.status_code == 200, answer.json()
    assert (answer.json()["mode"], answer.json()["target_precision"]) == ("auto", 0.9)
    kept = admin.patch(url, {"mode": "off"}, format="json").json()
    assert (kept["mode"], kept["target_precision"]) == ("off", 0.9)  # what is not given stays
    assert admin.patch(url, {"target_precision": 1.5}, format="json").status_code == 400
    assert admin.patch(url, {"mode": "sometimes"}, format="json").status_code == 400
    assert api_as(agent).patch(url, {"mode": "suggest"}, format="json").status_code == 403
    setting = FieldSetting.objects.get(organisation=org, field="group")
    assert (setting.mode, float(setting.target_precision)) == ("off", 0.9)


def test_the_models_list_their_versions_and_evaluations_and_the_curve_on_request(api_as, routes, agent):
    answer = api_as(agent).get(f"{ACME}/models/")
    assert answer.status_code == 200, answer.json()
    (model,) = answer.json()
    assert (model["organisation"], model["version"], model["state"], model["tickets"]) == (
        "ACME",
        1,
        "active",
        60,
    )
    assert model["evaluation"]["group"]["accuracy"] >= 0.9 and "curve" not in model["evaluation"]["group"]
    (model,) = api_as(agent).get(f"{ACME}/models/", {"curve": "true"}).json()
    point = model["evaluation"]["group"]["curve"][0]
    assert set(point) == {"threshold", "precision", "coverage"}


def test_training_on_demand_is_queued_for_admins(api_as, org, agent, django_capture_on_commit_callbacks):
    admin = api_as(AdminFactory())
    with django_capture_on_commit_callbacks() as queued:
        answer = admin.post(f"{ACME}/train/")
    assert answer.status_code == 202 and answer.json() == {"organisation": "ACME", "queued": True}
    assert len(queued) == 1
    assert api_as(agent).post(f"{ACME}/train/").status_code == 403
    answer = admin.post("/api/v1/classification/provider/train/")
    assert answer.status_code == 202 and answer.json() == {"organisation": None, "queued": True}
    assert api_as(agent).post("/api/v1/classification/provider/train/").status_code == 403


def test_the_provider_wide_models_are_staffs_to_read(api_as, agent, requester):
    ClassifierModel.objects.create(
        organisation=None,
        version=3,
        state=ClassifierModel.State.ACTIVE,
        file="classification/provider-3.joblib",
        sha256="0" * 64,
        trained_at=timezone.now(),
        evaluation={},
    )
    answer = api_as(agent).get("/api/v1/classification/provider/models/")
    assert answer.status_code == 200, answer.json()
    assert [(model["organisation"], model["version"]) for model in answer.json()] == [(None, 3)]
    assert api_as(requester).get("/api/v1/classification/provider/models/").status_code == 403
