"""The object rule `people.view_person` and the list selector `visible_people` agree, for everyone."""

import pytest
import rules

from moked.people.selectors import visible_people
from tests.factories import (
    AdminFactory,
    AgentFactory,
    ClientManagerFactory,
    OrganisationFactory,
    PersonFactory,
    TeamLeadFactory,
)

pytestmark = pytest.mark.django_db


def test_the_rule_and_the_selector_agree_for_every_pair():
    a, b = OrganisationFactory(), OrganisationFactory()
    people = [
        PersonFactory(organisation=a),
        PersonFactory(organisation=a),
        PersonFactory(organisation=b),
        ClientManagerFactory(organisation=a),
        ClientManagerFactory(organisation=b),
        AgentFactory(serves=[a]),
        AgentFactory(serves=[a, b]),
        AgentFactory(),
        TeamLeadFactory(serves=[b]),
        AdminFactory(),
        PersonFactory(organisation=a, is_active=False),
        AgentFactory(serves=[a], is_active=False),
    ]
    seen_by_some_and_not_others = 0
    for viewer in people:
        listed = set(visible_people(viewer).values_list("pk", flat=True))
        for person in people:
            assert rules.has_perm("people.view_person", viewer, person) == (person.pk in listed), (
                viewer,
                person,
            )
        seen_by_some_and_not_others += 0 < len(listed & {p.pk for p in people}) < len(people)
    assert seen_by_some_and_not_others >= 5  # the population really exercises the rules
