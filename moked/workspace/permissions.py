"""Who may keep saved views of tickets, as `rules` predicates (see people.permissions): the
provider's staff keep their own, and share them with a group they belong to.
"""

import rules

from moked.people.permissions import is_active_staff, is_admin


@rules.predicate
def owns_view(person, view) -> bool:
    return view.owner_id == person.pk


@rules.predicate
def belongs_to_group(person, group) -> bool:
    return group.members.filter(pk=person.pk).exists() or group.leads.filter(pk=person.pk).exists()


rules.add_perm("workspace.keep_views", is_active_staff)
rules.add_perm("workspace.change_view", is_active_staff & owns_view)
rules.add_perm("workspace.share_view_with", is_admin | belongs_to_group)
