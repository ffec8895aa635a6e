"""What an admin does with mail Moked kept back: process it again once its cause is mended, or
discard it. Nothing here deletes a message: the bytes stay, and a discarded message says who
discarded it and when."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moked.people.permissions import require

from . import ingest
from .models import InboundMessage

Outcome = InboundMessage.Outcome

# What may be processed again: what was kept back, refused, or dropped by an admin. A message that
# made a ticket or a reply is done; processing it again would act on it twice.
PROCESSABLE_AGAIN = frozenset({Outcome.QUARANTINE, Outcome.REJECTED, Outcome.DISCARDED})


def _require_admin(actor) -> None:
    require(actor, "mail.look_after_quarantine", message=_("Only admins look after the mail quarantine."))


def _locked(message: InboundMessage) -> InboundMessage:
    return InboundMessage.objects.select_for_update(of=("self",)).get(pk=message.pk)


def process_again(actor, message: InboundMessage) -> ingest.Result:
    """Process a quarantined, rejected or discarded message again (ingest.reprocess) and return
    what became of it. Refused (ValidationError) for any other message, also when another admin
    processed it a moment before: the row is locked for the check and the processing together.
    """
    _require_admin(actor)
    with transaction.atomic():
        locked = _locked(message)
        if locked.outcome not in PROCESSABLE_AGAIN:
            raise ValidationError(
                _("This message was already dealt with (%(outcome)s): it is not processed again.")
                % {"outcome": locked.get_outcome_display() or _("not processed yet")}
            )
        return ingest.reprocess(locked)


def discard(actor, message: InboundMessage) -> InboundMessage:
    """Take a quarantined message out of the quarantine for good, recording who and when; its
    stored bytes stay (it can still be downloaded, and processed again). Refused
    (ValidationError) for a message that is not in quarantine."""
    _require_admin(actor)
    with transaction.atomic():
        locked = _locked(message)
        if locked.outcome != Outcome.QUARANTINE:
            raise ValidationError(_("Only a quarantined message can be discarded."))
        locked.outcome = Outcome.DISCARDED
        locked.discarded_by, locked.discarded_at = actor, timezone.now()
        locked.save(update_fields=["outcome", "discarded_by", "discarded_at"])
    return locked
