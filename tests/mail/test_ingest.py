"""A message reaching a mailbox: stored, processed once, and onto the right ticket."""

from datetime import timedelta
from email.utils import make_msgid

import pytest
import time_machine
from django.utils import timezone

from moked.mail.ingest import ingest, reprocess, store
from moked.mail.models import InboundMessage
from moked.people.models import Person
from moked.tickets import services
from moked.tickets.models import Comment, Ticket, TicketFollower, TicketLink
from moked.tickets.services import linking
from tests.factories import OrganisationFactory, PersonFactory

from .conftest import DESK, mail, received_by_mta

pytestmark = pytest.mark.django_db


def take(raw: bytes, to: str = DESK):
    return ingest(raw, to=to, source=InboundMessage.Source.GATE)


def test_a_customer_mail_opens_a_ticket(mailbox, customer):
    result = take(mail(body="Since this morning the printer prints blank pages.\n\nDana"))
    assert (result.outcome, result.ticket) == ("ticket", "INC-000001")
    ticket = Ticket.objects.get()
    assert (ticket.requester, ticket.channel, ticket.subject) == (
        customer,
        "email",
        "Printer on floor 2 prints blank pages",
    )
    assert "blank pages" in ticket.description
    stored = InboundMessage.objects.get()
    assert (stored.status, stored.outcome, stored.ticket, stored.sender) == (
        "processed",
        "ticket",
        ticket,
        "dana@acme.example",
    )


def test_the_raw_message_is_kept_whole_under_its_hash(mailbox, customer):
    raw = mail()
    take(raw)
    stored = InboundMessage.objects.get()
    with stored.raw.open("rb") as file:
        assert file.read() == raw
    assert stored.raw.name.endswith(f"{stored.sha256}.eml") and stored.size == len(raw)


def test_the_same_message_twice_is_a_duplicate(mailbox, customer):
    raw = mail()
    assert take(raw).outcome == "ticket"
    again = take(raw)
    assert (again.outcome, again.ticket) == ("duplicate", "INC-000001")
    assert Ticket.objects.count() == 1 and InboundMessage.objects.count() == 1


def test_the_same_message_id_by_another_route_is_a_duplicate(mailbox, customer):
    message_id = make_msgid(domain="acme.example")
    take(mail(message_id=message_id))
    relayed = mail(message_id=message_id, headers={"X-Relayed-By": "backup-mx"})
    result = take(relayed)
    assert result.outcome == "duplicate" and Ticket.objects.count() == 1


def test_a_stored_but_unprocessed_message_is_processed_on_the_next_run(mailbox, customer):
    raw = mail()
    message, created = store(raw, to=DESK, source="gate")  # the process died right after storing
    assert created and message.status == "received"
    result = take(raw)
    assert result.outcome == "ticket" and Ticket.objects.count() == 1


def test_an_unknown_address_of_the_organisations_domain_becomes_an_end_user(mailbox, org):
    result = take(mail(sender='"Yossi Levi" <Yossi@ACME.example>'))
    person = Person.objects.get(email="yossi@acme.example")
    assert (result.outcome, person.name, person.organisation, person.role) == (
        "ticket",
        "Yossi Levi",
        org,
        "end_user",
    )


@pytest.mark.parametrize(("policy", "outcome"), [("quarantine", "quarantine"), ("reject", "rejected")])
def test_strangers_follow_the_mailboxs_policy(mailbox, policy, outcome):
    mailbox.unknown_senders = policy
    mailbox.save()
    result = take(mail(sender="someone@gmail.example"))
    assert result.outcome == outcome and "not known" in result.reason
    assert not Ticket.objects.exists() and not Person.objects.filter(email="someone@gmail.example").exists()


def test_people_of_another_organisation_are_refused(mailbox):
    PersonFactory(organisation=OrganisationFactory(), email="spy@other.example")
    result = take(mail(sender="spy@other.example"))
    assert result.outcome == "rejected" and not Ticket.objects.exists()


def test_mail_to_an_address_nobody_receives_is_rejected(db):
    assert take(mail(), to="nobody@nowhere.example").outcome == "rejected"


