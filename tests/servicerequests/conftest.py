import pytest

from .world import make_world


@pytest.fixture
def world(org, requester, agent, admin):
    return make_world(org, requester, agent, admin)
