"""Delegation: someone away names who decides for them, for a period."""

from datetime import timedelta

import pytest
import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from moked.approvals import selectors, services
from moked.approvals.models import Approver, Delegation
from moked.tickets.models import EventChannel, TicketEvent

from .conftest import step

PORTAL = EventChannel.PORTAL


def away(world, person, delegate, days=14):
    now = timezone.now()
    return services.set_delegation(
        person, delegate=delegate, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=days)
    )


def test_the_delegate_decides_while_the_manager_is_away_and_it_is_recorded(world, make_request):
    away(world, world.mikko, world.boss)
    ticket = make_request()
    approval = services.start_approval(ticket, [step()], subject_person=world.aino, channel=PORTAL)
    asked = Approver.objects.get(step__approval=approval)
    assert [row.pk for row in selectors.pending_for(world.boss)] == [asked.pk]
    assert [row.pk for row in selectors.pending_for(world.mikko)] == [asked.pk]  # still his own
    assert list(selectors.pending_for(world.colleague)) == []
    assert rules.has_perm("tickets.view_ticket", world.boss, ticket)
    approval = services.decide(world.boss, asked, approve=True, comment="For Mikko", channel=PORTAL)
    assert approval.status == "approved"
    asked.refresh_from_db()
    assert asked.person == world.mikko and asked.decided_by == world.boss
    event = TicketEvent.objects.get(ticket=ticket, kind="approval_decided")
    assert event.actor == world.boss and event.data["for_someone_away"] is True


def test_delegation_is_followed_through_delegates_who_are_away_too(world, make_request):
    away(world, world.mikko, world.boss)
    away(world, world.boss, world.boss2)
    approval = services.start_approval(make_request(), [step()], subject_person=world.aino, channel=PORTAL)
    asked = Approver.objects.get(step__approval=approval)
    with pytest.raises(PermissionDenied):
        services.decide(world.colleague, asked, approve=True, channel=PORTAL)
    assert services.decide(world.boss2, asked, approve=True, channel=PORTAL).status == "approved"


def test_an_ended_delegation_no_longer_lets_the_delegate_decide(world, make_request):
    delegation = away(world, world.mikko, world.boss)
    approval = services.start_approval(make_request(), [step()], subject_person=world.aino, channel=PORTAL)
    services.end_delegation(world.mikko, delegation)
    asked = Approver.objects.get(step__approval=approval)
    assert list(selectors.pending_for(world.boss)) == []
    with pytest.raises(PermissionDenied):
        services.decide(world.boss, asked, approve=True, channel=PORTAL)


def test_a_delegate_of_another_organisation_or_side_is_refused(world):
    now = timezone.now()
    for person, delegate in [
        (world.mikko, world.outsider),
        (world.mikko, world.agent),
        (world.owner, world.boss),
    ]:
        with pytest.raises(ValidationError):
            services.set_delegation(person, delegate=delegate, starts_at=now, ends_at=now + timedelta(days=1))
    with pytest.raises(ValidationError):
        services.set_delegation(
            world.mikko, delegate=world.mikko, starts_at=now, ends_at=now + timedelta(days=1)
        )
    with pytest.raises(ValidationError):
        services.set_delegation(
            world.mikko, delegate=world.boss, starts_at=now, ends_at=now - timedelta(days=1)
        )
    assert not Delegation.objects.exists()


def test_delegations_cannot_loop_nor_overlap(world):
    now = timezone.now()
    services.set_delegation(world.mikko, delegate=world.boss, starts_at=now, ends_at=now + timedelta(days=10))
    services.set_delegation(
        world.boss, delegate=world.boss2, starts_at=now + timedelta(days=2), ends_at=now + timedelta(days=5)
    )
    with pytest.raises(ValidationError) as loop:
        services.set_delegation(
            world.boss2,
            delegate=world.mikko,
            starts_at=now + timedelta(days=4),
            ends_at=now + timedelta(days=20),
        )
    assert "delegate" in loop.value.message_dict
    # after the middle link ends, no loop: allowed
    services.set_delegation(
        world.boss2, delegate=world.mikko, starts_at=now + timedelta(days=6), ends_at=now + timedelta(days=20)
    )
    with pytest.raises(ValidationError):  # Mikko already has a delegate then
        services.set_delegation(
            world.mikko,
            delegate=world.colleague,
            starts_at=now + timedelta(days=9),
            ends_at=now + timedelta(days=12),
        )


def test_only_admins_set_someone_elses_delegation(world):
    from tests.factories import AdminFactory

    now = timezone.now()
    with pytest.raises(PermissionDenied):
        services.set_delegation(
            world.colleague,
            person=world.mikko,
            delegate=world.boss,
            starts_at=now,
            ends_at=now + timedelta(days=1),
        )
    made = services.set_delegation(
        AdminFactory(),
        person=world.mikko,
        delegate=world.boss,
        starts_at=now,
        ends_at=now + timedelta(days=1),
    )
    with pytest.raises(PermissionDenied):
        services.end_delegation(world.colleague, made)
    assert Delegation.objects.count() == 1