def test_a_reply_to_our_mail_threads_by_its_headers(
    mailbox, customer, agent, django_capture_on_commit_callbacks
):
    take(mail())
    ticket = Ticket.objects.get()
    services.add_comment(agent, ticket, "Is it the HP or the Canon?")
    sent = ticket.outbound_messages.filter(kind="reply").get()
    answer = mail(subject="Re: printing", body="The Canon.", headers={"In-Reply-To": f"<{sent.message_id}>"})
    result = take(answer)
    assert (result.outcome, result.ticket) == ("reply", ticket.reference)
    assert ticket.comments.filter(author=customer).get().body == "The Canon."


def test_a_reply_threads_by_the_number_in_the_subject_or_the_tagged_address(mailbox, customer):
    take(mail())
    by_subject = take(mail(subject="Re: [INC-000001] Printer", body="Still broken."))
    assert (by_subject.outcome, by_subject.ticket) == ("reply", "INC-000001")
    by_tag = take(
        mail(subject="anything", body="Tagged.", to="desk+inc-000001@support.example"),
        to="desk+inc-000001@support.example",
    )
    assert (by_tag.outcome, by_tag.ticket) == ("reply", "INC-000001")


def test_a_reply_about_a_merged_duplicate_goes_to_the_ticket_it_was_merged_into(mailbox, customer, agent):
    take(mail(subject="VPN down"))
    take(mail(subject="VPN still down", message_id=make_msgid()))
    original, duplicate = Ticket.objects.order_by("id")
    linking.merge_tickets(agent, duplicate, original)
    result = take(mail(subject=f"Re: [{duplicate.reference}] VPN still down", body="Any news?"))
    assert (result.outcome, result.ticket) == ("reply", original.reference)
    assert original.comments.filter(author=customer).get().body == "Any news?"


def test_a_reference_to_another_organisations_ticket_opens_a_new_ticket(mailbox, customer):
    other = OrganisationFactory(domains=["other.example"])
    stranger = PersonFactory(organisation=other)
    foreign = services.create_ticket(stranger, organisation=other, requester=stranger, subject="Theirs")
    result = take(mail(subject=f"Re: [{foreign.reference}] hijack", body="Let me in"))
    assert result.outcome == "ticket" and result.ticket != foreign.reference
    assert foreign.comments.count() == 0


def test_a_reply_to_a_resolved_ticket_reopens_it(mailbox, customer, agent):
    take(mail())
    ticket = services.update_ticket(agent, Ticket.objects.get(), {"assignee": agent})
    services.change_status(agent, ticket, "resolved", resolution_code="solved")
    take(mail(subject="Re: [INC-000001] Printer", body="No, still blank."))
    ticket.refresh_from_db()
    assert (ticket.status, ticket.reopen_count) == ("assigned", 1)


def test_a_reply_long_after_closing_opens_a_linked_follow_up(mailbox, customer, agent):
    take(mail())
    ticket = services.update_ticket(agent, Ticket.objects.get(), {"assignee": agent})
    ticket = services.change_status(agent, ticket, "resolved", resolution_code="solved")
    services.change_status(agent, ticket, "closed")
    with time_machine.travel(timezone.now() + timedelta(days=30)):
        result = take(mail(subject="Re: [INC-000001] Printer", body="It is back."))
    assert (result.outcome, result.ticket) == ("ticket", "INC-000002")
    link = TicketLink.objects.get()
    assert (link.ticket.reference, link.related.reference, link.kind) == (
        "INC-000002",
        "INC-000001",
        "follow_up",
    )


def test_colleagues_in_cc_follow_the_ticket(mailbox, customer, org):
    colleague = PersonFactory(organisation=org, email="noa@acme.example")
    take(mail(cc=["noa@acme.example", "new.person@acme.example", "outsider@gmail.example"]))
    followers = set(TicketFollower.objects.values_list("person__email", flat=True))
    assert followers == {"noa@acme.example", "new.person@acme.example"}
    assert colleague.followed_tickets.exists()


