"""Reminders and expiry in the organisation's business time, found by the sweep, and the SLA
clock that does not run while a request waits for its approval."""

import re
from datetime import timedelta

from moked.approvals import services
from moked.approvals.models import Approval, ApprovalStep, Approver
from moked.notifications.models import Notification
from moked.tickets.models import EventChannel, TicketEvent

from .conftest import at, step

# Friday 11 December 2026, 14:00 in Helsinki (office hours Mon-Fri 08:00-16:00): four business
# hours later is Monday 10:00, eight is Monday 14:00. The weekend does not count.
FRIDAY = at(2026, 12, 11, 14, 0)
SATURDAY = at(2026, 12, 12, 12, 0)
MONDAY_10 = at(2026, 12, 14, 10, 0)
MONDAY_14 = at(2026, 12, 14, 14, 0)


def start(world, ticket, *steps, when=FRIDAY):
    return services.start_approval(
        ticket, list(steps), subject_person=world.aino, channel=EventChannel.PORTAL, at=when
    )


def test_reminder_and_expiry_count_business_hours_over_the_weekend(world, make_request):
    approval = start(world, make_request(at=FRIDAY), step(remind=4, expire=8))
    first = ApprovalStep.objects.get(approval=approval)
    assert (first.remind_at, first.expire_at) == (MONDAY_10, MONDAY_14)


def test_the_sweep_reminds_when_due_and_only_then(world, make_request):
    approval = start(world, make_request(at=FRIDAY), step(remind=4, expire=8))
    first_link = Approver.objects.get(step__approval=approval).link_digest
    assert services.sweep(SATURDAY) == {"reminded": 0, "expired": 0}
    assert services.sweep(MONDAY_10) == {"reminded": 1, "expired": 0}
    reminder = Notification.objects.get(recipient=world.mikko, kind="approval_reminder")
    assert re.search(r"/approvals/decide/[^/\s]+/", reminder.body)
    asked = Approver.objects.get(step__approval=approval)
    assert asked.link_digest and asked.link_digest != first_link  # the reminder's link replaces the first
    reminded = ApprovalStep.objects.get(approval=approval)
    assert reminded.reminders_sent == 1
    assert reminded.remind_at is None  # the next one would come after the expiry
    assert services.sweep(MONDAY_10 + timedelta(minutes=5)) == {"reminded": 0, "expired": 0}


def test_an_expired_step_rejects_the_request(world, make_request):
    ticket = make_request(at=FRIDAY)
    approval = start(world, ticket, step(expire=8))
    assert services.sweep(MONDAY_14 - timedelta(minutes=1))["expired"] == 0
    assert services.sweep(MONDAY_14) == {"reminded": 0, "expired": 1}
    approval.refresh_from_db()
    ticket.refresh_from_db()
    assert approval.status == "rejected" and "ajoissa" in approval.reason  # in time, in Finnish
    assert ticket.status == "closed" and ticket.resolution_code == "not_approved"
    assert TicketEvent.objects.get(ticket=ticket, kind="approval_decided").data["decision"] == "expired"
    assert Notification.objects.filter(recipient=world.aino, kind="approval_rejected").exists()
    assert services.sweep(MONDAY_14 + timedelta(hours=1)) == {"reminded": 0, "expired": 0}


def test_an_escalated_step_asks_the_managers_and_any_one_of_them_decides(world, make_request):
    world.mikko.manager = world.colleague  # Ville manages Mikko
    world.mikko.save()
    ticket = make_request(at=FRIDAY)
    approval = start(world, ticket, step(expire=8, on_expiry="escalate"))
    assert services.sweep(MONDAY_14)["expired"] == 1
    approval.refresh_from_db()
    assert approval.status == "pending"
    escalated = ApprovalStep.objects.get(approval=approval)
    assert escalated.escalated_at == MONDAY_14 and escalated.rule == "any"
    assert escalated.expire_at == at(2026, 12, 15, 14, 0)  # eight business hours later
    asked = {a.person_id: a.via for a in Approver.objects.filter(step=escalated)}
    assert asked == {
        world.mikko.pk: "manager",
        world.colleague.pk: "escalation",
        world.boss.pk: "escalation",
        world.boss2.pk: "escalation",
    }
    assert Notification.objects.filter(recipient=world.boss, kind="approval_request").exists()
    boss = Approver.objects.get(step=escalated, person=world.boss)
    approval = services.decide(world.boss, boss, approve=True, channel=EventChannel.WEB, at=MONDAY_14)
    assert approval.status == "approved"


