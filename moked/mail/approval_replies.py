"""Approval decisions by e-mail reply: a reply to an approval notification whose first word
approves or rejects (in en, he, fa or fi) decides the approval its sender is asked for on the
ticket, but only when something vouches for the sender; the rest of the reply is the comment.

What the reply does (routing.route calls `answer` once the message has threaded to a ticket):
- the sender has no decision pending on the ticket, or the first word is neither approve nor
  reject: None, and the message goes the normal way (a reply on the ticket, or a new ticket);
- nothing vouches for the sender (neither the signed reply address Moked gave them for the ticket
  nor the installation's verified DMARC, DKIM or SPF): nothing is decided, and the message is kept
  in quarantine with a reason (a From header is not an identity, and a decision may change a
  directory);
- otherwise the decision is recorded as theirs (an approval_decided event with the comment, on the
  e-mail channel); the message is linked to the ticket, not posted as a comment: the event says it.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from moked.approvals import decisions, selectors, services
from moked.tickets.models import EventChannel

_WORDS = re.compile(r"\S+")


@dataclass(frozen=True)
class Answer:
    """What an approval reply did: `decided`, and why, in words for the message's record."""

    decided: bool
    reason: str


def comment_of(text: str) -> str:
    """The reply after its first word (the decision), without the punctuation that follows it."""
    for match in _WORDS.finditer(text):
        if any(char.isalnum() for char in match.group()):  # marks alone are no word
            return text[match.end() :].lstrip(" \t.,;:!-—–،؛").strip()[: services.MAX_COMMENT]
    return ""


def answer(person, ticket, text: str, *, vouched: bool, at=None) -> Answer | None:
    """Decide the approval `person` is asked for on `ticket` from their reply `text` (see the
    module's docstring); None when the reply is not a decision of theirs."""
    word = decisions.decision_in_reply(text or "")
    if word is None:
        return None
    approver = selectors.pending_on_ticket(person, ticket)
    if approver is None:
        return None
    if not vouched:
        return Answer(
            False,
            _(
                "The reply says %(word)s about the approval of %(reference)s, but nothing shows that "
                "%(address)s sent it (it answers no reply address of theirs, and the mail server "
                "verified no DMARC, DKIM or SPF for it): nothing was decided. They can decide with the "
                "link in the message, or in the portal."
            )
            % {
                "word": _("approve") if word == decisions.APPROVE else _("reject"),
                "reference": ticket.reference,
                "address": person.email,
            },
        )
    services.decide(
        person,
        approver,
        approve=word == decisions.APPROVE,
        comment=comment_of(text),
        channel=EventChannel.EMAIL,
        at=at,
    )
    if word == decisions.APPROVE:
        reason = _("Approved by e-mail reply: recorded as a decision on the approval, not as a comment.")
    else:
        reason = _("Rejected by e-mail reply: recorded as a decision on the approval, not as a comment.")
    return Answer(True, reason)
