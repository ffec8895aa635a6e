"""Starting an approval, deciding it (all / any / at least n, chains of steps) and what the
ticket and the requester see at the end."""

import pytest
import rules
from django.core.exceptions import PermissionDenied, ValidationError

from moked.approvals import services
from moked.approvals.models import Approval, ApprovalStep, Approver
from moked.approvals.signals import approval_ended
from moked.notifications.models import Notification
from moked.tickets.models import EventChannel, EventKind, TicketEvent
from moked.tickets.services import change_status

from .conftest import MONDAY, step

PORTAL = EventChannel.PORTAL


def start(world, ticket, *steps, at=MONDAY):
    return services.start_approval(ticket, list(steps), subject_person=world.aino, channel=PORTAL, at=at)


def approver(approval, person) -> Approver:
    return Approver.objects.get(step__approval=approval, person=person)


def kinds(ticket):
    return list(TicketEvent.objects.filter(ticket=ticket).values_list("kind", flat=True))


@pytest.fixture
def ended():
    seen = []

    def receiver(sender, approval, ticket, outcome, **kwargs):
        ticket.refresh_from_db()
        seen.append((approval.pk, ticket.status, outcome))

    approval_ended.connect(receiver)
    yield seen
    approval_ended.disconnect(receiver)


def test_nothing_to_approve_starts_nothing(world, make_request):
    ticket = make_request()
    assert services.start_approval(ticket, [], subject_person=world.aino, channel=PORTAL) is None
    ticket.refresh_from_db()
    assert ticket.status == "new" and not Approval.objects.exists()


def test_an_unusable_chain_is_refused_with_its_reasons_and_changes_nothing(world, make_request):
    ticket = make_request()
    with pytest.raises(ValidationError) as refused:
        start(world, ticket, {"name": {"en": "x"}, "approvers": [], "rule": "most"})
    assert "Step 1 needs at least one approver." in str(refused.value)
    ticket.refresh_from_db()
    assert ticket.status == "new" and not Approval.objects.exists()


def test_starting_asks_the_manager_in_his_language_and_the_ticket_waits(world, make_request):
    ticket = make_request()
    approval = start(world, ticket, step(remind=4, expire=16))
    ticket.refresh_from_db()
    assert ticket.status == "awaiting_approval"
    assert approval.status == "pending" and approval.current_step == 0
    assert EventKind.APPROVAL_REQUESTED in kinds(ticket)
    asked = approver(approval, world.mikko)
    assert asked.via == "manager" and asked.link_digest and asked.link_sent_to == world.mikko
    notification = Notification.objects.get(recipient=world.mikko, kind="approval_request")
    assert notification.ticket == ticket
    assert "/approvals/decide/" in notification.body
    assert ticket.reference in notification.subject
    assert "Manager (fi)" in notification.body  # the step's name in Finnish
    assert "Hyväksy" in notification.body or "hyväksy" in notification.body.lower()


def test_the_manager_approves_and_the_request_goes_on(world, make_request, ended):
    ticket = make_request()
    approval = start(world, ticket, step())
    approval = services.decide(
        world.mikko, approver(approval, world.mikko), approve=True, comment="Fine by me", channel=PORTAL
    )
    ticket.refresh_from_db()
    assert approval.status == "approved" and approval.ended_at is not None
    assert ticket.status == "new"
    decided = TicketEvent.objects.get(ticket=ticket, kind=EventKind.APPROVAL_DECIDED)
    assert decided.actor == world.mikko and decided.data["comment"] == "Fine by me"
    assert decided.data["decision"] == "approved"
    assert TicketEvent.objects.filter(ticket=ticket, kind=EventKind.APPROVAL_ENDED).exists()
    assert ended == [(approval.pk, "new", "approved")]


def test_an_approved_ticket_with_an_assignee_goes_back_to_them(world, make_request):
    from moked.tickets.services import update_ticket

    ticket = make_request()
    approval = start(world, ticket, step())
    ticket = update_ticket(world.agent, ticket, {"assignee": world.agent})
    assert ticket.status == "awaiting_approval"  # an agent may take it while it waits
    services.decide(world.mikko, approver(approval, world.mikko), approve=True, channel=PORTAL)
    ticket.refresh_from_db()
    assert ticket.status == "assigned"


