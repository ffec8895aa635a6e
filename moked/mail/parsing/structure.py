"""Input screening and the MIME structure: the parse tree, part types, parameters and recovery of parts."""

from __future__ import annotations

import re
from email import policy
from email.message import Message
from email.parser import BytesHeaderParser, BytesParser
from typing import cast

from .context import _MAX_NESTING, _Bodies, _Context
from .message import UnparseableMessage
from .mime import _BINARY_BYTES, _content_type, _disposition, _param
from .parts import _collect_attachment, _collect_message_part, _collect_text_body, _filename, _raw_payload

_HEADER_LINE = re.compile(rb"(?:From [^\r\n]*\r?\n)?[!-9;-~]{1,76}[ \t]*:")


_LEADING_BLANK_LINES = re.compile(rb"(?:[ \t]*\r?\n)+")


_PARSER = BytesParser(policy=policy.compat32)


_HEADER_ONLY_PARSER = BytesHeaderParser(policy=policy.compat32)


def _screen_input(raw: bytes) -> tuple[bytes, list[str]]:
    """Reject input with nothing usable; drop blank lines that some exporters put before headers."""
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise UnparseableMessage(f"input is {type(raw).__name__}, not bytes")
    data = bytes(raw)
    if not data.strip():
        raise UnparseableMessage("empty input" if not data else "input is only whitespace")
    defects: list[str] = []
    blank = _LEADING_BLANK_LINES.match(data)
    if blank and _HEADER_LINE.match(data, blank.end()):
        data = data[blank.end() :]
        defects.append("blank lines before the header section were skipped")
    if not _HEADER_LINE.match(data):
        sample = data[:4096]
        if b"\x00" in sample or len(_BINARY_BYTES.findall(sample)) > len(sample) // 20:
            raise UnparseableMessage("binary data without a header section, not an e-mail message")
        defects.append("no header section: the whole input was read as the body")
    return data, defects


def _parse_structure(data: bytes, ctx: _Context) -> Message:
    try:
        return _PARSER.parsebytes(data)
    except Exception as exc:  # e.g. RecursionError on absurdly deep nesting
        ctx.defect(f"MIME structure unreadable ({type(exc).__name__}); the body was kept as text")
    try:
        return _HEADER_ONLY_PARSER.parsebytes(data)
    except Exception as exc:
        raise UnparseableMessage(f"unreadable message: {type(exc).__name__}: {exc}") from exc


def _record_part_defects(part: Message, ctx: _Context) -> None:
    for defect in getattr(part, "defects", ()):
        name = type(defect).__name__
        detail = str(defect)
        ctx.defect(f"{name}: {detail}" if detail else name)


def _collect(part: Message, bodies: _Bodies, ctx: _Context, depth: int, is_root: bool) -> None:
    """Walk one MIME part, adding its text, HTML and attachments to `bodies`."""
    if depth > _MAX_NESTING:
        ctx.defect(f"MIME parts nested deeper than {_MAX_NESTING} levels were ignored")
        return
    _record_part_defects(part, ctx)
    content_type = _content_type(part)
    try:
        if content_type.startswith("multipart/"):
            _collect_multipart(part, content_type, bodies, ctx, depth)
        elif content_type.startswith("message/"):
            _collect_message_part(part, content_type, bodies, ctx)
        elif content_type in ("text/plain", "text/html") and _is_body_text(part, is_root):
            _collect_text_body(part, content_type, bodies, ctx)
        else:
            _collect_attachment(part, content_type, bodies, ctx)
    except Exception as exc:  # one broken part must not cost the rest of the message
        ctx.defect(f"{content_type} part skipped: {type(exc).__name__}: {exc}")


def _is_body_text(part: Message, is_root: bool) -> bool:
    """Text parts are the body unless marked as attachments; a named inline text part that is
    not the whole message is an attachment too (Apple Mail attaches .txt files that way)."""
    if _disposition(part) == "attachment":
        return False
    return is_root or not _filename(part)


def _collect_multipart(part: Message, content_type: str, bodies: _Bodies, ctx: _Context, depth: int) -> None:
    payload = part.get_payload()
    # a multipart's payload is its list of parts (email.message types it loosely)
    children = cast(list[Message], payload) if isinstance(payload, list) else _recover_parts(part, ctx)
    if content_type == "multipart/report":
        ctx.report_types.append((_param(part, "report-type") or "").lower())
    if content_type == "multipart/alternative":
        _collect_alternative(children, bodies, ctx, depth)
        return
    for child in children:
        _collect(child, bodies, ctx, depth + 1, is_root=False)


def _collect_alternative(children: list[Message], bodies: _Bodies, ctx: _Context, depth: int) -> None:
    """`text` comes from the first alternative with plain text (the plainest; a later "text/plain"
    alternative is sometimes HTML in disguise) and `html` from the last, most preferred, alternative
    with HTML; attachments of every alternative are kept (calendar invites, inline images)."""
    branches = []
    for child in children:
        branch = _Bodies()
        _collect(child, branch, ctx, depth + 1, is_root=False)
        branches.append(branch)
    plain = [b for b in branches if any(t.strip() for t in b.plain)]
    html = [b for b in branches if b.html]
    if plain:
        bodies.plain.extend(plain[0].plain)
    if html:
        bodies.html.extend(html[-1].html)
    for branch in branches:
        bodies.attachments.extend(branch.attachments)


_BOUNDARY_LINE = re.compile(rb"^--([^\r\n]{1,200}?)[ \t]*\r?\n(?=[A-Za-z-]+:)", re.MULTILINE)


def _recover_parts(part: Message, ctx: _Context) -> list[Message]:
    """A multipart whose boundary is missing or never occurs: guess the boundary from the first
    "--x" line followed by a header, else read the whole body as one text/plain part."""
    body = _raw_payload(part)
    guess = _BOUNDARY_LINE.search(body)
    if guess:
        boundary = guess.group(1).decode("ascii", "replace").replace('"', "")
        rebuilt = _PARSER.parsebytes(
            b'Content-Type: multipart/mixed; boundary="%s"\r\n\r\n' % boundary.encode() + body
        )
        if rebuilt.is_multipart() and rebuilt.get_payload():
            ctx.defect(f"multipart boundary missing or wrong; recovered parts with --{boundary}")
            return cast(list[Message], rebuilt.get_payload())
    ctx.defect("multipart without usable boundary; its body was read as text")
    fallback = Message(policy=policy.compat32)
    fallback["Content-Type"] = "text/plain"
    charset = _param(part, "charset")
    if charset:
        fallback.set_param("charset", charset)
    fallback.set_payload(body.decode("ascii", "surrogateescape"))
    return [fallback]
