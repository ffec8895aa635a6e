"""What the stages of one parse share: the defects noted, and the bodies and attachments found."""

from __future__ import annotations

from dataclasses import dataclass, field

_MAX_NESTING = 40  # MIME levels we walk; real mail rarely exceeds 6


@dataclass
class _Context:
    """Per-message state shared by the parsing steps."""

    defects: list[str]
    linesep: str  # line separator of the input, used when re-serialising enclosed messages
    header_charset: str | None = None  # second guess for raw 8-bit headers: the body's charset
    delivery_status: list[str] = field(default_factory=list)  # texts of message/delivery-status parts
    returned_message_ids: list[str] = field(default_factory=list)  # ids from enclosed messages/headers
    report_types: list[str] = field(default_factory=list)  # report-type of multipart/report parts

    def defect(self, description: str) -> None:
        if description not in self.defects:
            self.defects.append(description)


@dataclass
class _PendingAttachment:
    filename: str | None
    content_type: str
    data: bytes
    content_id: str | None
    inline: bool


@dataclass
class _Bodies:
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    attachments: list[_PendingAttachment] = field(default_factory=list)


def _note(ctx: _Context | None, description: str) -> None:
    if ctx is not None:
        ctx.defect(description)
