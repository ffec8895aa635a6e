"""The calendars moved from sla to businesstime without moving a row: a database made before the
move keeps its calendars, their exceptions, the policies and agents' hours that follow them, under
the same ids and in the same tables; undoing the move gives the old app its models back."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from moked.assignment.models import AgentProfile
from moked.businesstime.models import Calendar, CalendarException
from moked.sla.models import SlaPolicy

BEFORE = [
    ("sla", "0002_label_wording"),
    ("assignment", "0002_last_assigned_label"),
    ("businesstime", None),
]
AFTER = [
    ("sla", "0003_calendars_to_businesstime"),
    ("assignment", "0003_calendar_in_businesstime"),
    ("businesstime", "0001_initial"),
]
HOURS = {"0": [["08:00", "17:00"]]}


@pytest.mark.django_db(transaction=True)
def test_the_calendars_move_to_businesstime_with_their_rows_and_tables():
    calendar_type = ContentType.objects.get_for_model(Calendar).pk
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        tables = set(connection.introspection.table_names())
        old = MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps
        org = old.get_model("tenancy", "Organisation").objects.create(code="ACME", name="Acme")
        calendar = old.get_model("sla", "Calendar").objects.create(
            organisation=org, name="Office hours", timezone="Asia/Jerusalem", country="IL", weekly_hours=HOURS
        )
        exception = old.get_model("sla", "CalendarException").objects.create(
            calendar=calendar, date=date(2026, 12, 24), hours=[], note="Closed"
        )
        policy = old.get_model("sla", "SlaPolicy").objects.create(
            organisation=org, name="Standard", calendar=calendar, resolution_minutes=540
        )
        person = old.get_model("people", "Person").objects.create(username="avi", name="Avi", role="agent")
        profile = old.get_model("assignment", "AgentProfile").objects.create(person=person, calendar=calendar)
        assert ContentType.objects.get(pk=calendar_type).app_label == "sla"  # as the old release had it

        MigrationExecutor(connection).migrate(AFTER)

        assert set(connection.introspection.table_names()) == tables  # nothing created, nothing dropped
        moved = Calendar.objects.get(pk=calendar.pk)
        assert (moved.name, moved.organisation_id, moved.country, moved.weekly_hours) == (
            "Office hours",
            org.pk,
            "IL",
            HOURS,
        )
        assert list(CalendarException.objects.values_list("pk", "calendar_id", "note")) == [
            (exception.pk, calendar.pk, "Closed")
        ]
        assert SlaPolicy.objects.get(pk=policy.pk).calendar == moved
        assert AgentProfile.objects.get(pk=profile.pk).calendar == moved
        assert ContentType.objects.get(pk=calendar_type).app_label == "businesstime"
        monday = datetime(2026, 12, 21, 8, 0, tzinfo=ZoneInfo("Asia/Jerusalem"))
        assert moved.business_calendar().add_business_minutes(monday, 60) == monday + timedelta(hours=1)

        MigrationExecutor(connection).migrate(BEFORE)  # and back: sla has its models again
        old = MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps
        assert old.get_model("sla", "SlaPolicy").objects.get(pk=policy.pk).calendar.name == "Office hours"
        assert ContentType.objects.get(pk=calendar_type).app_label == "sla"
    finally:  # every app back at its latest migration, for the tests that come after
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