def test_an_agent_answering_by_mail_is_a_public_reply(mailbox, customer, agent, trusted_mta):
    take(mail())
    answer = mail(sender="avi@provider.example", subject="Re: [INC-000001] Printer", body="Fixed the toner.")
    result = take(received_by_mta(answer, "dmarc=pass header.from=provider.example"))
    ticket = Ticket.objects.get()
    assert result.outcome == "reply" and ticket.first_response_at is not None
    assert ticket.comments.get(author=agent).is_public


def test_automatic_replies_are_noted_and_never_answered(
    mailbox, customer, agent, django_capture_on_commit_callbacks
):
    take(mail())
    ticket = Ticket.objects.get()
    out_of_office = mail(
        subject="Automatic reply: [INC-000001] Printer",
        body="I am away until Monday.",
        headers={"Auto-Submitted": "auto-replied"},
    )
    result = take(out_of_office)
    assert (result.outcome, result.ticket) == ("auto_reply", "INC-000001")
    note = Comment.objects.get(author=None)
    assert not note.is_public and "away until Monday" in note.body
    assert not ticket.outbound_messages.filter(kind="reply").exists()


def test_a_flood_from_one_sender_is_stopped(mailbox, customer):
    mailbox.sender_limit_per_hour = 3
    mailbox.save()
    outcomes = [take(mail(subject=f"Loop {n}")).outcome for n in range(5)]
    assert outcomes == ["ticket", "ticket", "ticket", "rejected", "rejected"]


def test_an_unreadable_message_is_quarantined_and_can_be_processed_again(mailbox, customer):
    result = take(b"")
    assert result.outcome == "quarantine"
    stored = InboundMessage.objects.get()
    assert stored.reason and stored.status == "processed"
    again = reprocess(stored)
    assert again.outcome == "quarantine"  # still unreadable: still kept


def test_a_quarantined_stranger_is_let_in_after_the_policy_changes(mailbox, org):
    take(mail(sender="partner@partner.example"))
    stored = InboundMessage.objects.get()
    assert stored.outcome == "quarantine"
    PersonFactory(organisation=org, email="partner@partner.example")  # the admin adds the person
    assert reprocess(stored).outcome == "ticket"


def test_attachments_are_kept_and_forbidden_types_are_listed(mailbox, customer, settings):
    raw = mail(
        attachments=[
            ("screen.png", "image/png", b"\x89PNG" + b"0" * 100),
            ("setup.exe", "application/octet-stream", b"MZ"),
        ]
    )
    take(raw)
    ticket = Ticket.objects.get()
    assert [a.filename for a in ticket.attachments.all()] == ["screen.png"]
    assert "setup.exe" in ticket.description and "not kept" in ticket.description


def test_a_suspended_organisation_gets_no_new_tickets_by_mail(mailbox, customer, org):
    org.status = "suspended"
    org.save()
    assert take(mail()).outcome == "rejected"


def test_a_mail_longer_than_a_description_is_kept_whole_in_a_file(mailbox, customer):
    """Mail is never refused for its length: the description takes what fits, cut at a line, and
    the whole text is attached as message.txt."""
    from moked.tickets.models import MAX_DESCRIPTION_LENGTH

    lines = [f"{n:05d} the log line of the failing backup job" for n in range(2_000)]
    take(mail(body="\n".join(lines)))
    ticket = Ticket.objects.get()
    assert len(ticket.description) <= MAX_DESCRIPTION_LENGTH
    assert ticket.description.startswith("00000 the log") and "message.txt" in ticket.description
    whole = ticket.attachments.get(filename="message.txt")
    with whole.file.open("rb") as file:
        assert "01999 the log line" in file.read().decode()
    assert whole.comment_id is None and whole.is_public


def test_the_files_of_a_mail_that_opens_a_ticket_are_the_tickets_own(mailbox, customer):
    take(mail(attachments=[("screen.png", "image/png", b"\x89PNG" + b"0" * 100)]))
    ticket = Ticket.objects.get()
    assert [(a.filename, a.comment_id) for a in ticket.attachments.all()] == [("screen.png", None)]