@pytest.mark.parametrize(
    ("language", "words"),
    [("fi", "ei hyväksytty"), ("he", "לא אושרה"), ("fa", "تأیید نشد")],
)
def test_a_rejection_closes_the_request_and_tells_the_requester_in_her_language(
    world, make_request, ended, language, words
):
    world.aino.language = language
    world.aino.save()
    ticket = make_request()
    approval = start(world, ticket, step())
    approval = services.decide(
        world.mikko, approver(approval, world.mikko), approve=False, comment="Not this year", channel=PORTAL
    )
    ticket.refresh_from_db()
    assert approval.status == "rejected"
    assert ticket.status == "closed" and ticket.resolution_code == "not_approved"
    assert "Not this year" in ticket.resolution_text and "Mikko Manager" in ticket.resolution_text
    told = Notification.objects.get(recipient=world.aino, kind="approval_rejected")
    assert words in told.subject + told.body
    assert "Not this year" in told.body
    assert ended == [(approval.pk, "closed", "rejected")]


def test_all_must_approve_and_the_first_rejection_decides(world, make_request):
    ticket = make_request()
    group = {"kind": "group", "group": world.purchasing.pk}
    approval = start(world, ticket, step(group, rule="all", name="Purchasing"))
    services.decide(world.buyer1, approver(approval, world.buyer1), approve=True, channel=PORTAL)
    services.decide(world.buyer2, approver(approval, world.buyer2), approve=True, channel=PORTAL)
    approval.refresh_from_db()
    assert approval.status == "pending"
    approval = services.decide(world.buyer3, approver(approval, world.buyer3), approve=False, channel=PORTAL)
    assert approval.status == "rejected"


def test_any_one_approval_suffices(world, make_request):
    ticket = make_request()
    approval = start(world, ticket, step({"kind": "client_managers"}, rule="any", name="Managers"))
    assert set(Approver.objects.filter(step__approval=approval).values_list("person", flat=True)) == {
        world.boss.pk,
        world.boss2.pk,
    }
    services.decide(world.boss, approver(approval, world.boss), approve=False, channel=PORTAL)
    approval.refresh_from_db()
    assert approval.status == "pending"
    approval = services.decide(world.boss2, approver(approval, world.boss2), approve=True, channel=PORTAL)
    assert approval.status == "approved"
    # the step is over: the other approvers' links are spent
    assert not Approver.objects.filter(step__approval=approval).exclude(link_digest="").exists()


def test_two_of_three_and_a_decided_step_takes_no_more_decisions(world, make_request):
    ticket = make_request()
    group = {"kind": "group", "group": world.purchasing.pk}
    approval = start(world, ticket, step(group, rule="at_least", count=2, name="Purchasing"))
    services.decide(world.buyer1, approver(approval, world.buyer1), approve=True, channel=PORTAL)
    services.decide(world.buyer2, approver(approval, world.buyer2), approve=False, channel=PORTAL)
    approval = services.decide(world.buyer3, approver(approval, world.buyer3), approve=True, channel=PORTAL)
    assert approval.status == "approved"
    with pytest.raises(ValidationError):
        services.decide(world.buyer2, approver(approval, world.buyer2), approve=True, channel=PORTAL)


def test_steps_run_in_order_and_later_approvers_are_asked_only_when_their_step_starts(world, make_request):
    ticket = make_request()
    approval = start(world, ticket, step(), step({"kind": "service_owner"}, name="Owner"), at=MONDAY)
    assert not Approver.objects.filter(person=world.owner).exists()  # no service on the ticket yet
    ticket2 = make_request(service=world.service)
    approval2 = services.start_approval(
        ticket2,
        [step(), step({"kind": "service_owner"}, name="Owner")],
        subject_person=world.aino,
        channel=PORTAL,
        at=MONDAY,
    )
    assert not Approver.objects.filter(step__approval=approval2, person=world.owner).exists()
    services.decide(world.mikko, approver(approval2, world.mikko), approve=True, channel=PORTAL)
    approval2.refresh_from_db()
    assert approval2.current_step == 1 and approval2.status == "pending"
    owner = approver(approval2, world.owner)
    assert owner.via == "service_owner"
    assert Notification.objects.filter(recipient=world.owner, kind="approval_request").exists()
    approval2 = services.decide(world.owner, owner, approve=True, channel=PORTAL)
    assert approval2.status == "approved"
    # the first ticket had no service: its second step had nobody to ask
    services.decide(world.mikko, approver(approval, world.mikko), approve=True, channel=PORTAL)
    approval.refresh_from_db()
    # the reason, kept as the ticket's resolution, is in the requester's language (Finnish)
    assert approval.status == "rejected" and approval.reason == (
        "Vaiheen ”Owner (fi)” hyväksyntää ei voitu pyytää keneltäkään."
    )
    assert ApprovalStep.objects.get(approval=approval, position=1).status == "rejected"


