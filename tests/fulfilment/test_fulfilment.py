"""Fulfilling a request against the real slapd (conftest): tasks stage by stage, actions run by the
worker after the commit, audited, one-time secrets, failures left open for an agent, retries."""

import logging
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from moked.fulfilment import selectors, services
from moked.fulfilment.models import ActionRun, Connector, OneTimeSecret, Task
from moked.notifications.models import Notification
from moked.tickets.models import Comment, EventKind, TicketEvent
from tests.factories import AgentFactory, GroupFactory, PersonFactory, make_ticket

from .conftest import ADMIN_DN, ADMIN_PASSWORD, GROUPS, MFA_ATTRIBUTE, PEOPLE


@pytest.fixture
def desk(org):
    return GroupFactory(name="Identity desk")


@pytest.fixture
def fulfiller(org, desk):
    agent = AgentFactory(username="fulfiller", name="Fay Fulfiller", serves=[org])
    desk.members.add(agent)
    return agent


def ldap_connector(org, url, **changes) -> Connector:
    settings = {
        "url": url,
        "bind_dn": ADMIN_DN,
        "people_base": PEOPLE,
        "groups_base": GROUPS,
        "mfa_attribute": MFA_ATTRIBUTE,
    } | changes
    return Connector.objects.create(
        organisation=org,
        code="corp-ldap",
        name="Corporate LDAP",
        kind="ldap",
        settings=settings,
        secret=ADMIN_PASSWORD,
    )


def person_for(org, uid):
    return PersonFactory(organisation=org, username=uid, name=uid.title())


def start(ticket, plan, person, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        runs = services.start_fulfilment(
            ticket, plan, answers=kwargs.pop("answers", {}), requested_for=person, **kwargs
        )
    return runs


def test_a_group_membership_is_added_in_the_directory_and_the_request_resolves(
    org, slapd, directory, immediate, django_capture_on_commit_callbacks, desk
):
    ldap_connector(org, slapd)
    aino = person_for(org, directory.uid)
    ticket = make_ticket(requester=aino)
    plan = {
        "actions": [
            {
                "connector": "corp-ldap",
                "action": "add_to_group",
                "user": "requested_for",
                "group": "answer:share",
            }
        ]
    }
    start(
        ticket,
        plan,
        aino,
        django_capture_on_commit_callbacks,
        answers={"share": directory.group},
        approval=42,
        approved_by="Mira Manager",
        group=desk,
    )

    assert directory.dn(directory.uid).lower() in directory.members()
    run = ActionRun.objects.get(ticket=ticket)
    assert (run.status, run.approval_id, run.approved_by, run.attempts) == ("done", 42, "Mira Manager", 1)
    assert run.parameters == {
        "account": directory.uid,
        "group": directory.group,
        "group_dn": directory.group_dn,
    }
    event = TicketEvent.objects.get(ticket=ticket, kind=EventKind.ACTION_RUN)
    assert event.data["approval"] == 42 and event.data["approved_by"] == "Mira Manager"
    assert event.data["status"] == "done" and event.actor is None and not event.is_public
    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolution_code) == ("resolved", "solved")


def test_started_twice_the_actions_run_once(
    org, slapd, directory, immediate, django_capture_on_commit_callbacks
):
    ldap_connector(org, slapd)
    aino = person_for(org, directory.uid)
    ticket = make_ticket(requester=aino)
    plan = {"actions": [{"connector": "corp-ldap", "action": "unlock"}], "tasks": [{"title": "Call Aino"}]}
    first = start(ticket, plan, aino, django_capture_on_commit_callbacks)
    again = start(ticket, plan, aino, django_capture_on_commit_callbacks)
    assert [r.pk for r in again] == [r.pk for r in first]
    assert (
        ActionRun.objects.filter(ticket=ticket).count() == 1
        and Task.objects.filter(ticket=ticket).count() == 1
    )
    run = ActionRun.objects.get(ticket=ticket)
    assert (run.status, run.attempts) == ("unchanged", 1)  # was not locked
    assert services.run_action(run.pk) is None  # not pending: never run twice


