"""Readable ticket references such as INC-000123 (pure: no Django imports)."""

import re

INCIDENT = "incident"
SERVICE_REQUEST = "service_request"
PROBLEM = "problem"
CHANGE = "change"

PREFIXES = {INCIDENT: "INC", SERVICE_REQUEST: "REQ", PROBLEM: "PRB", CHANGE: "CHG"}
_TYPES_BY_PREFIX = {prefix: ticket_type for ticket_type, prefix in PREFIXES.items()}
_REFERENCE = re.compile(r"^\s*([A-Za-z]{3})-?0*(\d{1,12})\s*$")
DIGITS = 6

REFERENCE_PATTERN = r"[A-Za-z]{3}-?\d{1,12}"  # for URL routes; parse_reference does the real check


def format_reference(ticket_type: str, number: int) -> str:
    """INC-000123: the prefix of the type and the number, zero-padded to at least six digits."""
    return f"{PREFIXES[ticket_type]}-{number:0{DIGITS}d}"


def parse_reference(text: str) -> tuple[str, int] | None:
    """(type, number) for a reference such as "INC-000123", "inc-123" or "INC123"; None if it is not one."""
    match = _REFERENCE.match(text)
    if not match:
        return None
    ticket_type = _TYPES_BY_PREFIX.get(match.group(1).upper())
    if ticket_type is None:
        return None
    return ticket_type, int(match.group(2))
