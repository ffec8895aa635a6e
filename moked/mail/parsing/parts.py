"""Leaf parts: transfer encodings, text bodies, attachments (names, types, TNEF, uuencode), format=flowed."""

from __future__ import annotations

import binascii
import io
import mimetypes
import quopri
import re
from email import policy
from email.generator import BytesGenerator
from email.message import Message

from tnefparse import TNEF

from .charsets import _decode_bytes
from .context import _Bodies, _Context, _PendingAttachment
from .headers import _MESSAGE_ID_LINE, _SURROGATES, _decode_encoded_words, _Headers
from .message import Attachment
from .mime import (
    _BINARY_BYTES,
    _content_type,
    _declared_type_is_invalid,
    _decode_base64,
    _disposition,
    _param,
)
from .noise import _remember_returned_id

_SELF_DECODED = frozenset({"base64", "quoted-printable", "x-uuencode", "uuencode", "x-uue", "uue"})


def _raw_payload(part: Message) -> bytes:
    """The undecoded body of a leaf part as bytes. For identity encodings get_payload(decode=True)
    returns exactly the input bytes (plain get_payload() would replace 8-bit bytes with U+FFFD);
    the encodings we undo ourselves are ASCII by definition."""
    if _transfer_encoding(part) in _SELF_DECODED:
        payload = part.get_payload()
        return payload.encode("utf-8", "surrogateescape") if isinstance(payload, str) else b""
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else b""


def _transfer_encoding(part: Message) -> str:
    value = part.get("content-transfer-encoding")
    return str(value).strip().lower() if value is not None else ""


def _transfer_decoded(part: Message, ctx: _Context) -> bytes:
    """The body of a leaf part with its Content-Transfer-Encoding undone, leniently."""
    raw = _raw_payload(part)
    encoding = _transfer_encoding(part)
    if encoding == "base64":
        data, problem = _decode_base64(raw)
        if problem and _content_type(part).startswith("text/") and _BINARY_BYTES.search(data):
            # Broken "base64" that decodes to control bytes was plain text all along.
            data, problem = raw, "declared base64 but is not; kept undecoded"
        if problem:
            ctx.defect(f"{_content_type(part)} part: {problem}")
        return data
    if encoding == "quoted-printable":
        return quopri.decodestring(raw)
    if encoding in ("x-uuencode", "uuencode", "x-uue", "uue"):
        return _uudecode(raw.splitlines(), ctx)[1]
    if encoding not in ("", "7bit", "8bit", "binary"):
        ctx.defect(f"unknown Content-Transfer-Encoding {encoding!r}; body kept as is")
    return raw


