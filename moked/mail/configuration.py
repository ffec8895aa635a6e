"""Configuring mailboxes: the provider's admins only."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from moked.records import save_changes, save_new

from .models import Mailbox


def _require_admin(actor) -> None:
    if not (actor.is_active and actor.is_admin):
        raise PermissionDenied(_("Only admins configure mailboxes."))


def create_mailbox(actor, **fields) -> Mailbox:
    _require_admin(actor)
    fields["address"] = fields.get("address", "").strip().lower()
    return save_new(Mailbox, fields)


def update_mailbox(actor, mailbox: Mailbox, changes: dict) -> Mailbox:
    _require_admin(actor)
    changes = dict(changes)
    if "address" in changes:
        changes["address"] = changes["address"].strip().lower()
    if not changes.get("imap_password", True):
        changes.pop("imap_password")  # an empty password leaves the stored one as it is
    return save_changes(mailbox, changes)
