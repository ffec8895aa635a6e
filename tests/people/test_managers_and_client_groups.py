"""People's managers and client groups: who may set them, and that they stay within one organisation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from moked.people import selectors, services
from tests.factories import AgentFactory, ClientManagerFactory, OrganisationFactory, PersonFactory


@pytest.fixture
def beta(db):
    return OrganisationFactory(code="BETA", domains=["beta.example"])


def test_a_manager_is_of_the_same_organisation_and_not_oneself(org, requester, beta):
    manager = ClientManagerFactory(organisation=org)
    assert services.update_person(manager, requester, {"manager": manager}).manager == manager
    with pytest.raises(ValidationError):
        services.update_person(manager, requester, {"manager": PersonFactory(organisation=beta)})
    with pytest.raises(ValidationError):
        services.update_person(manager, requester, {"manager": requester})
    with pytest.raises(PermissionDenied):  # an end user does not choose their own manager
        services.update_person(requester, requester, {"manager": None})


def test_client_groups_are_managed_by_the_organisations_client_managers_and_staff(
    org, requester, agent, admin, beta
):
    manager = ClientManagerFactory(organisation=org)
    group = services.create_client_group(manager, organisation=org, name=" Finance ", members=[requester])
    assert (group.name, list(group.members.all())) == ("Finance", [requester])
    renamed = services.update_client_group(agent, group, {"name": "Finance team", "members": []})
    assert (renamed.name, renamed.members.count()) == ("Finance team", 0)
    for outsider in (requester, ClientManagerFactory(organisation=beta), AgentFactory(serves=[beta])):
        with pytest.raises(PermissionDenied):
            services.create_client_group(outsider, organisation=org, name="Sales")
    with pytest.raises(ValidationError):
        services.update_client_group(admin, group, {"members": [PersonFactory(organisation=beta)]})
    with pytest.raises(ValidationError):
        services.create_client_group(admin, organisation=org, name="Finance team")


def test_who_sees_which_client_groups(org, requester, agent, admin, beta):
    group = services.create_client_group(admin, organisation=org, name="Finance", members=[requester])
    services.create_client_group(admin, organisation=beta, name="Beta team")
    assert list(selectors.visible_client_groups(requester)) == [group]
    assert list(selectors.visible_client_groups(PersonFactory(organisation=org))) == []
    assert list(selectors.visible_client_groups(agent)) == [group]
    assert selectors.visible_client_groups(admin).count() == 2
