"""How near a ticket's next SLA due time is, as the lists and the ticket page mark it (pure: no
Django imports): overdue once it has passed, due soon within the "breaching soon" window."""

from datetime import datetime, timedelta

# The window of the "breaching soon" view (moked/web/workspace/desk.py).
SOON = timedelta(hours=4)
OVERDUE, DUE_SOON = "overdue", "soon"


def due_state(due_at: datetime | None, now: datetime, soon: timedelta = SOON) -> str:
    """OVERDUE, DUE_SOON, or "" for a due time further away (or none)."""
    if due_at is None:
        return ""
    if due_at <= now:
        return OVERDUE
    if due_at <= now + soon:
        return DUE_SOON
    return ""
