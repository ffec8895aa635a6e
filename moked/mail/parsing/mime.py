"""Reading a MIME part: its content type, parameters and disposition, and tolerant base64."""

from __future__ import annotations

import binascii
import re
from email.message import Message

# Bytes that do not occur in text mail; TAB, LF, VT, FF, CR and ESC (ISO-2022-JP) do.
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type()
    except Exception:
        return "text/plain"


def _declared_type_is_invalid(part: Message) -> bool:
    """compat32 silently reads an invalid Content-Type ("; name=x.jpg") as text/plain."""
    value = part.get("content-type")
    if value is None:
        return False
    main = str(value).split(";", 1)[0].strip()
    return main.count("/") != 1 or not all(main.split("/"))


def _param(part: Message, name: str, header: str = "content-type") -> str | None:
    """A MIME parameter as text (RFC 2231 collapsed; raw bytes read as Latin-1), or None."""
    try:
        value = part.get_param(name, None, header)
    except Exception:
        return None
    if isinstance(value, tuple):
        value = value[2]
    return str(value).strip() if value else None


def _disposition(part: Message) -> str | None:
    try:
        return part.get_content_disposition()
    except Exception:
        return None


_BASE64_JUNK = re.compile(rb"[^A-Za-z0-9+/=]")


_BASE64_PADDING = re.compile(rb"=+")


def _decode_base64(raw: bytes) -> tuple[bytes, str | None]:
    """Decode base64, recovering what can be: stray characters are dropped, blobs concatenated
    after padding are decoded too, a truncated tail is padded. Returns (bytes, problem or None).
    Data that is mostly not base64 at all is returned as is."""
    compact = raw.translate(None, b" \t\r\n")
    try:
        return binascii.a2b_base64(compact, strict_mode=True), None
    except binascii.Error:
        pass
    junk = len(_BASE64_JUNK.findall(compact))
    if junk * 10 > len(compact):
        return raw, "declared base64 but is not; kept undecoded"
    decoded = bytearray()
    for chunk in _BASE64_PADDING.split(_BASE64_JUNK.sub(b"", compact)):
        usable = len(chunk) - (1 if len(chunk) % 4 == 1 else 0)
        if usable:
            decoded += binascii.a2b_base64(chunk[:usable] + b"=" * (-usable % 4))
    return bytes(decoded), "broken base64; decoded what could be"
