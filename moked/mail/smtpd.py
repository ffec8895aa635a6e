"""Receiving mail over SMTP (or LMTP behind an MTA) with aiosmtpd: mail for a configured mailbox
is accepted once it is stored; mail for any other address is refused at RCPT time."""

import asyncio
import logging
from contextlib import contextmanager

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP
from asgiref.sync import sync_to_async
from django.db import close_old_connections

from .ingest import ingest, mailbox_for
from .models import InboundMessage

logger = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 50 * 1024 * 1024


def _known(address: str) -> bool:
    with _connection_looked_after():
        return mailbox_for(address) is not None


def _take(raw: bytes, recipient: str, envelope_from: str):
    with _connection_looked_after():
        return ingest(raw, to=recipient, source=InboundMessage.Source.SMTP, envelope_from=envelope_from)


@contextmanager
def _connection_looked_after():
    """As Django does around a request: these run in the executor's threads, whose connections
    would otherwise stay open past CONN_MAX_AGE (and hold a test database)."""
    close_old_connections()
    try:
        yield
    finally:
        close_old_connections()


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's name)
        if not await sync_to_async(_known, thread_sensitive=False)(address):
            return "550 5.1.1 No mailbox here by that name"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        raw = envelope.original_content or envelope.content
        try:
            for recipient in envelope.rcpt_tos:
                result = await sync_to_async(_take, thread_sensitive=False)(
                    raw, recipient, envelope.mail_from or ""
                )
                logger.info(
                    "SMTP %s → %s: %s %s", envelope.mail_from, recipient, result.outcome, result.ticket or ""
                )
        except Exception:  # storing failed (database or disk down): let the sender try again later
            logger.exception("SMTP: could not store a message")
            return "451 4.3.0 Temporary failure, please try again later"
        return "250 Message accepted for delivery"


class _Controller(Controller):
    def __init__(self, handler, *, lmtp: bool, **kwargs):
        self.lmtp = lmtp
        super().__init__(handler, **kwargs)

    def factory(self):
        protocol = LMTP if self.lmtp else SMTP
        return protocol(
            self.handler,
            data_size_limit=MAX_MESSAGE_BYTES,
            enable_SMTPUTF8=True,
            decode_data=False,
            ident="Moked",
        )


def controller(host: str, port: int, *, lmtp: bool = False) -> Controller:
    """A started-on-demand SMTP (or LMTP) server for the configured mailboxes."""
    return _Controller(Handler(), lmtp=lmtp, hostname=host, port=port)


def serve_forever(host: str, port: int, *, lmtp: bool = False) -> None:
    server = controller(host, port, lmtp=lmtp)
    server.start()
    try:
        asyncio.run(_wait_forever())
    finally:
        server.stop()


async def _wait_forever() -> None:
    await asyncio.Event().wait()
