from moked.classification import model_files, training
from moked.classification.models import ClassifierModel
from tests.classification.history import resolved_history, routing


def test_an_organisation_learns_its_fields_from_its_resolved_tickets(org, agent):
    routes = routing()
    resolved_history(org, agent, routes)
    model = training.train(org)
    assert model.state == ClassifierModel.State.ACTIVE and model.version == 1
    assert {"group", "category", "impact"} <= set(model.evaluation)
    assert model.evaluation["group"]["accuracy"] >= 0.9
    assert model.tickets == 60
    assert model_files.load(model.file, model.sha256) is not None
