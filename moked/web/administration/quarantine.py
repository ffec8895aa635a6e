"""The mail quarantine: messages Moked kept back (or refused), each readable as plain text, to
download whole, process again once its cause is mended, or discard."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from moked.mail import parsing, quarantine
from moked.mail.models import InboundMessage
from moked.mail.selectors import visible_inbound, visible_mailboxes

from ..common import refusals
from ..common.forms import BootstrapForm, start_of_day
from .access import admin_page
from .listing import one_page

SECTION = (_("Mail quarantine"), "quarantine")

Outcome = InboundMessage.Outcome
KEPT_BACK = (Outcome.QUARANTINE, Outcome.REJECTED)
PAGE_SIZE = 50
NO_MAILBOX = "none"
SHOWN_CHARACTERS = 100_000  # of the text, and of the raw message when it cannot be read


class QuarantineFilter(BootstrapForm):
    """Which kept-back messages to list; a bad value is reported and that filter left out."""

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[
            ("", _("Quarantined or rejected")),
            (Outcome.QUARANTINE, Outcome.QUARANTINE.label),
            (Outcome.REJECTED, Outcome.REJECTED.label),
            (Outcome.DISCARDED, Outcome.DISCARDED.label),
        ],
    )
    mailbox = forms.ChoiceField(label=_("Mailbox"), required=False)
    received_from = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    received_until = forms.DateField(
        label=_("Received until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, mailboxes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mailbox"].choices = [
            ("", _("Every mailbox")),
            (NO_MAILBOX, _("No mailbox (unknown address)")),
            *((str(mailbox.pk), mailbox.address) for mailbox in mailboxes),
        ]

    def filtered(self, found):
        """`found` narrowed by each filter whose value is valid (by default: what was kept back)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        outcome = data.get("outcome")
        found = found.filter(outcome=outcome) if outcome else found.filter(outcome__in=KEPT_BACK)
        mailbox = data.get("mailbox")
        if mailbox == NO_MAILBOX:
            found = found.filter(mailbox__isnull=True)
        elif mailbox:
            found = found.filter(mailbox_id=mailbox)
        if data.get("received_from"):
            found = found.filter(received_at__gte=start_of_day(data["received_from"]))
        if data.get("received_until"):
            found = found.filter(received_at__lt=start_of_day(data["received_until"] + timedelta(days=1)))
        return found


@admin_page
def message_list(request):
    person = request.user
    mailboxes = list(visible_mailboxes(person).order_by("address"))
    filters = QuarantineFilter(request.GET, mailboxes=mailboxes)
    kept = filters.filtered(visible_inbound(person).select_related("mailbox__organisation"))
    page, query = one_page(request, kept, PAGE_SIZE)
    context = {"filters": filters, "page": page, "query": query}
    return render(request, "web/administration/quarantine_list.html", context)


def _message(request, pk) -> InboundMessage:
    message = (
        visible_inbound(request.user)
        .select_related("mailbox__organisation", "ticket", "discarded_by")
        .filter(pk=pk)
        .first()
    )
    if message is None:
        raise Http404
    return message


@admin_page
def message_detail(request, pk):
    message = _message(request, pk)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "process":
            refusals.apply(request, lambda: _process_again(request, message))
        elif action == "discard":
            refusals.apply(request, lambda: quarantine.discard(request.user, message))
        return redirect("quarantine-message", pk=message.pk)
    context = {
        "message": message,
        **_contents(message),
        "may_process_again": message.outcome in quarantine.PROCESSABLE_AGAIN,
        "may_discard": message.outcome == Outcome.QUARANTINE,
        "refusals": refusals.pop(request),
    }
    return render(request, "web/administration/quarantine_message.html", context)


def _process_again(request, message: InboundMessage) -> None:
    result = quarantine.process_again(request.user, message)
    said = gettext_now("Processed again: %(outcome)s.") % {"outcome": Outcome(result.outcome).label}
    messages.info(request, f"{said} {result.ticket or ''}".strip())


def _contents(message: InboundMessage) -> dict:
    """What the page shows of the message itself: parsed when it can be, else the raw text."""
    try:
        with message.raw.open("rb") as file:
            raw = file.read()
    except OSError:
        return {"missing": True}
    raw_text = raw[:SHOWN_CHARACTERS].decode("utf-8", "replace")
    try:
        parsed = parsing.parse(raw)
    except parsing.UnparseableMessage as error:
        return {"unreadable": error.reason, "raw_text": raw_text}
    return {
        "parsed": parsed,
        "text": parsed.text[:SHOWN_CHARACTERS],
        "attachments": [(a.filename, a.content_type, len(a.data)) for a in parsed.attachments],
        "raw_text": raw_text,
    }


@admin_page
def message_raw(request, pk):
    message = _message(request, pk)
    try:
        file = message.raw.open("rb")
    except OSError as missing:
        raise Http404 from missing
    return FileResponse(
        file, as_attachment=True, filename=f"message-{message.pk}.eml", content_type="message/rfc822"
    )


urlpatterns = [
    path("quarantine/", message_list, name="quarantine"),
    path("quarantine/<int:pk>/", message_detail, name="quarantine-message"),
    path("quarantine/<int:pk>/raw/", message_raw, name="quarantine-raw"),
]
