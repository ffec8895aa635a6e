"""Who may read the failed tasks, as `rules` predicates: the provider's active admins (arguments
and tracebacks are the installation's insides).

Jobs is a shared module below every app, so this reads the person's own attributes instead of
importing people.permissions; the rule is the same as its `is_active_admin`.
"""

import rules


@rules.predicate
def is_active_admin(person) -> bool:
    return bool(getattr(person, "is_active", False) and getattr(person, "is_admin", False))


rules.add_perm("jobs.view_failed_tasks", is_active_admin)
