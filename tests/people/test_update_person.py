"""Changing people: nobody locks the provider out of its own desk."""

import pytest
from django.core.exceptions import ValidationError

from moked.people import services
from moked.people.models import Person
from tests.factories import AdminFactory

pytestmark = pytest.mark.django_db


def test_an_admin_cannot_demote_or_deactivate_themselves(admin):
    AdminFactory()  # another admin exists: the refusal is about oneself
    for changes in ({"role": "agent"}, {"is_active": False}):
        with pytest.raises(ValidationError, match="your own"):
            services.update_person(admin, admin, changes)
    admin.refresh_from_db()
    assert (admin.role, admin.is_active) == ("admin", True)


def test_the_last_active_admin_stays_an_admin(admin):
    other = AdminFactory()
    services.update_person(admin, other, {"is_active": False})
    assert Person.objects.filter(role="admin", is_active=True).get() == admin
    # only `admin` is left; a second admin account that is inactive does not count
    with pytest.raises(ValidationError):
        services.update_person(other, admin, {"role": "agent"})


def test_an_admin_demotes_another_when_admins_remain(admin):
    other = AdminFactory()
    services.update_person(admin, other, {"role": "team_lead", "tier": 2})
    other.refresh_from_db()
    assert other.role == "team_lead"
