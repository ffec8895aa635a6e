"""Headers: encoded words, addresses, Message-IDs, the Return-Path and the date."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email import policy
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from moked.people import addresses

from .charsets import _as_utf8, _decode_bytes
from .context import _Context
from .message import Address
from .mime import _decode_base64

_SURROGATES = re.compile("[\udc80-\udcff]")


_FOLDING = re.compile(r"\r?\n(?=[ \t])")


_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,75})\?([bBqQ])\?([^?]*)\?=")


_Q_ESCAPE = re.compile(rb"=([0-9A-Fa-f]{2})")


class _Headers:
    """Raw header values of one part by lower-case name, with decoding on demand."""

    def __init__(self, values: dict[str, list[str]], ctx: _Context | None, order: list[str] | None = None):
        self._values = values
        self._ctx = ctx
        self._order = order or []  # lower-case names in the order the fields came, repeats included

    @classmethod
    def of(cls, part: Message, ctx: _Context | None) -> _Headers:
        values: dict[str, list[str]] = {}
        order: list[str] = []
        for name, value in part.raw_items():
            name = name.strip().lower()
            values.setdefault(name, []).append(value)
            order.append(name)
        return cls(values, ctx, order)

    @property
    def names(self) -> list[str]:
        return list(self._values)

    def in_order(self) -> list[tuple[str, str]]:
        """Every field as (lower-case name, unfolded value), top first."""
        seen: dict[str, int] = {}
        fields = []
        for name in self._order:
            index = seen.get(name, 0)
            seen[name] = index + 1
            fields.append((name, self._unfolded(self._values[name][index])))
        return fields

    def all(self, name: str) -> list[str]:
        """Every value of the header, unfolded, raw 8-bit bytes decoded, encoded words left alone."""
        return [self._unfolded(value) for value in self._values.get(name, ())]

    def first(self, name: str) -> str | None:
        values = self._values.get(name)
        return self._unfolded(values[0]) if values else None

    def text(self, name: str, decode_words: bool = True) -> str:
        """The first value as text, with RFC 2047 encoded words decoded; "" if absent."""
        value = self.first(name) or ""
        return _decode_encoded_words(value, self._ctx) if decode_words else value

    def _unfolded(self, value: str) -> str:
        value = _FOLDING.sub("", value).strip()
        if _SURROGATES.search(value):
            value = self._decode_8bit(value)
        return value

    def _decode_8bit(self, value: str) -> str:
        """Raw 8-bit header bytes: UTF-8 (RFC 6532) or, failing that, the body's charset or
        windows-1252."""
        data = value.encode("utf-8", "surrogateescape")
        if (utf8 := _as_utf8(data)) is not None:
            return utf8
        charset = self._ctx.header_charset if self._ctx else None
        return _decode_bytes(data, charset, self._ctx, "raw 8-bit header")


def _decode_encoded_words(text: str, ctx: _Context | None) -> str:
    """Decode RFC 2047 encoded words leniently: also inside words and quoted strings, with spaces in
    the encoded text, with bad padding, unknown charsets (fallback with a defect) and multi-byte
    characters split across adjacent words (adjacent words of one charset are joined first)."""
    if "=?" not in text:
        return text
    pieces: list[str | tuple[str, bytes]] = []
    position = 0
    for match in _ENCODED_WORD.finditer(text):
        between = text[position : match.start()]
        follows_word = bool(pieces) and isinstance(pieces[-1], tuple)
        if between and not (follows_word and between.isspace()):
            pieces.append(between)
        charset = match.group(1).split("*", 1)[0]
        data = _decode_word_payload(match.group(2).upper(), match.group(3))
        if pieces and isinstance(pieces[-1], tuple) and pieces[-1][0].lower() == charset.lower():
            pieces[-1] = (charset, pieces[-1][1] + data)
        else:
            pieces.append((charset, data))
        position = match.end()
    pieces.append(text[position:])
    return "".join(
        piece if isinstance(piece, str) else _decode_bytes(piece[1], piece[0], ctx, "header")
        for piece in pieces
    )


def _decode_word_payload(encoding: str, payload: str) -> bytes:
    raw = payload.encode("utf-8", "surrogateescape")
    if encoding == "B":
        return _decode_base64(raw)[0]
    return _Q_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw.replace(b"_", b" "))


_ADDR_SPEC = r"[^\s<>()\[\]\\,;:@\"]+@[^\s<>()\[\]\\,;:@\"]+"


# The common shapes: addr, Name <addr>, "Name" <addr>; anything else goes to policy.default.
_SIMPLE_MAILBOX = (
    r'\s*(?:(?:"(?P<quoted>[^"\\]*)"|(?P<phrase>[^"<>()\[\]\\,;:@]*?))\s*<\s*(?P<angle>{spec})\s*>'
    r"|(?P<bare>{spec}))\s*"
)


_SIMPLE_MAILBOX_RE = re.compile(_SIMPLE_MAILBOX.format(spec=_ADDR_SPEC))


_UNNAMED_MAILBOX = re.sub(r"\?P<\w+>", "?:", _SIMPLE_MAILBOX.format(spec=_ADDR_SPEC))


_SIMPLE_ADDRESS_LIST = re.compile(rf"(?:{_UNNAMED_MAILBOX},)*{_UNNAMED_MAILBOX},?\s*")


_USABLE_ADDRESS = re.compile(r"[^\s@<>]+@[^\s@<>]+")


def _addresses(headers: _Headers, name: str, ctx: _Context) -> list[Address]:
    """Usable addresses from every header of that name, in order, without duplicates."""
    found: list[Address] = []
    seen: set[str] = set()
    for value in headers.all(name):
        for display, address in _parse_address_list(name, value, ctx):
            if "=?" in address:  # RFC 2047 forbids it, yet Python's email package writes it
                ctx.defect(f"{name}: encoded words in an address")
                address = _decode_encoded_words(address, ctx)
            address = addresses.canonical(address)
            if address in seen or not _USABLE_ADDRESS.fullmatch(address):
                continue
            seen.add(address)
            display = _decode_encoded_words(display, ctx) if "=?" in display else display
            found.append(Address(name=" ".join(display.split()).strip("'\" "), address=address))
    return found


def _parse_address_list(name: str, value: str, ctx: _Context) -> list[tuple[str, str]]:
    if _SIMPLE_ADDRESS_LIST.fullmatch(value):
        return [
            (match["quoted"] or match["phrase"] or "", match["angle"] or match["bare"])
            for match in _SIMPLE_MAILBOX_RE.finditer(value)
            if match["angle"] or match["bare"]
        ]
    try:
        header = policy.default.header_factory(name, value)
        parsed = [(a.display_name, a.addr_spec) for a in header.addresses]
    except Exception as exc:  # policy.default's parser has crashed on malformed input before
        ctx.defect(
            f"{name}: policy.default could not parse the header ({type(exc).__name__}); used getaddresses"
        )
        return [(display, address) for display, address in getaddresses([value]) if address]
    if "@" in value and not any("@" in address for _, address in parsed):
        ctx.defect(f"{name}: malformed address list; used getaddresses")
        parsed = [(display, address) for display, address in getaddresses([value]) if "@" in address]
        if not parsed:
            parsed = [("", match) for match in re.findall(_ADDR_SPEC, value)]
    return parsed


_ANGLE_ID = re.compile(r"<([^<>]*)>")


_MESSAGE_ID_LINE = re.compile(r"^message-id:[ \t]*(.*(?:\r?\n[ \t].*)*)", re.IGNORECASE | re.MULTILINE)


def _single_message_id(value: str | None) -> str | None:
    if not value:
        return None
    match = _ANGLE_ID.search(value)
    cleaned = "".join((match.group(1) if match else value).split())
    return cleaned or None


def _message_ids(values: list[str]) -> list[str]:
    """Ids from In-Reply-To/References values: <...> tokens, or whitespace-separated words when a
    broken client left the brackets out; no duplicates."""
    ids: list[str] = []
    for value in values:
        tokens = _ANGLE_ID.findall(value) or value.replace(",", " ").split()
        for token in tokens:
            cleaned = "".join(token.split())
            if cleaned and cleaned not in ids:
                ids.append(cleaned)
    return ids


def _return_path(headers: _Headers) -> str | None:
    value = headers.first("return-path")
    if value is None:
        return None
    match = _ANGLE_ID.search(value)
    return "".join((match.group(1) if match else value).split()).lower()


def _date(headers: _Headers, ctx: _Context) -> datetime | None:
    value = headers.first("date")
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        ctx.defect(f"unparseable Date header {value[:60]!r}")
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
