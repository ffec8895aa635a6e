"""A request's way through approval and fulfilment (moked.servicerequests.flow), against the
real approvals and fulfilment engines; these tests run once those apps are merged."""

import pytest
from django.core.exceptions import ValidationError

from moked.servicerequests import services
from moked.tickets import lifecycle

MANAGER_STEP = {
    "name": {"en": "Manager", "fi": "Esihenkilö"},
    "approvers": [{"kind": "manager"}],
    "rule": "any",
}


def plan(world):
    return {
        "tasks": [{"title": {"en": "Grant the access"}, "checklist": [], "group": world.desk.pk, "stage": 1}]
    }


def request_needing_approval(world):
    """A request of the folder item, approved by the requester's manager, then a task."""
    world.requester.manager = world.manager
    world.requester.save()
    item = services.save_item(
        world.admin, world.folder, approval_steps=[MANAGER_STEP], fulfilment_plan=plan(world)
    )
    return services.submit_request(world.requester, item, {"access": "mailbox"}, channel="portal")


def test_an_item_without_approval_or_plan_leaves_the_ticket_new_for_its_group(world):
    request = services.submit_request(world.requester, world.folder, {"access": "mailbox"}, channel="portal")
    assert (request.ticket.status, request.ticket.group) == (lifecycle.NEW, world.desk)


def test_a_chain_and_a_plan_are_checked_when_an_item_is_saved(world):
    with pytest.raises(ValidationError) as refused:
        services.save_item(
            world.admin,
            world.folder,
            approval_steps=[{"name": "x", "approvers": [{"kind": "astrologer"}], "rule": "any"}],
            fulfilment_plan={"tasks": "all of them"},
        )
    assert set(refused.value.message_dict) == {"approval_steps", "fulfilment_plan"}
    saved = services.save_item(
        world.admin, world.folder, approval_steps=[MANAGER_STEP], fulfilment_plan=plan(world)
    )
    assert saved.approval_steps[0]["approvers"] == [{"kind": "manager"}]
    assert saved.fulfilment_plan["tasks"][0]["group"] == world.desk.pk


def test_a_plan_names_only_answers_the_form_has(world):
    action = {
        "connector": "ldap",
        "action": "add_to_group",
        "user": "requested_for",
        "group": "answer:nothere",
    }
    with pytest.raises(ValidationError) as refused:
        services.save_item(world.admin, world.folder, fulfilment_plan={"tasks": [], "actions": [action]})
    assert "fulfilment_plan" in refused.value.message_dict


def test_a_request_without_approval_starts_its_tasks_at_once(world):
    from moked.fulfilment.selectors import tasks_of

    item = services.save_item(world.admin, world.folder, fulfilment_plan=plan(world))
    request = services.submit_request(world.requester, item, {"access": "mailbox"}, channel="portal")
    assert [task.title["en"] for task in tasks_of(world.agent, request.ticket)] == ["Grant the access"]


def test_a_request_waits_for_the_managers_approval_then_is_fulfilled(world):
    from moked.approvals.selectors import pending_for
    from moked.approvals.services import decide
    from moked.fulfilment.selectors import tasks_of

    request = request_needing_approval(world)
    request.ticket.refresh_from_db()
    assert request.ticket.status == lifecycle.AWAITING_APPROVAL
    assert not tasks_of(world.agent, request.ticket).exists()
    (approver,) = pending_for(world.manager)
    decide(world.manager, approver, approve=True, comment="Fine.", channel="portal")
    request.ticket.refresh_from_db()
    assert request.ticket.status != lifecycle.AWAITING_APPROVAL
    assert tasks_of(world.agent, request.ticket).count() == 1


def test_a_rejected_request_is_closed_without_fulfilment(world):
    from moked.approvals.selectors import pending_for
    from moked.approvals.services import decide
    from moked.fulfilment.selectors import tasks_of

    request = request_needing_approval(world)
    (approver,) = pending_for(world.manager)
    decide(world.manager, approver, approve=False, comment="Not now.", channel="portal")
    request.ticket.refresh_from_db()
    assert (request.ticket.status, request.ticket.resolution_code) == (lifecycle.CLOSED, "not_approved")
    assert not tasks_of(world.agent, request.ticket).exists()


def test_the_actions_audit_says_which_approval_allowed_them_and_who_approved(world):
    from moked.approvals.selectors import pending_for
    from moked.approvals.services import decide
    from moked.fulfilment.models import ActionRun

    world.requester.manager = world.manager
    world.requester.save()
    unlock = {"connector": "acme-ldap", "action": "unlock", "user": "requested_for"}
    item = services.save_item(
        world.admin,
        world.folder,
        approval_steps=[MANAGER_STEP],
        fulfilment_plan={"tasks": [], "actions": [unlock]},
    )
    request = services.submit_request(world.requester, item, {"access": "mailbox"}, channel="portal")
    assert not ActionRun.objects.exists()
    (approver,) = pending_for(world.manager)
    approval = decide(world.manager, approver, approve=True, channel="email")
    (run,) = ActionRun.objects.filter(ticket=request.ticket)
    assert (run.approval_id, run.approved_by) == (approval.pk, "Mira Manager")
