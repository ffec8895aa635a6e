"""Who may require two-factor sign-in of a group, and whom a requirement holds."""

import pytest
from django.core.exceptions import PermissionDenied

from moked.people.models import SupportGroup
from moked.people.selectors import two_factor_required
from moked.people.services import set_two_factor_requirement
from tests.factories import AdminFactory, AgentFactory, GroupFactory, PersonFactory, TeamLeadFactory

pytestmark = pytest.mark.django_db


def required(group) -> bool:
    return SupportGroup.objects.get(pk=group.pk).requires_two_factor


def test_admins_require_it_and_stop_requiring_it():
    group = GroupFactory()
    admin = AdminFactory()
    assert set_two_factor_requirement(admin, group, True).requires_two_factor
    assert required(group)
    set_two_factor_requirement(admin, group, False)
    assert not required(group)


def test_a_team_lead_of_the_group_may_require_it_but_not_lift_it():
    lead = TeamLeadFactory()
    group = GroupFactory(leads=[lead])
    set_two_factor_requirement(lead, group, True)
    assert required(group)
    with pytest.raises(PermissionDenied):
        set_two_factor_requirement(lead, group, False)
    assert required(group)


@pytest.mark.parametrize("who", ["agent", "other_lead", "member", "client", "inactive_admin"])
def test_nobody_else_changes_it(who):
    member = AgentFactory()
    group = GroupFactory(members=[member])
    actor = {
        "agent": lambda: AgentFactory(),
        "other_lead": lambda: GroupFactory(leads=[TeamLeadFactory()]).leads.get(),
        "member": lambda: member,
        "client": lambda: PersonFactory(),
        "inactive_admin": lambda: AdminFactory(is_active=False),
    }[who]()
    with pytest.raises(PermissionDenied):
        set_two_factor_requirement(actor, group, True)
    assert not required(group)


def test_it_holds_the_members_and_team_leads_of_a_requiring_group_only():
    member, lead, elsewhere = AgentFactory(), TeamLeadFactory(), AgentFactory()
    GroupFactory(members=[member], leads=[lead], requires_two_factor=True)
    GroupFactory(members=[elsewhere, lead])
    retired = GroupFactory(members=[AgentFactory()], requires_two_factor=True, is_active=False)
    assert two_factor_required(member) and two_factor_required(lead)
    assert not two_factor_required(elsewhere)
    assert two_factor_required(retired.members.get())  # switching a group off does not loosen sign-in
    left = AgentFactory(is_active=False)
    GroupFactory(members=[left], requires_two_factor=True)
    assert not two_factor_required(left)