def test_a_step_with_nobody_to_ask_rejects_the_request_with_that_reason(world, make_request):
    world.aino.manager = None
    world.aino.save()
    ticket = make_request()
    approval = start(world, ticket, step())
    ticket.refresh_from_db()
    assert approval.status == "rejected"
    assert ticket.status == "closed" and ticket.resolution_code == "not_approved"
    told = Notification.objects.get(recipient=world.aino, kind="approval_rejected")
    assert "Manager (fi)" in told.body


def test_nobody_approves_their_own_request(world, make_request):
    ticket = make_request(world.boss)
    approval = services.start_approval(
        ticket, [step({"kind": "client_managers"}, rule="any")], subject_person=world.boss, channel=PORTAL
    )
    assert list(Approver.objects.filter(step__approval=approval).values_list("person", flat=True)) == [
        world.boss2.pk
    ]


def test_only_the_approver_decides(world, make_request):
    ticket = make_request()
    approval = start(world, ticket, step())
    asked = approver(approval, world.mikko)
    for someone in (world.colleague, world.boss, world.agent, world.outsider):
        with pytest.raises(PermissionDenied):
            services.decide(someone, asked, approve=True, channel=PORTAL)
    asked.refresh_from_db()
    assert asked.decision == "pending"


def test_closing_a_waiting_request_cancels_its_approval(world, make_request, ended):
    ticket = make_request()
    approval = start(world, ticket, step(remind=2, expire=8))
    change_status(
        world.agent, ticket, "closed", resolution_code="cancelled", resolution_text="No longer needed"
    )
    approval.refresh_from_db()
    assert approval.status == "cancelled"
    assert ApprovalStep.objects.get(approval=approval).status == "cancelled"
    assert ApprovalStep.objects.get(approval=approval).expire_at is None
    assert ended == [(approval.pk, "closed", "cancelled")]
    with pytest.raises(ValidationError):
        services.decide(world.mikko, approver(approval, world.mikko), approve=True, channel=PORTAL)


def test_the_approvers_ticket_lists_and_notifications_show_what_they_are_asked_about(world, make_request):
    """The lists (tickets.selectors.visible_tickets) agree with the rule: an end user asked to
    approve finds the ticket and the notification about it; a colleague finds neither."""
    from moked.notifications.selectors import notifications_for
    from moked.tickets.selectors import visible_tickets

    ticket = make_request()
    assert not visible_tickets(world.mikko).filter(pk=ticket.pk).exists()
    start(world, ticket, step())
    assert visible_tickets(world.mikko).filter(pk=ticket.pk).exists()
    assert notifications_for(world.mikko).filter(ticket=ticket).exists()
    assert not visible_tickets(world.colleague).filter(pk=ticket.pk).exists()
    assert not visible_tickets(world.outsider).filter(pk=ticket.pk).exists()


def test_the_approver_sees_the_ticket_and_a_colleague_of_the_same_organisation_does_not(world, make_request):
    ticket = make_request()
    assert not rules.has_perm("tickets.view_ticket", world.mikko, ticket)
    start(world, ticket, step())
    assert rules.has_perm("tickets.view_ticket", world.mikko, ticket)
    assert not rules.has_perm("tickets.view_ticket", world.colleague, ticket)
    assert not rules.has_perm("tickets.view_ticket", world.outsider, ticket)
    assert rules.has_perm("tickets.view_ticket", world.aino, ticket)  # as before
    world.mikko.is_active = False
    world.mikko.save()
    assert not rules.has_perm("tickets.view_ticket", world.mikko, ticket)
