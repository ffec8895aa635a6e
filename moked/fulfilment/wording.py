"""What fulfilment shows people, translated: the actions' names, a plan's problems, and an action
run's outcome (the connectors speak English; their own words are kept for the audit as said)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .connectors.base import Action

ACTION_LABELS = {
    Action.RESET_PASSWORD: gettext_lazy("Reset the password"),
    Action.UNLOCK: gettext_lazy("Unlock the account"),
    Action.RESET_MFA: gettext_lazy("Reset multi-factor sign-in"),
    Action.ADD_TO_GROUP: gettext_lazy("Add to a group"),
    Action.REMOVE_FROM_GROUP: gettext_lazy("Remove from a group"),
    Action.CREATE_USER: gettext_lazy("Create the account"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def problem_text(problem: tuple[str, dict]) -> str:
    """A problem of plans (a template marked with `_` there, and its parameters), translated."""
    template, params = problem
    return _(template) % params


def run_summary(run) -> str:
    """An action run's outcome in the reader's language (the connector's English words are in
    `run.summary`, kept for the audit)."""
    values = {
        "account": run.parameters.get("account", ""),
        "group": run.parameters.get("group", ""),
        "action": action_label(run.action),
    }
    done = {
        Action.RESET_PASSWORD: _(
            "Set a new temporary password for %(account)s; its person was sent a one-time link."
        ),
        Action.UNLOCK: _("Unlocked %(account)s."),
        Action.RESET_MFA: _("Reset the multi-factor sign-in of %(account)s."),
        Action.ADD_TO_GROUP: _("Added %(account)s to %(group)s."),
        Action.REMOVE_FROM_GROUP: _("Removed %(account)s from %(group)s."),
        Action.CREATE_USER: _("Created the account %(account)s."),
    }
    unchanged = {
        Action.UNLOCK: _("%(account)s was not locked."),
        Action.RESET_MFA: _("%(account)s had no multi-factor enrolment."),
        Action.ADD_TO_GROUP: _("%(account)s was already a member of %(group)s."),
        Action.REMOVE_FROM_GROUP: _("%(account)s was not a member of %(group)s."),
        Action.CREATE_USER: _("The account %(account)s already existed; it was left as it is."),
    }
    status = run.status
    if status == "done" and run.action in done:
        return done[run.action] % values
    if status == "unchanged" and run.action in unchanged:
        return unchanged[run.action] % values
    if status == "failed":
        return _("%(action)s for %(account)s failed: %(error)s") % {**values, "error": run.error}
    if status == "pending":
        return _("%(action)s for %(account)s: waiting to run.") % values
    if status == "running":
        return _("%(action)s for %(account)s: running.") % values
    if status == "cancelled":
        return _("%(action)s for %(account)s: not done, the request was closed.") % values
    return run.summary
