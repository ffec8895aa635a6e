"""Predictions as tickets are opened: suggest and automatic modes, corrections, outcomes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from moked.classification import model_files, services, training
from moked.classification.models import ClassifierModel, FieldSetting, TicketPrediction
from moked.classification.selectors import field_figures, ticket_suggestions
from moked.tickets import lifecycle
from moked.tickets import services as tickets
from moked.tickets.models import Level, Ticket
from tests.classification.history import resolved_history, routing
from tests.factories import (
    AgentFactory,
    CategoryFactory,
    OrganisationFactory,
    PersonFactory,
    ServiceFactory,
    make_ticket,
)

CLEAR = "reset my password please, account locked after login attempts"
VAGUE = "hello thanks"


@pytest.fixture
def routes(db):
    return routing()


@pytest.fixture
def trained(org, agent, routes):
    model_files.forget_loaded()
    resolved_history(org, agent, routes, per_class=20, vague=6)
    model = training.train(org)
    assert model is not None and model.state == ClassifierModel.State.ACTIVE
    yield model
    model_files.forget_loaded()


def prediction(ticket, field):
    return TicketPrediction.objects.filter(ticket=ticket, field=field).first()


def test_a_new_ticket_gets_a_suggestion_for_each_learnt_field_and_keeps_what_it_was_given(
    trained, requester, routes
):
    ticket = make_ticket(requester, subject=CLEAR, description="")
    group = prediction(ticket, "group")
    assert group.value == str(routes["access"]["group"].pk)
    assert group.mode == FieldSetting.Mode.SUGGEST and not group.applied
    assert group.model == trained and 0 < group.confidence <= 1
    assert ticket.group is None  # suggest mode only suggests
    assert prediction(ticket, "category").value == str(routes["access"]["category"].pk)
    assert prediction(ticket, "impact").value == str(Level.MEDIUM)


def test_automatic_mode_sets_an_unset_field_only_at_or_above_the_threshold(
    trained, requester, admin, org, routes
):
    services.set_field_mode(admin, org, "group", mode="auto", target_precision="0.9")
    clear = make_ticket(requester, subject=CLEAR, description="")
    vague = make_ticket(requester, subject=VAGUE, description="")
    clear_prediction, vague_prediction = prediction(clear, "group"), prediction(vague, "group")
    threshold = clear_prediction.threshold
    assert threshold is not None and threshold > 0, "the vague history makes some confidences unsafe"
    assert clear_prediction.confidence >= threshold and clear_prediction.applied
    assert clear.group == routes["access"]["group"]
    assert clear.tier == routes["access"]["group"].tier
    assert vague_prediction.confidence < threshold and not vague_prediction.applied
    assert vague.group is None  # the usual triage
    # Fields still in suggest mode are not touched
    assert clear.category is None and not prediction(clear, "category").applied


def test_automatic_mode_never_overrides_what_the_creator_chose(trained, requester, agent, admin, org, routes):
    services.set_field_mode(admin, org, "group", mode="auto")
    services.set_field_mode(admin, org, "impact", mode="auto", target_precision="0.5")
    chosen = routes["printing"]["group"]
    ticket = make_ticket(
        requester, actor=agent, subject=CLEAR, description="", group=chosen, impact=Level.LOW
    )
    assert ticket.group == chosen and ticket.impact == Level.LOW
    assert not prediction(ticket, "group").applied and not prediction(ticket, "impact").applied


def test_automatic_impact_sets_the_priority_from_the_matrix(trained, requester, admin, org):
    services.set_field_mode(admin, org, "impact", mode="auto", target_precision="0.5")
    ticket = make_ticket(requester, subject="wifi keeps disconnecting today", description="")
    found = prediction(ticket, "impact")
    if found.applied:
        assert ticket.impact == int(found.value)
        given = make_ticket(requester, subject=VAGUE, impact=ticket.impact, urgency=ticket.urgency)
        assert ticket.priority == given.priority
    else:
        assert found.confidence < found.threshold


def test_a_field_turned_off_is_not_predicted(trained, requester, admin, org):
    services.set_field_mode(admin, org, "group", mode="off")
    ticket = make_ticket(requester, subject=CLEAR, description="")
    assert prediction(ticket, "group") is None
    assert prediction(ticket, "category") is not None


def test_a_missing_or_damaged_model_gives_no_suggestion_and_the_ticket_opens(trained, requester):
    with default_storage.open(trained.file, "wb") as stored:
        stored.write(b"not a model")
    model_files.forget_loaded()
    ticket = make_ticket(requester, subject=CLEAR, description="")
    assert ticket.pk and not TicketPrediction.objects.filter(ticket=ticket).exists()
    default_storage.delete(trained.file)
    default_storage.save(trained.file, ContentFile(b""))
    model_files.forget_loaded()
    assert not TicketPrediction.objects.filter(ticket=make_ticket(requester, subject=CLEAR)).exists()


def test_an_agents_change_is_a_correction_and_resolving_settles_the_outcome(
    trained, requester, agent, routes
):
    wrong = make_ticket(requester, subject=CLEAR, description="")
    tickets.update_ticket(agent, wrong, {"group": routes["network"]["group"]})
    found = prediction(wrong, "group")
    assert found.corrected_by == agent and found.corrected_value == str(routes["network"]["group"].pk)
    tickets.change_status(agent, wrong, lifecycle.RESOLVED, resolution_code="solved", resolution_text="Done.")
    found.refresh_from_db()
    assert found.outcome == TicketPrediction.Outcome.WRONG
    assert found.final_value == str(routes["network"]["group"].pk)

    right = make_ticket(requester, subject=CLEAR, description="")
    services.accept_prediction(agent, right, "group")
    right.refresh_from_db()
    assert right.group == routes["access"]["group"]
    accepted = prediction(right, "group")
    assert accepted.accepted_by == agent and not accepted.corrected_value
    tickets.change_status(agent, right, lifecycle.RESOLVED, resolution_code="solved", resolution_text="Done.")
    accepted.refresh_from_db()
    assert accepted.outcome == TicketPrediction.Outcome.RIGHT


def test_only_the_desk_accepts_and_only_changeable_fields(trained, requester, agent, org):
    ticket = make_ticket(requester, subject=CLEAR, description="")
    with pytest.raises(PermissionDenied):
        services.accept_prediction(requester, ticket, "group")
    with pytest.raises(ValidationError):
        services.accept_prediction(agent, ticket, "ticket_type")
    stranger = AgentFactory(serves=[OrganisationFactory()])
    with pytest.raises(PermissionDenied):
        services.accept_prediction(stranger, ticket, "group")
    assert ticket_suggestions(requester, ticket) == []
    assert ticket_suggestions(stranger, ticket) == []
    assert {item.prediction.field for item in ticket_suggestions(agent, ticket)} >= {"group", "category"}


def test_the_figures_count_coverage_and_precision_above_the_threshold(trained, requester, agent, admin, org):
    made = [make_ticket(requester, subject=CLEAR, description="") for _ in range(3)]
    made.append(make_ticket(requester, subject=VAGUE, description=""))
    for ticket in made:
        tickets.change_status(
            agent, ticket, lifecycle.RESOLVED, resolution_code="solved", resolution_text="Done."
        )
    group = next(item for item in field_figures(admin, org) if item.field == "group")
    rows = TicketPrediction.objects.filter(field="group")
    above = [row for row in rows if row.threshold is not None and row.confidence >= row.threshold]
    assert group.predictions == 4 and group.above_threshold == len(above)
    assert group.coverage == len(above) / 4
    assert group.settled_above == len(above)
    assert group.right_above == sum(row.outcome == "right" for row in above)
    assert group.held_out_coverage > 0 and group.model == trained
    with pytest.raises(PermissionDenied):
        field_figures(requester, org)
    with pytest.raises(PermissionDenied):
        field_figures(AgentFactory(serves=[OrganisationFactory()]), org)


def test_a_new_client_gets_the_provider_wide_fields_and_never_another_clients_own_values(org, agent, routes):
    model_files.forget_loaded()
    own_category = CategoryFactory(name="Acme's own printers", organisation=org)
    routes["printing"]["category"] = own_category
    service = ServiceFactory(organisation=org)
    made = resolved_history(org, agent, routes, per_class=20)
    Ticket.objects.filter(pk__in=[ticket.pk for ticket in made]).update(service=service)
    assert training.train(None) is not None  # provider-wide
    newcomer = OrganisationFactory()
    person = PersonFactory(organisation=newcomer)
    printing = make_ticket(
        person, subject="the printer on floor two jams, toner empty in printer", description=""
    )
    found = {item.field: item for item in TicketPrediction.objects.filter(ticket=printing)}
    assert found["group"].value == str(routes["printing"]["group"].pk)
    assert found["group"].model.organisation is None
    assert "service" not in found  # a service is always one organisation's
    assert "category" not in found or found["category"].value != str(own_category.pk)
    model_files.forget_loaded()


def test_a_worse_model_is_kept_as_rejected_and_the_one_in_use_stays(
    trained, org, django_capture_on_commit_callbacks
):
    better = {field: {**figures, "accuracy": 1.0} for field, figures in trained.evaluation.items()}
    ClassifierModel.objects.filter(pk=trained.pk).update(evaluation=better)
    with django_capture_on_commit_callbacks(execute=True):
        second = training.train(org)
    trained.refresh_from_db()
    if second.state == ClassifierModel.State.REJECTED:
        assert trained.state == ClassifierModel.State.ACTIVE
        assert "against" in second.note and not default_storage.exists(second.file)
    else:  # the new model was perfect too: not worse
        assert all(figures["accuracy"] >= 0.99 for figures in second.evaluation.values())


def test_not_worse_means_every_old_field_and_no_lower_mean_accuracy_beyond_the_tolerance():
    old = {"group": {"accuracy": 0.8}, "category": {"accuracy": 0.6}}
    assert training.is_not_worse({"group": {"accuracy": 0.8}, "category": {"accuracy": 0.595}}, old)
    assert not training.is_not_worse({"group": {"accuracy": 0.7}, "category": {"accuracy": 0.6}}, old)
    assert not training.is_not_worse({"group": {"accuracy": 0.99}}, old)
    assert training.is_not_worse({**old, "impact": {"accuracy": 0.1}}, old)


@pytest.mark.django_db(transaction=True)  # the database's checks run when the ticket's transaction commits
def test_a_model_deleted_behind_a_process_back_never_stops_a_ticket_from_opening(
    org, agent, requester, api_as
):
    resolved_history(org, agent, routing(), per_class=20)
    model = training.train(org)
    make_ticket(requester, subject=CLEAR)  # this process now keeps the model as in use
    ClassifierModel.objects.filter(pk=model.pk)._raw_delete(ClassifierModel.objects.db)  # as a flush would
    ticket = make_ticket(requester, subject=CLEAR)
    found = prediction(ticket, "group")
    assert Ticket.objects.filter(pk=ticket.pk).exists() and found.model_id == model.pk
    assert found.model_version is None
    answer = api_as(agent).get(f"/api/v1/tickets/{ticket.reference}/predictions/")
    assert answer.status_code == 200
