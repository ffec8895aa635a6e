"""Every change to a ticket: one function per action, which checks the rules, writes the change
and records its events in the same transaction; one module per group of actions, all re-exported
here, so that callers write `services.create_ticket(...)`.

Callers (API views, the demo, later e-mail and automation) pass the acting person and the channel
the action came through. Refusals raise PermissionDenied (the person may not do this) or
ValidationError (the request itself is wrong, with a code per problem); nothing is written then.
Functions that change a ticket lock it, and return it as written: callers use the returned instance.
`at` (default: now) lets an import or the demo replay history at its own times; the API never sets it.
"""

from .attachments import add_attachment
from .checks import MAX_TAGS, check_description, normalise_tags
from .comments import add_comment, add_system_note
from .creating import create_ticket
from .escalation import escalate_ticket, flag_to_manager
from .fields import EDITABLE_FIELDS, update_ticket
from .followers import add_followers
from .linking import link_follow_up, link_tickets, merge_tickets, surviving_ticket, unlink_tickets
from .phone_calls import log_call
from .status import (
    allowed_statuses,
    change_status,
    reject_resolution,
    reopen_ticket,
    reopen_window,
    transition_message,
)

__all__ = [
    "EDITABLE_FIELDS",
    "MAX_TAGS",
    "add_attachment",
    "add_comment",
    "add_followers",
    "add_system_note",
    "allowed_statuses",
    "change_status",
    "check_description",
    "create_ticket",
    "escalate_ticket",
    "flag_to_manager",
    "link_follow_up",
    "link_tickets",
    "log_call",
    "merge_tickets",
    "normalise_tags",
    "reject_resolution",
    "reopen_ticket",
    "reopen_window",
    "surviving_ticket",
    "transition_message",
    "unlink_tickets",
    "update_ticket",
]
