"""Configuring SLA policies: the provider's admins only."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from moked.people.permissions import require
from moked.records import save_changes, save_new

from ..models import SlaPolicy


def _require_admin(actor) -> None:
    require(actor, "sla.configure", message=_("Only admins configure calendars and SLA policies."))


def create_policy(actor, **fields) -> SlaPolicy:
    _require_admin(actor)
    return save_new(SlaPolicy, fields)


def update_policy(actor, policy: SlaPolicy, changes: dict) -> SlaPolicy:
    """Change a policy; tickets already under it keep their targets until their priority,
    service or type changes (a contract change does not rewrite open commitments)."""
    _require_admin(actor)
    return save_changes(policy, changes)


def delete_policy(actor, policy: SlaPolicy) -> None:
    """Delete a policy no ticket was ever timed by; one with history can only be deactivated."""
    _require_admin(actor)
    if policy.clocks.exists():
        raise ValidationError(
            _("Tickets were timed by this policy: deactivate it instead, to keep their history."),
            code="in_use",
        )
    policy.delete()
