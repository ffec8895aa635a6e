"""Deciding from e-mail: the signed single-use link, and a reply whose first word decides."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from moked.approvals import services
from moked.approvals.models import Approver, Delegation
from moked.notifications.models import Notification
from moked.tickets.models import EventChannel, TicketEvent

from .conftest import MONDAY, step


def start(world, ticket, *steps):
    return services.start_approval(
        ticket, list(steps), subject_person=world.aino, channel=EventChannel.PORTAL, at=MONDAY
    )


def token_sent_to(person) -> str:
    body = Notification.objects.filter(recipient=person).order_by("-pk").first().body
    return re.search(r"/approvals/decide/([^/\s]+)/", body).group(1)


def test_the_link_decides_once_and_is_then_spent(world, make_request):
    ticket = make_request()
    approval = start(world, ticket, step())
    token = token_sent_to(world.mikko)
    assert services.decision_link_path(token) == f"/approvals/decide/{token}/"
    assert services.approver_for_link(token).person == world.mikko
    assert token not in Approver.objects.get(person=world.mikko).link_digest  # only a digest is kept
    approval = services.decide_by_link(token, approve=True, comment="ok")
    assert approval.status == "approved"
    decided = Approver.objects.get(person=world.mikko)
    assert decided.decided_by == world.mikko and decided.channel == "email" and decided.comment == "ok"
    with pytest.raises(ValidationError):
        services.approver_for_link(token)
    with pytest.raises(ValidationError):
        services.decide_by_link(token, approve=False)


def test_a_forged_or_altered_link_is_refused(world, make_request):
    start(world, make_request(), step())
    token = token_sent_to(world.mikko)
    for bad in ("", "x" * 1000, token[:-1] + ("A" if token[-1] != "A" else "B"), "garbage:abc:def"):
        with pytest.raises(ValidationError):
            services.approver_for_link(bad)
    assert Approver.objects.get(person=world.mikko).decision == "pending"


def test_a_link_expires(world, make_request, settings):
    from django.core import signing

    start(world, make_request(), step())
    token = token_sent_to(world.mikko)
    signed = signing.TimestampSigner(salt=services.LINK_SALT).unsign_object(token)
    old = signing.TimestampSigner(salt=services.LINK_SALT)
    # A token signed 31 days ago for the same approver is too old, even with its digest stored.
    old.timestamp = lambda: signing.b62_encode(int((MONDAY - timedelta(days=400)).timestamp()))
    stale = old.sign_object(signed)
    Approver.objects.filter(person=world.mikko).update(link_digest=services._digest(stale))
    with pytest.raises(ValidationError):
        services.approver_for_link(stale)


def test_a_reply_approves_or_rejects_by_its_first_word_in_four_languages(world, make_request):
    replies = {
        "Hyväksyn, kiitos": "approved",
        "מאשר": "approved",
        "رد می‌کنم": "rejected",
        "Reject: budget": "rejected",
    }
    for text, outcome in replies.items():
        ticket = make_request()
        approval = start(world, ticket, step())
        asked = Approver.objects.get(step__approval=approval, person=world.mikko)
        approval = services.decide_by_reply(world.mikko, asked, text)
        assert approval.status == outcome, text
        assert TicketEvent.objects.get(ticket=ticket, kind="approval_decided").channel == "email"


def test_a_reply_that_says_neither_decides_nothing_and_a_stranger_cannot_reply(world, make_request):
    approval = start(world, make_request(), step())
    asked = Approver.objects.get(step__approval=approval, person=world.mikko)
    assert services.decide_by_reply(world.mikko, asked, "Yes, no problem") is None
    with pytest.raises(PermissionDenied):
        services.decide_by_reply(world.colleague, asked, "approve")
    asked.refresh_from_db()
    assert asked.decision == "pending"


def test_a_link_sent_to_a_delegate_decides_as_the_delegate(world, make_request):
    Delegation.objects.create(
        person=world.mikko,
        delegate=world.boss,
        starts_at=MONDAY - timedelta(days=1),
        ends_at=MONDAY + timedelta(days=30),
    )
    start(world, make_request(), step())
    assert not Notification.objects.filter(recipient=world.mikko).exists()
    token = token_sent_to(world.boss)
    approval = services.decide_by_link(token, approve=True, at=MONDAY)
    assert approval.status == "approved"
    decided = Approver.objects.get(person=world.mikko)
    assert decided.decided_by == world.boss


def test_a_link_sent_to_a_delegate_stops_working_when_the_delegation_ends(world, make_request):
    Delegation.objects.create(
        person=world.mikko,
        delegate=world.boss,
        starts_at=MONDAY - timedelta(days=1),
        ends_at=MONDAY + timedelta(days=1),
    )
    start(world, make_request(), step())
    with pytest.raises(PermissionDenied):
        services.decide_by_link(token_sent_to(world.boss), approve=True, at=MONDAY + timedelta(days=2))
    assert Approver.objects.get(person=world.mikko).decision == "pending"


def test_a_reply_about_a_ticket_finds_what_its_sender_is_asked(world, make_request):
    from moked.approvals import selectors

    ticket = make_request()
    start(world, ticket, step())
    asked = selectors.pending_on_ticket(world.mikko, ticket)
    assert asked.person == world.mikko
    assert selectors.pending_on_ticket(world.colleague, ticket) is None
    assert services.decide_by_reply(world.mikko, asked, "hyväksytty").status == "approved"
    assert selectors.pending_on_ticket(world.mikko, ticket) is None
