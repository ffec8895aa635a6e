"""A database made by the previous release upgrades to this one with no data changed.

The test migrates Moked's apps back to the migrations the previous release (commit 8fc9b44)
ended at, writes representative rows with the models of that time (an organisation with its
domain, people, a group, a service, a ticket with a comment, events, a tag and an SLA clock, a
calendar, a mailbox with its IMAP password, a webhook, a rule and a macro), migrates to the latest
migrations, and compares every row of every table of Moked's apps, column by column. Only the
secrets change as stored (they are encrypted since), and read back as they were written.
"""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from moked.mail.models import Mailbox
from moked.webhooks.models import Webhook

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# Each app's last migration in the previous release; Moked's apps not named here had none then.
PREVIOUS_RELEASE = {
    "api": "0001_initial",
    "assignment": "0002_last_assigned_label",
    "automation": "0001_initial",
    "catalog": "0001_initial",
    "jobs": "0001_initial",
    "mail": "0003_inbound_message_discarding",
    "notifications": "0001_initial",
    "people": "0003_group_requires_two_factor",
    "sla": "0002_label_wording",
    "tenancy": "0002_organisation_tags",
    "tickets": "0010_open_ticket_indexes",
    "webhooks": "0001_initial",
    "workspace": "0001_saved_views",
}
# Columns the migrations since rewrite on purpose: the secrets, now stored encrypted.
ENCRYPTED = {("mail_mailbox", "imap_password"), ("webhooks_webhook", "secret")}
PASSWORD, WHEN = "hunter2-imap", dt.datetime(2026, 11, 3, 9, 30, tzinfo=dt.UTC)


def _moked_apps(executor: MigrationExecutor) -> list[str]:
    from django.apps import apps

    labels = {node[0] for node in executor.loader.graph.nodes}
    return sorted(
        label
        for label in labels
        if label in apps.app_configs and apps.app_configs[label].name.startswith("moked.")
    )


def _previous_release(executor: MigrationExecutor) -> list[tuple[str, str | None]]:
    return [(label, PREVIOUS_RELEASE.get(label)) for label in _moked_apps(executor)]


def _tables(prefixes: list[str]) -> list[str]:
    names = connection.introspection.table_names()
    return sorted(name for name in names if any(name.startswith(f"{prefix}_") for prefix in prefixes))


def _rows(table: str) -> dict[object, dict[str, object]]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (names from the introspection)
        columns = [column[0] for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    key = "id" if "id" in columns else columns[0]
    return {row[key]: row for row in rows}


def _write_previous_release_rows(old) -> dict[str, object]:
    """Rows as the previous release wrote them, through its own models."""

    def model(label: str, name: str):
        return old.get_model(label, name)

    org = model("tenancy", "Organisation").objects.create(code="ACME", name="Acme", tags=["vip"])
    model("tenancy", "EmailDomain").objects.create(organisation=org, domain="acme.example")
    requester = model("people", "Person").objects.create(
        username="dana", name="Dana Cohen", email="Dana@Acme.example", role="end_user", organisation=org
    )
    agent = model("people", "Person").objects.create(username="avi", name="Avi Agent", role="agent", tier=1)
    agent.organisations.add(org)
    group = model("people", "SupportGroup").objects.create(name="Service desk", tier=1)
    group.members.add(agent)
    service = model("catalog", "Service").objects.create(organisation=org, name="Payroll")
    calendar = model("sla", "Calendar").objects.create(
        organisation=org, name="Office", timezone="Asia/Jerusalem", weekly_hours={"0": [["08:00", "17:00"]]}
    )
    model("sla", "CalendarException").objects.create(calendar=calendar, date=dt.date(2026, 12, 25), hours=[])
    ticket = model("tickets", "Ticket").objects.create(
        number=1,
        ticket_type="incident",
        organisation=org,
        requester=requester,
        service=service,
        subject="Printer prints blank pages",
        description="Since this morning.",
        status="assigned",
        impact=2,
        urgency=2,
        priority=3,
        group=group,
        assignee=agent,
        sla_due_at=WHEN,
    )
    model("tickets", "TicketTag").objects.create(ticket=ticket, name="printer")
    comment = model("tickets", "Comment").objects.create(
        ticket=ticket, author=agent, body="On it.", is_public=True
    )
    events = model("tickets", "TicketEvent")
    events.objects.create(
        ticket=ticket, kind="created", actor=requester, at=WHEN, channel="portal", is_public=True
    )
    events.objects.create(
        ticket=ticket,
        kind="comment_added",
        actor=agent,
        at=WHEN,
        channel="web",
        comment=comment,
        is_public=True,
    )
    events.objects.create(
        ticket=ticket,
        kind="field_changed",
        actor=agent,
        at=WHEN,
        channel="web",
        field="assignee",
        new_value="2",
    )
    policy = model("sla", "SlaPolicy").objects.create(
        organisation=org, name="Acme hours", calendar=calendar, resolution_minutes=480
    )
    clock = model("sla", "SlaClock").objects.create(
        ticket=ticket, kind="resolution", policy=policy, target_minutes=480, started_at=WHEN, due_at=WHEN
    )
    model("sla", "SlaSegment").objects.create(clock=clock, started_at=WHEN, counting=True, reason="assigned")
    mailbox = model("mail", "Mailbox").objects.create(
        organisation=org, address="desk@support.example", imap_password=PASSWORD
    )
    webhook = model("webhooks", "Webhook").objects.create(name="CRM", url="https://crm.example.com/h")
    model("automation", "Rule").objects.create(
        name="VIP first",
        trigger="ticket_created",
        conditions={"all": [{"field": "priority", "operator": "lte", "value": 2}], "any": []},
        actions=[{"action": "set_group", "value": group.pk}],
    )
    model("automation", "Macro").objects.create(name="Reset sent", reply="Link sent.")
    return {"mailbox": mailbox.pk, "webhook": webhook.pk, "secret": webhook.secret}


def test_a_database_of_the_previous_release_upgrades_with_no_data_changed():
    executor = MigrationExecutor(connection)
    targets = _previous_release(executor)
    executor.migrate(targets)
    try:
        old = MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps
        written = _write_previous_release_rows(old)
        tables = _tables(_moked_apps(executor))
        before = {table: _rows(table) for table in tables}
        assert sum(len(rows) for rows in before.values()) >= 20

        latest = MigrationExecutor(connection)
        latest.loader.build_graph()
        latest.migrate(latest.loader.graph.leaf_nodes())

        present = set(connection.introspection.table_names())
        assert [table for table in tables if table not in present] == []
        for table in tables:
            after = _rows(table)
            assert after.keys() == before[table].keys(), table
            for key, row in before[table].items():
                for column, value in row.items():
                    if (table, column) not in ENCRYPTED:
                        assert after[key][column] == value, (table, key, column)
        assert Mailbox.objects.get(pk=written["mailbox"]).imap_password == PASSWORD
        assert Webhook.objects.get(pk=written["webhook"]).secret == written["secret"]
    finally:  # every app back at its latest migration, for the tests that come after
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