def reset_password(org, slapd, directory, django_capture_on_commit_callbacks):
    """A password reset requested for the directory's person: (person, ticket, the link's token)."""
    ldap_connector(org, slapd)
    aino = person_for(org, directory.uid)
    ticket = make_ticket(requester=aino)
    plan = {"actions": [{"connector": "corp-ldap", "action": "reset_password"}]}
    start(ticket, plan, aino, django_capture_on_commit_callbacks)
    token = Notification.objects.get(recipient=aino).body.split("/secrets/")[1].split("/")[0]
    return aino, ticket, token


def test_a_reset_password_is_read_once_by_its_person_and_nowhere_else(
    org, slapd, directory, immediate, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.DEBUG)
    aino, ticket, token = reset_password(org, slapd, directory, django_capture_on_commit_callbacks)
    notification = Notification.objects.get(recipient=aino, kind="one_time_secret")
    other = PersonFactory(organisation=org)
    with pytest.raises(ValidationError):
        services.reveal_secret(other, token)  # not theirs
    password = services.reveal_secret(aino, token)
    assert directory.can_bind(directory.uid, password)
    with pytest.raises(ValidationError):
        services.reveal_secret(aino, token)  # once only
    secret = OneTimeSecret.objects.get()
    assert secret.read_at is not None and secret.value == "" and token not in secret.token_digest

    texts = [caplog.text, notification.subject, notification.body]
    texts += [str(e.data) for e in TicketEvent.objects.filter(ticket=ticket)]
    texts += [c.body for c in Comment.objects.filter(ticket=ticket)]
    texts += [str(r.parameters) + r.summary + r.error for r in ActionRun.objects.all()]
    assert all(password not in text for text in texts)


def test_an_expired_secret_is_not_shown(org, slapd, directory, immediate, django_capture_on_commit_callbacks):
    aino, _ticket, token = reset_password(org, slapd, directory, django_capture_on_commit_callbacks)
    later = timezone.now() + services.SECRET_LIFETIME + timedelta(minutes=1)
    with pytest.raises(ValidationError):
        services.reveal_secret(aino, token, at=later)
    assert services.forget_expired_secrets(later) == 1
    assert OneTimeSecret.objects.get().value == ""


def test_a_failing_action_leaves_the_request_open_with_the_error_then_a_retry_finishes_it(
    org, slapd, directory, immediate, django_capture_on_commit_callbacks, desk, fulfiller
):
    ldap_connector(org, slapd)
    aino = person_for(org, directory.uid)
    ticket = make_ticket(requester=aino)
    plan = {
        "actions": [
            {"connector": "corp-ldap", "action": "add_to_group", "group": "no-such-group"},
            {"connector": "corp-ldap", "action": "reset_mfa"},
        ]
    }
    start(ticket, plan, aino, django_capture_on_commit_callbacks, group=desk)

    first, second = ActionRun.objects.filter(ticket=ticket).order_by("position")
    assert first.status == "failed" and "No group 'no-such-group'" in first.error
    assert second.status == "pending"  # never half-done silently: what follows waits
    assert MFA_ATTRIBUTE in directory.read(directory.dn(directory.uid), MFA_ATTRIBUTE)
    ticket.refresh_from_db()
    assert ticket.is_open and ticket.group == desk
    note = Comment.objects.get(ticket=ticket, is_public=False)
    assert "failed" in note.body and "no-such-group" in note.body
    assert list(selectors.tasks_for(fulfiller)) == []

    with pytest.raises(PermissionDenied):
        services.retry_action(aino, first)
    # The agent mends the cause (the plan's group is created) and retries.
    directory.admin.add(
        f"cn=no-such-group,{GROUPS}",
        ["top", "groupOfNames"],
        {"cn": "no-such-group", "member": [directory.dn(directory.other_uid)]},
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_action(fulfiller, first)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.attempts, first.actor) == ("done", 2, fulfiller)
    assert second.status == "done"
    assert directory.read(directory.dn(directory.uid), MFA_ATTRIBUTE) == {}
    ticket.refresh_from_db()
    assert ticket.status == "resolved"
    kinds = [
        e.data["status"]
        for e in TicketEvent.objects.filter(ticket=ticket, kind=EventKind.ACTION_RUN).order_by("pk")
    ]
    assert kinds == ["failed", "done", "done"]


