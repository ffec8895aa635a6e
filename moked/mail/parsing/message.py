"""The parsed message: what the parser returns and the error it raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .authentication import AuthenticationResults


@dataclass(frozen=True)
class Address:
    name: str  # decoded display name, "" if none
    # lower-case, NFC, the domain in Unicode (people.addresses.canonical); unusable ones are
    # skipped, never ""
    address: str


@dataclass(frozen=True)
class Attachment:
    filename: str  # decoded and sanitised (no path, no control or bidi characters); a default if missing
    content_type: str  # lower-case, e.g. "image/png"
    data: bytes
    content_id: str | None  # without <>, for inline cid: images
    inline: bool


@dataclass(frozen=True)
class Bounce:
    original_message_id: str | None  # Message-ID of the message that bounced
    recipients: list[str]  # the recipients the report is about (failed ones first), lower-case
    status: str  # enhanced status code, e.g. "5.1.1"; "" if unknown
    diagnostic: str  # human-readable reason, "" if none
    # Addition: "failed", "delayed" (temporary: the MTA is still trying), another DSN action such as
    # "delivered", or "" if unknown. Recipients are those with the most severe action present.
    action: str = ""


@dataclass(frozen=True)
class ParsedMessage:
    message_id: str | None  # stripped of <> and whitespace
    in_reply_to: list[str]  # message ids, no <>
    references: list[str]
    subject: str  # fully decoded, whitespace collapsed, "" if none
    sender: Address | None  # From (first usable address)
    reply_to: list[Address]
    to: list[Address]
    cc: list[Address]
    return_path: str | None  # None: header absent; "": empty return path (<>)
    date: datetime | None  # aware (UTC if the header has no zone); None if missing or unparseable
    text: str  # text/plain body part(s), else html2text of the HTML; never None
    html: str | None  # sanitised HTML body, None if the message has no HTML body
    reply_text: str  # `text` without quoted history and signature (or `text` if nothing would be left)
    attachments: list[Attachment]  # attachments, inline images, enclosed messages (.eml), TNEF contents
    auto_reply: str | None  # why the message is automatic (see the module docstring); None if human
    bounce: Bounce | None  # set for delivery status notifications and recognisable classic bounces
    defects: list[str]  # what was wrong and recovered from
    # The topmost Authentication-Results fields, top first (see parsing.authentication): what the
    # receiving servers found; whose word counts is the reader's decision.
    authentication: list[AuthenticationResults] = field(default_factory=list)


class UnparseableMessage(ValueError):
    """The bytes are not an e-mail message we can make anything of; `reason` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