def _uudecode(lines: list[bytes], ctx: _Context) -> tuple[str | None, bytes]:
    """Decode uuencoded lines (with or without the "begin mode name" / "end" frame).
    Returns (file name from the begin line or None, data)."""
    name = None
    start = 0
    for index, line in enumerate(lines):
        if line.startswith(b"begin "):
            fields = line.split(None, 2)
            name = fields[2].strip().decode("utf-8", "replace") if len(fields) == 3 else None
            start = index + 1
            break
    decoded = bytearray()
    for line in lines[start:]:
        line = line.rstrip(b"\r\n")
        if line.strip() == b"end":
            break
        if not line:
            continue
        try:
            decoded += binascii.a2b_uu(line)
        except binascii.Error:
            # Some encoders pad lines with junk; decode only the length the line announces.
            try:
                decoded += binascii.a2b_uu(line[: (((line[0] - 32) & 63) * 4 + 5) // 3])
            except binascii.Error:
                ctx.defect("uuencoded line could not be decoded and was skipped")
    return name, bytes(decoded)


def _collect_text_body(part: Message, content_type: str, bodies: _Bodies, ctx: _Context) -> None:
    data = _transfer_decoded(part, ctx)
    text = _decode_bytes(data, _param(part, "charset"), ctx, content_type)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if content_type == "text/html":
        bodies.html.append(text)
        return
    if (_param(part, "format") or "").lower() == "flowed":
        text = _unflow(text, delete_space=(_param(part, "delsp") or "").lower() == "yes")
    text, uuencoded = _extract_uuencoded(text, ctx)
    bodies.plain.append(text)
    bodies.attachments.extend(uuencoded)


def _collect_attachment(part: Message, content_type: str, bodies: _Bodies, ctx: _Context) -> None:
    data = _transfer_decoded(part, ctx)
    filename = _filename(part, ctx)
    if _declared_type_is_invalid(part):
        content_type = _guess_content_type(filename)
        ctx.defect(
            f"invalid Content-Type {str(part.get('content-type'))[:60]!r}; type guessed from the file name"
        )
    if _transfer_encoding(part) in ("x-uuencode", "uuencode", "x-uue", "uue") and not filename:
        filename = _uudecode(_raw_payload(part).splitlines(), ctx)[0]
    if content_type == "application/ms-tnef" or (filename or "").lower() == "winmail.dat":
        expanded = _expand_tnef(data, ctx)
        if expanded:
            bodies.attachments.extend(expanded)
            return
    if content_type == "text/rfc822-headers":
        _remember_returned_id(_MESSAGE_ID_LINE.search(data.decode("utf-8", "replace")), ctx)
    content_id = _content_id(part)
    disposition = _disposition(part)
    inline = disposition == "inline" or (disposition is None and content_id is not None)
    bodies.attachments.append(_PendingAttachment(filename, content_type, data, content_id, inline))


def _collect_message_part(part: Message, content_type: str, bodies: _Bodies, ctx: _Context) -> None:
    """message/* parts become attachments with their own bytes; DSN blocks and returned
    Message-IDs are remembered for bounce detection."""
    data = _message_part_bytes(part, ctx)
    if content_type in ("message/delivery-status", "message/global-delivery-status"):
        ctx.delivery_status.append(data.decode("utf-8", "replace"))
    elif content_type in ("message/rfc822", "message/global", "message/global-headers"):
        enclosed = part.get_payload(0) if part.is_multipart() else None
        if isinstance(enclosed, Message) and enclosed.get("message-id") is not None:
            ctx.returned_message_ids.append(str(enclosed.get("message-id")))
    disposition = _disposition(part)
    bodies.attachments.append(
        _PendingAttachment(
            _filename(part, ctx), content_type, data, _content_id(part), disposition == "inline"
        )
    )


def _message_part_bytes(part: Message, ctx: _Context) -> bytes:
    """The bytes of a message/* part's body. compat32 parsed it into message objects, which we
    serialise back without refolding (headers and bodies keep their bytes; line ends follow the
    input's)."""
    payload = part.get_payload()
    if isinstance(payload, list):
        body = b"".join(_flatten(child, ctx) for child in payload if isinstance(child, Message))
    else:
        body = _raw_payload(part)
    # message/* must not be transfer-encoded, but some MTAs do it anyway.
    encoding = _transfer_encoding(part)
    if encoding == "base64":
        return _decode_base64(body.split(b"\n\n", 1)[-1] if b":" in body[:80] else body)[0]
    if encoding == "quoted-printable":
        return quopri.decodestring(body)
    return body


def _flatten(message: Message, ctx: _Context) -> bytes:
    buffer = io.BytesIO()
    out_policy = policy.compat32.clone(linesep=ctx.linesep, max_line_length=None)
    BytesGenerator(buffer, mangle_from_=False, policy=out_policy).flatten(message)
    return buffer.getvalue()


def _content_id(part: Message) -> str | None:
    value = part.get("content-id")
    if value is None:
        return None
    cleaned = "".join(str(value).split()).strip("<>")
    return cleaned or None


def _filename(part: Message, ctx: _Context | None = None) -> str | None:
    """The decoded, sanitised file name from Content-Disposition filename or Content-Type name."""
    raw_values = [value for name, value in part.raw_items() if name.lower() in _FILENAME_HEADERS]
    if any(_SURROGATES.search(value) for value in raw_values):
        name = _filename_from_8bit_headers(part, ctx)
    else:
        name = _rfc2231_param(part, "filename", "content-disposition", ctx) or _rfc2231_param(
            part, "name", "content-type", ctx
        )
    if name and "=?" in name:
        name = _decode_encoded_words(name, ctx)
    return _sanitise_filename(name)


_FILENAME_HEADERS = ("content-disposition", "content-type")


def _rfc2231_param(part: Message, name: str, header: str, ctx: _Context | None) -> str | None:
    try:
        value = part.get_param(name, None, header)
    except Exception:
        return None
    if isinstance(value, tuple):
        charset, _language, text = value
        return _decode_bytes(text.encode("raw-unicode-escape"), charset or "us-ascii", ctx, "file name")
    return str(value) if value else None


def _filename_from_8bit_headers(part: Message, ctx: _Context | None) -> str | None:
    """Raw 8-bit parameters (common from webmail): decode the header text first, then let
    policy.default's parser split the parameters."""
    for header, param in (("content-disposition", "filename"), ("content-type", "name")):
        value = _Headers.of(part, ctx).text(header, decode_words=False)
        if not value:
            continue
        try:
            params = policy.default.header_factory(header, value).params
        except Exception:
            if ctx:
                ctx.defect(f"{header} unreadable by policy.default; file name taken from compat32")
            params = {param: _param(part, param, header)}
        if params.get(param):
            return str(params[param])
    return None


_FILENAME_INVISIBLE = re.compile("[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


_FILENAME_RESERVED = re.compile(r'[<>:"|?*]')


_MAX_FILENAME = 200


def _sanitise_filename(name: str | None) -> str | None:
    """No path parts, no control or bidi characters (a right-to-left override can disguise
    "gpj.exe" as "exe.jpg"), no characters Windows rejects, bounded length; None if nothing is left."""
    if not name:
        return None
    name = _FILENAME_INVISIBLE.sub("", name)
    name = re.split(r"[/\\]", name)[-1]
    name = " ".join(_FILENAME_RESERVED.sub("_", name).split()).strip(" .")
    if not name:
        return None
    if len(name) > _MAX_FILENAME:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = stem[: _MAX_FILENAME - len(extension) - 1] + "." + extension
        else:
            name = name[:_MAX_FILENAME]
    return name


def _expand_tnef(data: bytes, ctx: _Context) -> list[_PendingAttachment] | None:
    """The files inside a TNEF winmail.dat, or None to keep winmail.dat itself (unreadable, or it
    holds no files: then it carries only Outlook's rich-text body, which we must not drop)."""
    try:
        tnef = TNEF(data, do_checksum=False)
        files = []
        for item in tnef.attachments:
            payload = bytes(item.data or b"")
            if not payload:
                continue
            name = item.long_filename()
            if isinstance(name, bytes):
                name = _decode_bytes(name.rstrip(b"\x00"), None, ctx, "TNEF file name")
            name = _sanitise_filename(str(name).strip("\x00"))
            files.append(_PendingAttachment(name, _guess_content_type(name), payload, None, False))
    except Exception as exc:  # tnefparse raises anything from struct.error to TypeError
        ctx.defect(f"winmail.dat (TNEF) unreadable, kept as is: {type(exc).__name__}: {exc}")
        return None
    return files or None


_EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/jpg": ".jpg",
    "image/pjpeg": ".jpg",
    "image/gif": ".gif",
    "image/bmp": ".bmp",
    "image/webp": ".webp",
    "image/tiff": ".tif",
    "image/svg+xml": ".svg",
    "image/heic": ".heic",
    "application/pdf": ".pdf",
    "application/zip": ".zip",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-powerpoint": ".ppt",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/pgp-signature": ".asc",
    "application/pgp-encrypted": ".asc",
    "application/pkcs7-signature": ".p7s",
    "application/x-pkcs7-signature": ".p7s",
    "application/ms-tnef": ".dat",
    "text/plain": ".txt",
    "text/html": ".html",
    "text/calendar": ".ics",
    "text/csv": ".csv",
    "text/rfc822-headers": ".txt",
    "message/rfc822": ".eml",
    "message/global": ".eml",
    "message/news": ".eml",
    "message/delivery-status": ".txt",
    "message/global-delivery-status": ".txt",
    "message/disposition-notification": ".txt",
    "message/feedback-report": ".txt",
    "audio/wav": ".wav",
    "audio/mpeg": ".mp3",
    "video/mp4": ".mp4",
}


_TYPES_BY_EXTENSION = {extension: content_type for content_type, extension in reversed(_EXTENSIONS.items())}


# Default name stems; kinds that occur once per message are not numbered the first time.
_DEFAULT_STEMS = {
    "message/rfc822": ("message", False),
    "message/global": ("message", False),
    "message/news": ("message", False),
    "text/rfc822-headers": ("headers", False),
    "message/global-headers": ("headers", False),
    "message/delivery-status": ("delivery-status", False),
    "message/global-delivery-status": ("delivery-status", False),
}


def _guess_content_type(filename: str | None) -> str:
    if not filename or "." not in filename:
        return "application/octet-stream"
    extension = "." + filename.rpartition(".")[2].lower()
    return (
        _TYPES_BY_EXTENSION.get(extension)
        or mimetypes.guess_type("x" + extension)[0]
        or "application/octet-stream"
    )


def _default_filename(content_type: str, counters: dict[str, int]) -> str:
    """ "image-1.png", "attachment-2.pdf", "message.eml", "message-2.eml", ..."""
    stem, numbered = _DEFAULT_STEMS.get(
        content_type, ("image" if content_type.startswith("image/") else "attachment", True)
    )
    counters[stem] = counters.get(stem, 0) + 1
    extension = _EXTENSIONS.get(content_type) or mimetypes.guess_extension(content_type) or ".bin"
    if not numbered and counters[stem] == 1:
        return stem + extension
    return f"{stem}-{counters[stem]}{extension}"


def _finish_attachments(pending: list[_PendingAttachment]) -> list[Attachment]:
    counters: dict[str, int] = {}
    return [
        Attachment(
            filename=item.filename or _default_filename(item.content_type, counters),
            content_type=item.content_type,
            data=item.data,
            content_id=item.content_id,
            inline=item.inline,
        )
        for item in pending
    ]


def _unflow(text: str, delete_space: bool) -> str:
    """Join RFC 3676 soft line breaks (a line ending in a space continues on the next line of the
    same quote depth); space-stuffing is undone. The "-- " signature line is never joined."""
    out: list[str] = []
    pending = ""
    pending_depth = -1
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        if content.startswith(" "):
            content = content[1:]
        if pending and depth != pending_depth:
            out.append(">" * pending_depth + (" " if pending_depth else "") + pending)
            pending = ""
        soft = content.endswith(" ") and content != "-- "
        if soft:
            pending += content[:-1] if delete_space else content
            pending_depth = depth
            continue
        joined = pending + content
        pending = ""
        out.append((">" * depth + " " + joined) if depth else joined)
    if pending:
        out.append(">" * pending_depth + (" " if pending_depth else "") + pending)
    return "\n".join(out)


_UUENCODED_BLOCK = re.compile(
    r"^begin[ \t]+[0-7]{3,4}[ \t]+(?P<name>[^\n]+?)[ \t]*\n"
    r"(?P<body>(?:[ -`]{1,90}\n)*?)[ `]?\n?end[ \t]*$\n?",
    re.MULTILINE,
)


def _extract_uuencoded(text: str, ctx: _Context) -> tuple[str, list[_PendingAttachment]]:
    """Cut "begin 644 name" ... "end" blocks out of a plain-text body and return them as files.
    A block counts only if its lines are real uuencode (each as long as its length byte says)."""
    if "begin " not in text:
        return text, []
    files = []
    kept = []
    position = 0
    for match in _UUENCODED_BLOCK.finditer(text):
        lines = match.group("body").encode("latin-1", "replace").splitlines()
        if not _looks_uuencoded(lines):
            continue
        name = _sanitise_filename(match.group("name"))
        files.append(
            _PendingAttachment(name, _guess_content_type(name), _uudecode(lines, ctx)[1], None, False)
        )
        kept.append(text[position : match.start()])
        position = match.end()
    kept.append(text[position:])
    return "".join(kept), files


def _looks_uuencoded(lines: list[bytes]) -> bool:
    data_lines = [line for line in lines if line and (line[0] - 32) & 63]
    return bool(data_lines) and all(
        len(line) >= 1 + (((line[0] - 32) & 63) + 2) // 3 * 4 for line in data_lines
    )