def test_a_connector_that_cannot_be_reached_is_a_failure_too(
    org, immediate, django_capture_on_commit_callbacks
):
    from tests.ports import free_port

    ldap_connector(org, f"ldap://127.0.0.1:{free_port()}", timeout=2)
    aino = person_for(org, "aino")
    ticket = make_ticket(requester=aino)
    start(
        ticket,
        {"actions": [{"connector": "corp-ldap", "action": "unlock"}]},
        aino,
        django_capture_on_commit_callbacks,
    )
    run = ActionRun.objects.get()
    assert run.status == "failed" and "Could not reach the LDAP server" in run.error
    ticket.refresh_from_db()
    assert ticket.is_open


def test_an_answer_the_request_lacks_fails_the_action(org, immediate, django_capture_on_commit_callbacks):
    aino = person_for(org, "aino")
    ticket = make_ticket(requester=aino)
    plan = {"actions": [{"connector": "corp-ldap", "action": "add_to_group", "group": "answer:share"}]}
    start(ticket, plan, aino, django_capture_on_commit_callbacks)
    run = ActionRun.objects.get()
    assert run.status == "failed" and "share" in run.error
    assert Comment.objects.filter(ticket=ticket, is_public=False).exists()


def test_tasks_open_stage_by_stage_and_the_request_resolves_when_all_are_done(
    org, desk, fulfiller, django_capture_on_commit_callbacks
):
    aino = person_for(org, "aino")
    ticket = make_ticket(requester=aino)
    plan = {
        "tasks": [
            {
                "title": {"en": "Order the laptop", "fi": "Tilaa kannettava"},
                "checklist": ["Model", "Dock"],
                "stage": 1,
            },
            {"title": "Order the badge", "stage": 1},
            {"title": "Hand them over", "stage": 2},
        ]
    }
    start(ticket, plan, aino, django_capture_on_commit_callbacks, group=desk)
    laptop, badge, hand_over = Task.objects.filter(ticket=ticket).order_by("position")
    assert [t.status for t in (laptop, badge, hand_over)] == ["open", "open", "waiting"]
    assert set(selectors.tasks_for(fulfiller)) == {laptop, badge}
    assert list(selectors.tasks_of(aino, ticket)) == [laptop, badge, hand_over]
    assert list(selectors.action_runs_of(aino, ticket)) == []

    with pytest.raises(ValidationError):
        services.complete_task(fulfiller, hand_over)  # not open yet
    laptop = services.check_item(fulfiller, laptop, 0)
    assert [item["done"] for item in laptop.checklist] == [True, False]
    services.complete_task(fulfiller, laptop)
    hand_over.refresh_from_db()
    assert hand_over.status == "waiting"
    services.complete_task(fulfiller, badge)
    hand_over.refresh_from_db()
    assert hand_over.status == "open"
    ticket.refresh_from_db()
    assert ticket.status == "new"
    done = services.complete_task(fulfiller, hand_over)
    assert done.done_by == fulfiller and done.done_at is not None
    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolution_code) == ("resolved", "solved")
    assert TicketEvent.objects.filter(ticket=ticket, kind=EventKind.TASK_CHANGED).count() == 7


