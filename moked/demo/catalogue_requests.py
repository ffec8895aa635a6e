"""Requests a demo visitor finds the catalogue at work on, made through the same services as the
portal (moked.servicerequests.services.submit_request), once the catalogue is seeded:

- SISU: sisu.user asks for access to a shared folder; it waits for sisu.manager's approval.
- PARS: pars.user04 orders a laptop for pars.user07; their manager (pars.user03) approved the
  first step, the second waits for the client managers (pars.manager).
- GALIL: galil.user asked for a shared folder; galil.manager rejected it, with a reason.
- NWR: nwr.user asked for a password reset; the demo runs no directory, so the automatic action
  failed and the request waits for an agent (Identity & Access) to mend the connector and retry.

Idempotent: a request already made (its item, asked by the same person) is not made again.
Deterministic: fixed people, answers and decisions; the failed action fails at once (nothing
listens on the demo connector's address).
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from moked.notifications.models import Notification
from moked.people.models import Person
from moked.servicerequests.models import CatalogItem, ServiceRequest
from moked.tickets.models import Channel

from . import content


@dataclass(frozen=True)
class Decision:
    approver: int  # index of content.NAMES of who decides
    approve: bool
    comment: dict[str, str] = field(default_factory=dict)  # per language


@dataclass(frozen=True)
class LiveRequest:
    organisation: str
    item: str
    asked_by: int  # indexes of content.NAMES
    asked_for: int
    answers: str  # a key of ANSWERS
    decisions: tuple[Decision, ...] = ()
    run_actions: bool = False  # run the automatic actions now, as the worker would


REQUESTS = (
    LiveRequest("SISU", "shared-folder-access", 1, 1, "folder"),
    # The head of operations (4) orders a laptop for a starter of finance (7, whose manager is the
    # head of finance, 3, who approves first); then the client managers are asked.
    LiveRequest("PARS", "new-starter-laptop", 4, 7, "laptop", decisions=(Decision(3, True),)),
    LiveRequest(
        "GALIL",
        "shared-folder-access",
        1,
        1,
        "folder",
        decisions=(
            Decision(
                0,
                False,
                {
                    "he": "אין צורך בגישה לתיקייה הזו בתפקיד הנוכחי.",
                    "en": "This folder is not needed in the current role.",
                },
            ),
        ),
    ),
    LiveRequest("NWR", "password-reset", 1, 1, "password", run_actions=True),
)


def _answers(kind: str, item: CatalogItem, requested_for: Person) -> dict:
    fields = {f["key"]: f for f in item.current_form().fields}
    if kind == "folder":
        return {
            "access_type": "shared_folder",
            "folder": fields["folder"]["choices"][0]["value"],
            "access_level": "read",
            "justification": {
                "fi": "Tarvitsen kuukausiraportit.",
                "he": "צריך את הדוחות החודשיים.",
            }.get(item.organisation.language, "I need the monthly reports."),
        }
    if kind == "laptop":
        return {"new_starter": requested_for.pk, "start_date": "2027-01-04", "model": "standard"}
    return {"account": requested_for.username, "confirm": True}


def seed_live_requests(*, at=None) -> int:
    """Make the demo's live requests that are missing; returns how many were made."""
    from moked.approvals import selectors as approvals_selectors
    from moked.approvals import services as approvals
    from moked.fulfilment import services as fulfilment
    from moked.servicerequests import services as requests

    now = at or timezone.now()
    made = 0
    for spec in REQUESTS:
        usernames = {index: content.client_username(spec.organisation, index) for index in _indexes(spec)}
        people = {
            p.username: p for p in Person.objects.filter(username__in=usernames.values(), is_active=True)
        }
        if any(name not in people for name in usernames.values()):
            continue
        item = CatalogItem.objects.filter(organisation__code=spec.organisation, code=spec.item).first()
        asked_by, asked_for = people[usernames[spec.asked_by]], people[usernames[spec.asked_for]]
        if item is None or item.current_form() is None:
            continue
        if ServiceRequest.objects.filter(item=item, requested_by=asked_by).exists():
            continue
        with transaction.atomic():
            request = requests.submit_request(
                asked_by,
                item,
                _answers(spec.answers, item, asked_for),
                requested_for=asked_for if asked_for != asked_by else None,
                channel=Channel.PORTAL,
                at=now,
            )
            for decision in spec.decisions:
                approver = people[usernames[decision.approver]]
                pending = approvals_selectors.pending_for(approver, at=now).filter(
                    step__approval__ticket=request.ticket
                )
                language = approver.preferred_language
                comment = decision.comment.get(language) or decision.comment.get("en", "")
                approvals.decide(
                    approver,
                    pending.get(),
                    approve=decision.approve,
                    comment=comment,
                    channel=Channel.PORTAL,
                    at=now,
                )
        if spec.run_actions:  # what the worker does after the commit; the demo has no directory
            fulfilment.run_pending(request.ticket_id)
        # Like the history's, these requests' notifications count as sent: the demo mails no one.
        Notification.objects.filter(ticket_id=request.ticket_id, sent_at__isnull=True).update(sent_at=now)
        made += 1
    return made


def _indexes(spec: LiveRequest) -> set[int]:
    return {spec.asked_by, spec.asked_for, *(decision.approver for decision in spec.decisions)}
