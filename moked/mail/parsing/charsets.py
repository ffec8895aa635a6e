"""Charsets: decoding text by its declared charset, else UTF-8, else windows-1252."""

from __future__ import annotations

import codecs
import functools
import re

from .context import _Context, _note

# Labels that say "we do not know": decode by guessing, without an "unknown charset" defect.
_PLACEHOLDER_CHARSETS = frozenset(
    {"unknown-8bit", "x-unknown", "unknown", "default", "x-user-defined", "8bit", "binary", "none", "charset"}
)


# Labels Python lacks, and labels whose real-world meaning is a superset (as browsers decode them).
_CHARSET_ALIASES = {
    "iso-8859-8-i": "iso8859-8",
    "iso-8859-8-e": "iso8859-8",
    "iso-8859-6-i": "iso8859-6",
    "iso-8859-6-e": "iso8859-6",
    "windows-874": "cp874",
    "x-sjis": "cp932",
}


_SUPERSETS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-8": "cp1255",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
    "big5": "big5hkscs",
}


# Python codecs that decode bytes but are not charsets.
_NOT_CHARSETS = frozenset({"idna", "punycode", "raw-unicode-escape", "unicode-escape", "undefined"})


_LATIN_CODECS = frozenset({"cp1252", "iso8859-15", "latin-1"})


@functools.lru_cache(maxsize=512)
def _resolve_charset(label: str) -> str | None:
    """The Python codec for a MIME charset label, or None if unknown or a placeholder."""
    name = label.strip().strip("\"'").strip().lower()
    if not name or name in _PLACEHOLDER_CHARSETS:
        return None
    name = _CHARSET_ALIASES.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except (LookupError, ValueError):
        return None
    try:
        b"A".decode(codec)  # bytes-to-bytes codecs such as base64 raise LookupError here
    except LookupError:
        return None
    except (UnicodeError, ValueError):
        pass  # a real charset in which a lone "A" is incomplete, such as UTF-16
    if codec in _NOT_CHARSETS:
        return None
    return _SUPERSETS.get(codec, codec)


def _decode_bytes(data: bytes, label: str | None, ctx: _Context | None, where: str) -> str:
    """Bytes → text: the declared charset, then UTF-8, then (for undeclared or unknown charsets)
    windows-1252; each fallback is recorded as a defect. Never raises."""
    codec = _resolve_charset(label) if label else None
    if label and codec is None and label.strip().strip("\"'").lower() not in _PLACEHOLDER_CHARSETS:
        _note(ctx, f"{where}: unknown charset {label!r}")
    if codec is not None:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            pass
        else:
            if codec in _LATIN_CODECS and not data.isascii() and (utf8 := _as_utf8(data)) is not None:
                _note(ctx, f"{where}: declared {label} but the bytes are UTF-8")
                return utf8
            return text.removeprefix("\ufeff")
        if codec != "utf-8" and (utf8 := _as_utf8(data)) is not None:
            _note(ctx, f"{where}: declared {label} but the bytes are UTF-8")
            return utf8
        if codec == "utf-8" and not _mostly_utf8(data):
            _note(ctx, f"{where}: declared {label} but the bytes are not UTF-8; read as windows-1252")
            return _decode_windows_1252(data)
        _note(ctx, f"{where}: bytes invalid in {label}; replaced")
        return data.decode(codec, "replace").removeprefix("\ufeff")
    if data.isascii():
        return data.decode("ascii")
    if (utf8 := _as_utf8(data)) is not None:
        _note(ctx, f"{where}: 8-bit text without a known charset; read as UTF-8")
        return utf8
    if _mostly_utf8(data):
        _note(ctx, f"{where}: 8-bit text without a known charset; read as UTF-8, invalid bytes replaced")
        return data.decode("utf-8", "replace").removeprefix("\ufeff")
    _note(ctx, f"{where}: 8-bit text without a known charset; read as windows-1252")
    return _decode_windows_1252(data)


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few damaged bytes (a truncated name, a stray Latin-1 byte): at least four valid
    multi-byte sequences for every invalid one. Legacy 8-bit text almost never forms such sequences."""
    valid = len(_UTF8_SEQUENCE.findall(data))
    invalid = data.decode("utf-8", "replace").count("\ufffd") - data.count("\ufffd".encode())
    return valid >= 4 * invalid and valid > 0


def _as_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None


def _decode_windows_1252(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # five bytes are undefined in windows-1252
        return data.decode("latin-1")
