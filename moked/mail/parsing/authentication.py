"""Authentication-Results (RFC 8601): what a receiving mail server found of SPF, DKIM and DMARC.

Only the topmost block of these fields is read: receiving servers add theirs above everything the
sender wrote, so a field further down may be the sender's own invention. The block starts at the
first Authentication-Results field and runs through the fields a receiving server adds beside it
(its filters' own marks, ARC, spam and virus scores), up to the first field of any other kind,
such as the server's Received line. Which authserv-ids to believe is for the caller to say
(moked.mail.authentication).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Fields a receiving server writes beside its Authentication-Results (milters' marks, ARC, scores).
_BESIDE = frozenset(
    {
        "authentication-results",
        "received-spf",
        "dkim-filter",
        "dmarc-filter",
        "delivered-to",
        "x-original-to",
        "return-path",
    }
)
_BESIDE_PREFIXES = ("arc-", "x-spam", "x-virus", "x-rspamd", "x-amavis")
MAX_FIELDS = 20  # a block longer than this is nobody's real trace


@dataclass(frozen=True)
class MethodResult:
    method: str  # "spf", "dkim", "dmarc", ... lower-case, without a version
    result: str  # "pass", "fail", "none", ... lower-case
    properties: dict[str, str] = field(default_factory=dict)  # "header.from" → "example.com"


@dataclass(frozen=True)
class AuthenticationResults:
    authserv_id: str  # lower-case; "" when the field has none (a broken server)
    results: list[MethodResult]


def topmost_results(fields: list[tuple[str, str]]) -> list[AuthenticationResults]:
    """The topmost block of Authentication-Results fields of a header section (a list of (name,
    unfolded value) in order), parsed, top first."""
    block: list[AuthenticationResults] = []
    started = False
    for name, value in fields:
        name = name.strip().lower()
        if name == "authentication-results":
            started = True
            block.append(parse_authentication_results(value))
            if len(block) >= MAX_FIELDS:
                break
        elif started and not (name in _BESIDE or name.startswith(_BESIDE_PREFIXES)):
            break
    return block


def parse_authentication_results(value: str) -> AuthenticationResults:
    """One field's value: "authserv-id [version]; method=result reason=... ptype.property=value; ..."."""
    segments = _split_outside_quotes(_without_comments(value), ";")
    head = _words(segments[0]) if segments else []
    authserv_id = ""
    if head and "=" not in head[0]:
        authserv_id = head[0].lower()
    else:  # no authserv-id: the first segment is already a result
        segments = ["", *segments]
    results = []
    for segment in segments[1:]:
        words = _words(segment)
        if not words or "=" not in words[0]:
            continue
        method, _, outcome = words[0].partition("=")
        properties = {}
        for word in words[1:]:
            key, equals, found = word.partition("=")
            if equals:
                properties[key.lower()] = _unquoted(found)
        results.append(MethodResult(method.split("/", 1)[0].lower(), _unquoted(outcome).lower(), properties))
    return AuthenticationResults(authserv_id, results)


def _without_comments(value: str) -> str:
    """The value with (comments) left out, nested ones too; quoted strings kept whole."""
    kept, depth, quoted, escaped = [], 0, False, False
    for character in value:
        if escaped:
            escaped = False
            if not depth:
                kept.append(character)
            continue
        if character == "\\":
            escaped = True
            if not depth:
                kept.append(character)
            continue
        if quoted:
            quoted = character != '"'
            kept.append(character)
        elif character == '"' and not depth:
            quoted = True
            kept.append(character)
        elif character == "(":
            depth += 1
            kept.append(" ")
        elif character == ")" and depth:
            depth -= 1
        elif not depth:
            kept.append(character)
    return "".join(kept)


def _split_outside_quotes(value: str, separator: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for character in value:
        if character == '"':
            quoted = not quoted
        if character == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(character)
    parts.append("".join(current))
    return parts


_WORD = re.compile(r'[^\s"=]+=(?:"(?:[^"\\]|\\.)*"|[^\s]*)|[^\s]+')


def _words(segment: str) -> list[str]:
    return _WORD.findall(segment.strip())


def _unquoted(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value
