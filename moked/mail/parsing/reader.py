"""Bytes in, ParsedMessage out: screening, structure, bodies, headers and noise, in order."""

from __future__ import annotations

from .authentication import topmost_results
from .context import _Bodies, _Context
from .headers import _addresses, _date, _Headers, _message_ids, _return_path, _single_message_id
from .html import _body_texts
from .message import ParsedMessage, UnparseableMessage
from .mime import _param
from .noise import _detect_auto_reply, _detect_bounce
from .parts import _finish_attachments
from .replies import strip_quoted_text
from .structure import _collect, _parse_structure, _screen_input


def parse(raw: bytes) -> ParsedMessage:
    """Parse raw message bytes. Raises only :class:`UnparseableMessage` (see the module docstring)."""
    data, defects = _screen_input(raw)
    try:
        return _parse_screened(data, defects)
    except UnparseableMessage:
        raise
    except Exception as exc:
        # Last resort: every stage recovers on its own, so reaching this is a bug (the tests assert
        # it never happens); the caller still gets the contract's exception and keeps the raw bytes.
        raise UnparseableMessage(f"internal error: {type(exc).__name__}: {exc}") from exc


def _parse_screened(data: bytes, defects: list[str]) -> ParsedMessage:
    ctx = _Context(defects=defects, linesep="\r\n" if b"\r\n" in data[:4096] else "\n")
    message = _parse_structure(data, ctx)
    headers = _Headers.of(message, ctx)
    ctx.header_charset = _param(message, "charset")

    bodies = _Bodies()
    _collect(message, bodies, ctx, depth=0, is_root=True)
    text, html = _body_texts(bodies, ctx)
    attachments = _finish_attachments(bodies.attachments)
    if not headers.names and not text.strip() and not attachments:
        raise UnparseableMessage("no header section and no body")

    subject = " ".join(headers.text("subject").split())
    sender = next(iter(_addresses(headers, "from", ctx)), None)
    bounce = _detect_bounce(message, headers, sender, subject, text, ctx)
    return ParsedMessage(
        message_id=_single_message_id(headers.first("message-id")),
        in_reply_to=_message_ids(headers.all("in-reply-to")),
        references=_message_ids(headers.all("references")),
        subject=subject,
        sender=sender,
        reply_to=_addresses(headers, "reply-to", ctx),
        to=_addresses(headers, "to", ctx),
        cc=_addresses(headers, "cc", ctx),
        return_path=_return_path(headers),
        date=_date(headers, ctx),
        text=text,
        html=html,
        reply_text=strip_quoted_text(text),
        attachments=attachments,
        auto_reply=None if bounce else _detect_auto_reply(headers, subject, ctx),
        bounce=bounce,
        defects=ctx.defects,
        authentication=topmost_results(headers.in_order())
        if "authentication-results" in headers.names
        else [],
    )
