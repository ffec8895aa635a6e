"""Taking mail from IMAP mailboxes: new messages by UID, each stored and processed, then moved
away (or flagged seen); the last UID taken is kept, so a crash costs at most one message's
second reading, which the store recognises by its content."""

import logging
import ssl

from django.utils import timezone
from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError
from imapclient.imap4 import IMAP4WithTimeout
from imapclient.tls import IMAP4_TLS

from moked import encryption, network

from .ingest import Result, ingest
from .models import InboundMessage, Mailbox

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 30


class _VettedPlain(IMAP4WithTimeout):
    def _create_socket(self, timeout=None):
        return network.connect(self.host, self.port, timeout if timeout is not None else self._timeout)


class _VettedTLS(IMAP4_TLS):
    def _create_socket(self, timeout=None):
        sock = network.connect(self.host, self.port, timeout if timeout is not None else self._timeout)
        return self.ssl_context.wrap_socket(sock, server_hostname=self.host)


class _VettedIMAPClient(IMAPClient):
    """Connects only to an address the installation allows, the very one checked (moked.network)."""

    def _create_IMAP4(self):  # noqa: N802 (imapclient's name)
        timeout = getattr(self._timeout, "connect", None)
        if self.ssl:
            return _VettedTLS(self.host, self.port, self.ssl_context, timeout)
        return _VettedPlain(self.host, self.port, timeout)


def _connect(mailbox: Mailbox, timeout: float = TIMEOUT_SECONDS) -> IMAPClient:
    password = encryption.readable(mailbox.imap_password)  # before connecting: no key, no attempt
    context = ssl.create_default_context()
    secure = mailbox.imap_security == Mailbox.Security.SSL
    client = _VettedIMAPClient(
        mailbox.imap_host,
        port=mailbox.imap_port,
        ssl=secure,
        ssl_context=context if secure else None,
        timeout=timeout,
    )
    if mailbox.imap_security == Mailbox.Security.STARTTLS:
        client.starttls(context)
    client.login(mailbox.imap_username, password)
    return client


def poll(mailbox: Mailbox) -> list[Result]:
    """Take every message newer than the last UID taken; returns what became of each.

    A failure to reach or read the mailbox is kept on it (imap_error) and logged, never raised:
    the worker carries on with the other mailboxes.
    """
    results: list[Result] = []
    try:
        with _connect(mailbox) as client:
            results = _take_new(client, mailbox)
    except (IMAPClientError, OSError, ssl.SSLError) as error:
        logger.warning("IMAP mailbox %s: %s", mailbox.address, error)
        Mailbox.objects.filter(pk=mailbox.pk).update(
            imap_error=f"{type(error).__name__}: {error}"[:2000], imap_polled_at=timezone.now()
        )
        return results
    Mailbox.objects.filter(pk=mailbox.pk).update(imap_error="", imap_polled_at=timezone.now())
    return results


def count_messages(mailbox: Mailbox, timeout: float = TIMEOUT_SECONDS) -> int:
    """Sign in with the mailbox's IMAP settings (saved or not) and count the messages in its folder,
    read-only: nothing on the server changes. Raises what the connection raises (IMAPClientError,
    OSError, ssl.SSLError), with the server's own words for a refused login or a missing folder."""
    with _connect(mailbox, timeout) as client:
        return client.select_folder(mailbox.imap_folder, readonly=True)[b"EXISTS"]


def _take_new(client: IMAPClient, mailbox: Mailbox) -> list[Result]:
    folder = client.select_folder(mailbox.imap_folder)
    validity = folder[b"UIDVALIDITY"]
    if mailbox.imap_uidvalidity != validity:  # the server renumbered the folder: start over
        mailbox.imap_uidvalidity, mailbox.imap_last_uid = validity, 0
        Mailbox.objects.filter(pk=mailbox.pk).update(imap_uidvalidity=validity, imap_last_uid=0)
    uids = sorted(
        uid for uid in client.search(["UID", f"{mailbox.imap_last_uid + 1}:*"]) if uid > mailbox.imap_last_uid
    )
    processed = server_folder(client, mailbox.imap_processed_folder)
    if uids and processed and not client.folder_exists(processed):
        client.create_folder(processed)
    results = []
    for uid in uids:
        raw = client.fetch([uid], ["RFC822"])[uid][b"RFC822"]
        results.append(ingest(raw, to=mailbox.address, source=InboundMessage.Source.IMAP))
        _put_away(client, uid, processed)
        mailbox.imap_last_uid = uid
        Mailbox.objects.filter(pk=mailbox.pk).update(imap_last_uid=uid)
    return results


def server_folder(client: IMAPClient, configured: str) -> str:
    """A folder path written with "/" in the server's own hierarchy delimiter ("." for many)."""
    if not configured:
        return ""
    listing = client.list_folders(directory="", pattern="")
    delimiter = listing[0][1].decode() if listing and listing[0][1] else "/"
    return configured.replace("/", delimiter)


def _put_away(client: IMAPClient, uid: int, folder: str) -> None:
    """Move a taken message to `folder` (copy and expunge where the server has no MOVE), or, with
    no folder, flag it seen."""
    if not folder:
        client.add_flags([uid], [b"\\Seen"])
    elif client.has_capability("MOVE"):
        client.move([uid], folder)
    else:
        client.copy([uid], folder)
        client.delete_messages([uid])
        client.uid_expunge([uid]) if client.has_capability("UIDPLUS") else client.expunge()