def test_only_staff_serving_the_request_complete_its_tasks(org, desk, django_capture_on_commit_callbacks):
    aino = person_for(org, "aino")
    ticket = make_ticket(requester=aino)
    start(ticket, {"tasks": [{"title": "Order the laptop"}]}, aino, django_capture_on_commit_callbacks)
    task = Task.objects.get()
    stranger = AgentFactory(serves=[])
    for person in (aino, stranger):
        with pytest.raises(PermissionDenied):
            services.complete_task(person, task)
    assert list(selectors.tasks_of(stranger, ticket)) == []


def test_a_dry_run_of_a_plan_changes_nothing(org, slapd, directory, admin, agent):
    ldap_connector(org, slapd)
    aino = person_for(org, directory.uid)
    before = directory.snapshot()
    plan = {
        "actions": [
            {"connector": "corp-ldap", "action": "add_to_group", "group": directory.group},
            {"connector": "corp-ldap", "action": "reset_password"},
            {"connector": "other", "action": "unlock"},
        ]
    }
    outcome = services.dry_run_plan(admin, plan, organisation=org, answers={}, requested_for=aino)
    assert [o["status"] for o in outcome] == ["dry_run", "dry_run", "failed"]
    assert outcome[0]["summary"].startswith("Would add") and outcome[0]["changes"]
    assert "no connector other" in outcome[2]["error"]
    assert directory.snapshot() == before
    assert not ActionRun.objects.exists()
    with pytest.raises(PermissionDenied):
        services.dry_run_plan(agent, plan, organisation=org, answers={}, requested_for=aino)


def test_a_closed_request_cancels_its_tasks_and_waiting_actions(
    org, agent, django_capture_on_commit_callbacks
):
    from moked.tickets import services as tickets

    aino = person_for(org, "aino")
    ticket = make_ticket(requester=aino)
    plan = {
        "tasks": [{"title": "A"}, {"title": "B", "stage": 2}],
        "actions": [{"connector": "x", "action": "unlock"}],
    }
    with django_capture_on_commit_callbacks(execute=False):
        services.start_fulfilment(ticket, plan, answers={}, requested_for=aino)
    ticket = tickets.change_status(agent, ticket, "resolved", resolution_code="cancelled")
    assert Task.objects.filter(status="open").count() == 1  # resolved can still be reopened
    tickets.change_status(agent, ticket, "closed")
    assert set(Task.objects.values_list("status", flat=True)) == {"cancelled"}
    assert ActionRun.objects.get().status == "cancelled"
    assert services.run_pending(ticket.pk) == []


def test_a_run_whose_worker_died_can_be_retried_once_it_is_stuck(
    org, fulfiller, django_capture_on_commit_callbacks
):
    aino = person_for(org, "aino")
    ticket = make_ticket(requester=aino)
    start(
        ticket,
        {"actions": [{"connector": "x", "action": "unlock"}]},
        aino,
        django_capture_on_commit_callbacks,
    )
    run = ActionRun.objects.get()
    ActionRun.objects.filter(pk=run.pk).update(status="running", started_at=timezone.now())
    run.refresh_from_db()
    with pytest.raises(ValidationError):
        services.retry_action(fulfiller, run)  # still running, as far as anyone knows
    ActionRun.objects.filter(pk=run.pk).update(
        started_at=timezone.now() - services.STUCK_AFTER - timedelta(minutes=1)
    )
    run.refresh_from_db()
    assert services.retry_action(fulfiller, run).status == "pending"


def test_a_request_awaiting_approval_is_not_fulfilled(org):
    from moked.tickets import services as tickets

    aino = person_for(org, "aino")
    ticket = tickets.change_status(None, make_ticket(requester=aino), "awaiting_approval", by_approval=True)
    with pytest.raises(ValidationError):
        services.start_fulfilment(ticket, {"tasks": [{"title": "A"}]}, answers={}, requested_for=aino)
    assert not Task.objects.exists()