def test_an_escalated_step_that_expires_again_is_rejected(world, make_request):
    approval = start(world, make_request(at=FRIDAY), step(expire=8, on_expiry="escalate"))
    services.sweep(MONDAY_14)
    assert services.sweep(at(2026, 12, 15, 14, 0))["expired"] == 1
    approval.refresh_from_db()
    assert approval.status == "rejected"


def test_a_sweep_with_nothing_due_reads_two_ranges_of_the_indexes(
    world, make_request, django_assert_num_queries
):
    for _ in range(3):
        start(world, make_request(at=FRIDAY), step(remind=4, expire=8))
    with django_assert_num_queries(2):
        services.sweep(SATURDAY)


def test_the_resolution_clock_pauses_while_the_request_waits(world, make_request, db):
    from moked.businesstime.services import create_calendar
    from moked.sla.models import SlaClock, SlaSegment
    from moked.sla.services import create_policy
    from tests.factories import AdminFactory

    admin = AdminFactory()
    calendar = create_calendar(
        admin, organisation=world.org, name="Toimisto", timezone="Europe/Helsinki", country="FI"
    )
    create_policy(
        admin,
        organisation=world.org,
        name="Standard",
        calendar=calendar,
        first_response_minutes=60,
        next_response_minutes=120,
        resolution_minutes=540,
    )
    ticket = make_request(at=FRIDAY)
    approval = start(world, ticket, step())
    resolution = SlaClock.objects.get(ticket=ticket, kind="resolution")
    assert resolution.status == "paused"
    assert list(SlaSegment.objects.filter(clock=resolution).values_list("counting", "reason")) == [
        (True, "started"),
        (False, "awaiting_approval"),
    ]
    asked = Approver.objects.get(step__approval=approval)
    services.decide(world.mikko, asked, approve=True, channel=EventChannel.PORTAL, at=MONDAY_10)
    resolution.refresh_from_db()
    assert resolution.status == "running"
    # 0 minutes counted while waiting: 540 business minutes from Monday 10:00 is Tuesday 11:00
    assert resolution.due_at == at(2026, 12, 15, 11, 0)
    assert Approval.objects.get().status == "approved"


def test_reminders_cost_the_same_queries_for_one_or_many_and_speak_each_language(world, make_request):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world.mikko.language = ""  # reads his organisation's: Finnish
    world.mikko.save()
    start(world, make_request(at=FRIDAY), step(remind=4, expire=8))
    with CaptureQueriesContext(connection) as one:
        assert services.sweep(MONDAY_10)["reminded"] == 1
    for _ in range(4):
        start(world, make_request(at=FRIDAY), step(remind=4, expire=8))
    with CaptureQueriesContext(connection) as many:
        assert services.sweep(MONDAY_10)["reminded"] == 4
    assert len(many) == len(one)
    reminder = Notification.objects.filter(recipient=world.mikko, kind="approval_reminder").first()
    assert reminder.subject.startswith("Muistutus")
    assert "2026-12-14 14:00 EET" in reminder.body  # the expiry in Helsinki time


def test_the_worker_sweeps_every_minute(world, make_request):
    from moked.approvals.tasks import sweep_approvals

    start(world, make_request(at=FRIDAY), step(), when=FRIDAY)  # no reminder, no expiry
    assert sweep_approvals.call_local() == {"reminded": 0, "expired": 0}
    assert sweep_approvals.task_class().validate_datetime(at(2026, 12, 14, 10, 7))  # every minute
