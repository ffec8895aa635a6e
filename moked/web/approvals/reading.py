"""What an approver reads about a decision asked of them: the request (item, answers labelled in
the reader's language, requester, for whom), the step, for whom they decide, the expiry."""

from django.utils import translation

from moked.approvals.models import Approver
from moked.multilingual import in_language
from moked.servicerequests import selectors as requests
from moked.servicerequests.models import ServiceRequest

from ..common.catalogue_forms import shown_answers

RECENT = 20  # decisions shown under "recently decided"


def asked(approver: Approver, reader) -> dict:
    """One decision asked of `reader` (the approver, or their delegate): what the pages show."""
    language = translation.get_language() or "en"
    step = approver.step
    ticket = step.approval.ticket
    row = {
        "approver": approver,
        "ticket": ticket,
        "requester": ticket.requester,
        "step": step.name_in(language),
        "expires": step.expire_at,
        "asked_at": step.started_at,
        "away": approver.person if approver.person_id != reader.pk else None,
        "item": "",
        "requested_for": None,
        "answers": [],
    }
    try:
        request = requests.request_of(reader, ticket)
    except ServiceRequest.DoesNotExist:
        return row
    row["item"] = in_language(request.item.name, language)
    if request.requested_for_id != ticket.requester_id:
        row["requested_for"] = request.requested_for
    # as the request's own page shows them: dates in the reader's calendar, numbers in their digits
    row["answers"] = shown_answers(request.form.fields, request.answers or {})
    return row


def decided_by(person):
    """The decisions `person` gave lately (as approver or standing in), newest first."""
    return (
        Approver.objects.filter(decided_by_id=person.pk)
        .exclude(decision=Approver.Decision.PENDING)
        .select_related("person", "step__approval__ticket")
        .order_by("-decided_at", "-pk")[:RECENT]
    )
