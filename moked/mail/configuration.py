"""Configuring mailboxes: the provider's admins only."""

import ast
import contextlib
import re
import ssl
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from imapclient.exceptions import IMAPClientError

from moked.people import addresses
from moked.people.permissions import require
from moked.records import save_changes, save_new

from . import imap
from .models import Mailbox

CONNECTION_CHECK_SECONDS = 10
_BYTES_REPR = re.compile(r"b'.*'|b\".*\"", re.DOTALL)
IMAP_SETTINGS = ("imap_host", "imap_port", "imap_security", "imap_username", "imap_password", "imap_folder")


def _require_admin(actor) -> None:
    require(actor, "mail.configure", message=_("Only admins configure mailboxes."))


def create_mailbox(actor, **fields) -> Mailbox:
    _require_admin(actor)
    fields["address"] = addresses.canonical(fields.get("address", ""))
    return save_new(Mailbox, fields)


def update_mailbox(actor, mailbox: Mailbox, changes: dict) -> Mailbox:
    _require_admin(actor)
    changes = dict(changes)
    if "address" in changes:
        changes["address"] = addresses.canonical(changes["address"])
    if not changes.get("imap_password", True):
        changes.pop("imap_password")  # an empty password leaves the stored one as it is
    return save_changes(mailbox, changes)


@dataclass(frozen=True)
class ConnectionCheck:
    """What an IMAP server said: `ok`, and in `detail` the message count or the server's error."""

    ok: bool
    detail: str


def check_imap_connection(actor, settings: dict, mailbox: Mailbox | None = None) -> ConnectionCheck:
    """Sign in to an IMAP server with `settings` (the IMAP_SETTINGS fields, as typed in a form,
    not saved) and open the folder read-only; changes nothing here or on the server.

    An empty password uses `mailbox`'s stored one, as saving would. A failure is returned, with
    the server's own words, not raised; only a refusal of the actor raises (PermissionDenied).
    """
    _require_admin(actor)
    values = {field: settings.get(field) for field in IMAP_SETTINGS}
    if not values["imap_password"] and mailbox is not None:
        values["imap_password"] = mailbox.imap_password
    probe = Mailbox(**{field: value for field, value in values.items() if value not in (None, "")})
    if not (probe.imap_host and probe.imap_username):
        return ConnectionCheck(False, _("Give the IMAP server and user first."))
    try:
        count = imap.count_messages(probe, timeout=CONNECTION_CHECK_SECONDS)
    except (IMAPClientError, OSError, ssl.SSLError) as error:
        return ConnectionCheck(False, f"{type(error).__name__}: {_in_words(error)}"[:2000])
    found = ngettext(
        "Signed in; %(folder)s holds %(count)d message.",
        "Signed in; %(folder)s holds %(count)d messages.",
        count,
    )
    return ConnectionCheck(True, found % {"folder": probe.imap_folder, "count": count})


def _in_words(error: Exception) -> str:
    """The error's message. imapclient words a server's refusal as the repr of its bytes
    ("b'[AUTHENTICATIONFAILED] ...'"): shown as the text the server sent."""
    said = str(error)
    if _BYTES_REPR.fullmatch(said):
        with contextlib.suppress(ValueError, SyntaxError):
            said = ast.literal_eval(said).decode("utf-8", "replace")
    return said
