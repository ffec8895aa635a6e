"""Who may configure organisations, as `rules` predicates: the provider's active admins.

Tenancy lies below people in the layers, so this reads the person's own attributes instead of
importing people.permissions; the rule is the same as its `is_active_admin`.
"""

import rules


@rules.predicate
def is_active_admin(person) -> bool:
    return bool(getattr(person, "is_active", False) and getattr(person, "is_admin", False))


rules.add_perm("tenancy.configure", is_active_admin)
