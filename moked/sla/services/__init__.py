"""The SLA engine's writes, by action: configuring policies (`policies`), following a ticket's
changes with its clocks (`following`) and the worker's periodic check for warnings and breaches
(`checks`); both of the last two keep a ticket's clocks through `ticket_clocks`."""

from .checks import check_due_clocks
from .following import follow_ticket
from .policies import create_policy, delete_policy, update_policy

__all__ = ["check_due_clocks", "create_policy", "delete_policy", "follow_ticket", "update_policy"]
