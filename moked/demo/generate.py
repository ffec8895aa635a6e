"""Building the demo: configuration through the domain services, then tickets whose whole history
(assignment, replies, notes, pending, escalation, resolution, closing, reopening) is replayed
through the same services at past times, so every ticket has a true timeline.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from moked.api.models import ApiToken
from moked.automation import services as automation
from moked.automation.engine import suppressed as rules_suppressed
from moked.businesstime import services as businesstime
from moked.catalog import services as catalog
from moked.classification.process_cache import forget_all as forget_models_in_use
from moked.mail import configuration as mail
from moked.mail.outbound import suppressed as mail_suppressed
from moked.notifications.models import Notification
from moked.people import services as people
from moked.people.models import Person, Role, SupportGroup
from moked.sla import services as sla
from moked.sla.services import check_due_clocks
from moked.tenancy import services as tenancy
from moked.tenancy.models import Organisation
from moked.tickets import services as tickets
from moked.tickets.models import Channel, EventChannel, ResolutionCode
from moked.webhooks.services import suppressed as webhooks_suppressed
from moked.workspace import services as workspace

from . import content, parallel
from .catalogue import seed_catalogue
from .classification import train_models
from .knowledge import seed_knowledge

PHONE_FORMATS = {
    "IL": "+972 5{} {:03d} {:04d}",
    "IR": "+98 91{} {:03d} {:04d}",
    "FI": "+358 4{} {:03d} {:04d}",
    "GB": "+44 7{}00 {:03d} {:03d}",
}
BATCH = 250  # tickets replayed per transaction
CHANNEL_WEIGHTS = (
    (Channel.EMAIL, 45),
    (Channel.PORTAL, 25),
    (Channel.PHONE, 20),
    (Channel.API, 5),
    (Channel.CHAT, 5),
)


@dataclass
class Demo:
    """What was created, for printing the logins."""

    logins: list[tuple[str, str]] = field(default_factory=list)
    api_key: str = ""
    tickets: int = 0
    processes: int = 1  # how many processes replayed the tickets
    models: int = 0  # classification models trained on the history


def demo_loaded() -> bool:
    return Organisation.objects.filter(code__in=[spec.code for spec in content.ORGANISATIONS]).exists()


class _World:
    """The configuration the tickets are generated from."""

    def __init__(self):
        self.admin: Person | None = None
        self.staff: dict[str, Person] = {}
        self.groups: dict[str, SupportGroup] = {}
        self.organisations: dict[str, Organisation] = {}
        self.categories: dict[str, object] = {}
        self.own_categories: dict[str, list] = {}
        self.services: dict[tuple[str, str], object] = {}
        self.clients: dict[str, list[Person]] = {}
        self.serves: dict[int, set[int]] = {}  # staff person → organisations served
        self.members: dict[int, list[Person]] = {}  # group → members


def _configure(world: _World, demo: Demo) -> None:
    admin_spec = content.STAFF[0]
    admin = Person(
        username=admin_spec[0], name=admin_spec[1], role=Role.ADMIN, email=f"{admin_spec[0]}@moked.example"
    )
    admin.set_unusable_password()
    admin.save()
    world.admin = admin

    for spec in content.ORGANISATIONS:
        world.organisations[spec.code] = tenancy.create_organisation(
            admin,
            code=spec.code,
            name=spec.name,
            language=spec.language,
            timezone=spec.timezone,
            country=spec.country,
            email_domains=[spec.domain],
            priority_matrix=[list(row) for row in spec.priority_matrix] if spec.priority_matrix else None,
        )

    world.staff[admin.username] = admin
    for username, name, role, tier, served in content.STAFF[1:]:
        codes = served or [spec.code for spec in content.ORGANISATIONS]
        world.staff[username] = people.create_person(
            admin,
            username=username,
            name=name,
            role=role,
            tier=tier,
            email=f"{username}@moked.example",
            organisations=[world.organisations[code] for code in codes],
        )
        world.serves[world.staff[username].pk] = {world.organisations[code].pk for code in codes}
    for name, tier, members, leads, description in content.GROUPS:
        world.groups[name] = people.create_group(
            admin,
            name=name,
            tier=tier,
            description=description,
            members=[world.staff[m] for m in members],
            leads=[world.staff[lead] for lead in leads],
        )
        world.members[world.groups[name].pk] = [world.staff[m] for m in members]

    for parent_name, children in content.CATEGORIES.items():
        parent = catalog.create_category(admin, name=parent_name)
        world.categories[parent_name] = parent
        for child in children:
            world.categories[f"{parent_name}/{child}"] = catalog.create_category(
                admin, name=child, parent=parent
            )
    business = catalog.create_category(admin, name="Business systems")
    for spec in content.ORGANISATIONS:
        organisation = world.organisations[spec.code]
        world.own_categories[spec.code] = [
            catalog.create_category(admin, name=name, parent=business, organisation=organisation)
            for name in spec.categories
        ]
        for key, (name, criticality, coverage, model, detail) in content.SERVICES.items():
            extra = (
                {"runbook": detail}
                if model == "resolve"
                else {"dispatch_team": f"{spec.name}: {detail}", "dispatch_contact": f"it-apps@{spec.domain}"}
            )
            world.services[(spec.code, key)] = catalog.create_service(
                admin,
                organisation=organisation,
                name=name,
                criticality=criticality,
                coverage=coverage,
                service_model=model,
                **extra,
            )

    for spec in content.ORGANISATIONS:
        organisation = world.organisations[spec.code]
        clients = []
        for index, name in enumerate(content.NAMES[spec.language]):
            role = Role.CLIENT_MANAGER if index == 0 else Role.END_USER
            username = content.client_username(spec.code, index)
            phone = PHONE_FORMATS[spec.country].format(index % 10, 100 + index * 7, 1000 + index * 137)
            clients.append(
                people.create_person(
                    admin,
                    username=username,
                    name=name,
                    role=role,
                    organisation=organisation,
                    phone=phone,
                    email=f"{username.split('.', 1)[1]}@{spec.domain}",
                )
            )
        world.clients[spec.code] = clients

    Person.objects.filter(username=content.SERVICE_MANAGER).update(is_service_manager=True)
    for spec in content.ORGANISATIONS:
        organisation = world.organisations[spec.code]
        mail.create_mailbox(
            admin,
            organisation=organisation,
            address=content.mailbox_address(spec.code),
            name=f"{spec.name} support",
        )
        office = businesstime.create_calendar(
            admin, organisation=organisation, name=f"{spec.code} office hours"
        )
        always = businesstime.create_calendar(
            admin, organisation=organisation, name=f"{spec.code} 24x7", always_open=True
        )
        for priority, name, first, following, resolution, round_the_clock, group in content.SLA_POLICIES:
            sla.create_policy(
                admin,
                organisation=organisation,
                name=name,
                priority=priority,
                calendar=always if round_the_clock else office,
                first_response_minutes=first,
                next_response_minutes=following,
                resolution_minutes=resolution,
                escalation_group=world.groups[group] if group else None,
            )

    login_usernames = [s[0] for s in content.STAFF] + [
        f"{spec.code.lower()}.{kind}" for spec in content.ORGANISATIONS for kind in ("manager", "user")
    ]
    Person.objects.filter(username__in=login_usernames).update(password=make_password(content.PASSWORD))
    for username in login_usernames:
        person = Person.objects.get(username=username)
        demo.logins.append(
            (
                username,
                f"{person.name} ({person.get_role_display()}"
                f"{', ' + person.organisation.code if person.organisation_id else ''})",
            )
        )
    _, demo.api_key = ApiToken.issue(admin, name="demo")


@dataclass(frozen=True)
class Planned:
    """One ticket of the demo, chosen before any is replayed: its history is drawn from its own
    seed, so it comes out the same whichever process replays it and whatever was replayed before."""

    code: str
    language: str
    template: content.TicketTemplate
    created: datetime
    seed: int


def plan_tickets(count: int, rng: random.Random, now: datetime, days: int) -> list[Planned]:
    specs = content.ORGANISATIONS
    plan = []
    for created in _created_times(count, rng, now, days):
        spec = rng.choices(specs, [35, 25, 25, 15])[0]
        language = "en" if rng.random() < 0.12 else spec.language
        template = rng.choice(content.TEMPLATES[language])
        plan.append(Planned(spec.code, language, template, created, rng.getrandbits(64)))
    return plan


class _Replay:
    """Replays one ticket's history at past times, stopping at the present."""

    def __init__(self, world: _World, now: datetime):
        self.world, self.now = world, now
        self.rng = random.Random()

    def minutes(self, low: int, high: int) -> timedelta:
        return timedelta(minutes=self.rng.randint(low, high))

    def agents_for(self, code: str, tier: int) -> list[Person]:
        organisation = self.world.organisations[code]
        return [
            p
            for p in self.world.staff.values()
            if p.tier == tier
            and p.role in (Role.AGENT, Role.TEAM_LEAD)
            and organisation.pk in self.world.serves[p.pk]
        ]

    def ticket(self, planned: Planned) -> None:
        self.rng = rng = random.Random(planned.seed)
        world, code, template, created = self.world, planned.code, planned.template, planned.created
        phrases = content.PHRASES[planned.language]
        organisation = world.organisations[code]
        requester = rng.choice(world.clients[code][1:] if rng.random() < 0.9 else world.clients[code])
        service = world.services[(code, template.service)]
        if template.category.startswith("own:"):
            category = world.own_categories[code][int(template.category[4:])]
            parent = "Business systems"
        else:
            category = world.categories[template.category]
            parent = template.category.split("/")[0]
        specialist_group = world.groups[content.CATEGORY_GROUP[parent]]
        channel = rng.choices([c for c, _ in CHANNEL_WEIGHTS], [w for _, w in CHANNEL_WEIGHTS])[0]
        first_line = rng.choice(self.agents_for(code, 1))
        fields = dict(
            service=service,
            category=category,
            impact=template.impact,
            urgency=template.urgency,
            ticket_type=template.ticket_type,
            tags=["demo"] if rng.random() < 0.05 else [],
        )
        if channel == Channel.PHONE:
            ticket = tickets.log_call(
                first_line,
                caller=requester,
                subject=template.subject,
                notes=template.description,
                at=created,
                duration_seconds=rng.randint(60, 900),
                **fields,
            )
        else:
            creator = world.admin if channel == Channel.API else requester
            # clients do not tag their tickets: the first-line agent does, once it is open
            tags = fields.pop("tags") if creator.is_client else []
            event_channel = {
                Channel.EMAIL: EventChannel.EMAIL,
                Channel.CHAT: EventChannel.CHAT,
                Channel.API: EventChannel.API,
            }.get(channel, EventChannel.PORTAL)
            ticket = tickets.create_ticket(
                creator,
                organisation=organisation,
                requester=requester,
                subject=template.subject,
                description=template.description,
                channel=channel,
                event_channel=event_channel,
                at=created,
                **fields,
            )
            if tags:
                tickets.update_ticket(first_line, ticket, {"tags": tags}, at=created)
        self.history(
            ticket,
            created,
            first_line,
            requester,
            specialist_group,
            content.ESCALATION_SHARE[parent],
            phrases,
        )

    def history(self, ticket, at, agent, requester, specialist_group, escalation_share, phrases) -> None:
        rng, now = self.rng, self.now
        service_desk = self.world.groups["Service Desk"]

        def step(low, high):
            nonlocal at
            at = at + self.minutes(low, high)
            return at <= now

        if not step(2, 90):
            return
        ticket = tickets.update_ticket(
            agent, ticket, {"group": service_desk, "assignee": agent}, channel=EventChannel.WEB, at=at
        )
        if not step(1, 45):
            return
        tickets.add_comment(
            agent, ticket, rng.choice(phrases["first_reply"]), channel=EventChannel.WEB, at=at
        )
        if not step(5, 120):
            return
        ticket = tickets.change_status(agent, ticket, "in_progress", channel=EventChannel.WEB, at=at)
        if rng.random() < 0.3:
            if not step(10, 240):
                return
            tickets.add_comment(
                agent, ticket, rng.choice(phrases["note"]), public=False, channel=EventChannel.WEB, at=at
            )
        if rng.random() < 0.25:
            if not step(10, 180):
                return
            tickets.add_comment(
                agent, ticket, rng.choice(phrases["pending"]), channel=EventChannel.WEB, at=at
            )
            ticket = tickets.change_status(agent, ticket, "pending_customer", channel=EventChannel.WEB, at=at)
            if not step(30, 24 * 60):
                return
            tickets.add_comment(
                requester, ticket, rng.choice(phrases["customer"]), channel=EventChannel.EMAIL, at=at
            )
            ticket = tickets.change_status(agent, ticket, "in_progress", channel=EventChannel.WEB, at=at)
        if rng.random() < escalation_share and specialist_group.tier > ticket.tier:
            if not step(20, 300):
                return
            ticket = tickets.escalate_ticket(
                agent,
                ticket,
                group=specialist_group,
                reason=rng.choice(content.ESCALATION_REASONS),
                channel=EventChannel.WEB,
                at=at,
            )
            specialists = [
                m
                for m in self.world.members[specialist_group.pk]
                if ticket.organisation_id in self.world.serves[m.pk]
            ]
            if not specialists or not step(10, 240):
                return
            agent = rng.choice(specialists)
            ticket = tickets.update_ticket(
                agent, ticket, {"assignee": agent}, channel=EventChannel.WEB, at=at
            )
            if ticket.priority == 1 and rng.random() < 0.5:
                ticket = tickets.flag_to_manager(
                    agent,
                    ticket,
                    reason="P1 with business impact: keep the lead informed.",
                    channel=EventChannel.WEB,
                    at=at,
                )
        if not step(30, 3 * 24 * 60):
            return
        code = rng.choices(
            [ResolutionCode.SOLVED, ResolutionCode.WORKAROUND, ResolutionCode.DISPATCHED], [80, 12, 8]
        )[0]
        ticket = tickets.change_status(
            agent,
            ticket,
            "resolved",
            resolution_code=code,
            resolution_text=rng.choice(phrases["resolution"]),
            channel=EventChannel.WEB,
            at=at,
        )
        if rng.random() < 0.08:
            if not step(60, 2 * 24 * 60):
                return
            ticket = tickets.reopen_ticket(
                requester, ticket, reason=rng.choice(phrases["reopen"]), channel=EventChannel.PORTAL, at=at
            )
            if not step(60, 24 * 60):
                return
            ticket = tickets.change_status(
                agent,
                ticket,
                "resolved",
                resolution_code=ResolutionCode.SOLVED,
                resolution_text=rng.choice(phrases["resolution"]),
                channel=EventChannel.WEB,
                at=at,
            )
        if not step(2 * 60, 7 * 24 * 60):
            return
        closer = requester if rng.random() < 0.6 else agent
        tickets.change_status(
            closer,
            ticket,
            "closed",
            channel=EventChannel.PORTAL if closer is requester else EventChannel.WEB,
            at=at,
        )


def _created_times(count: int, rng: random.Random, now: datetime, days: int) -> list[datetime]:
    """Creation times over the last `days`, mostly in working hours, busier on recent days."""
    times = []
    for _ in range(count):
        day = int(days * (rng.random() ** 1.3))
        hour = rng.choices(
            range(24), [1, 1, 1, 1, 1, 2, 4, 8, 12, 12, 12, 10, 8, 10, 11, 10, 8, 5, 3, 2, 2, 1, 1, 1]
        )[0]
        created = (now - timedelta(days=day)).replace(
            hour=hour, minute=rng.randint(0, 59), second=rng.randint(0, 59)
        )
        times.append(min(created, now - timedelta(seconds=rng.randint(1, 3600))))
    return sorted(times)


def load_demo(
    ticket_count: int, *, seed: int = 2026, days: int = 120, progress=None, processes: int | None = None
) -> Demo:
    """Create the demo organisations, people, groups, catalogue and `ticket_count` tickets;
    `progress(done, total)` is called as batches of tickets are done.

    The histories are replayed in `processes` processes at once (default: one per CPU, at most
    four) where the database allows it (see `parallel`); the data are the same either way."""
    rng = random.Random(seed)
    demo, world = Demo(), _World()
    now = timezone.now()
    # The history is replayed as before any model existed, whatever this process (and the
    # processes it forks) remembers of an earlier load's models.
    forget_models_in_use()
    with transaction.atomic():
        _configure(world, demo)
    plan = plan_tickets(ticket_count, rng, now, days)
    demo.processes = parallel.replay(
        _chunks(plan, now),
        partial(_replay_chunk, world, now),
        processes=parallel.default_processes() if processes is None else processes,
        numbers=lambda chunk: Counter(planned.template.ticket_type for planned in chunk),
        progress=progress,
    )
    Notification.objects.filter(sent_at__isnull=True).update(sent_at=now)
    with transaction.atomic():
        _automate(world)
    # The service catalogue: the clients' reporting lines and groups, their items to request.
    with transaction.atomic():
        seed_catalogue(world.admin)
    # The links of articles to tickets are history too: no mail, rules or webhooks.
    with transaction.atomic(), mail_suppressed(), rules_suppressed(), webhooks_suppressed():
        seed_knowledge(world)
    # The models learn from the history as the nightly training would, and the open tickets get
    # the suggestions they would have had.
    demo.models = len(train_models(world.organisations.values()))
    demo.tickets = len(plan)
    return demo


def _chunks(plan: list[Planned], now: datetime) -> list[list[Planned]]:
    """The plan in `parallel.CHUNKS` consecutive chunks of about the same replaying time: a ticket
    opened today has a short history, one older than a fortnight its whole life (about 1.6 times
    longer, measured)."""

    def cost(planned: Planned) -> float:
        return 0.6 + min((now - planned.created).days, 16) / 40

    total = sum(cost(planned) for planned in plan)
    chunks: list[list[Planned]] = [[] for _ in range(parallel.CHUNKS)]
    spent = 0.0
    for planned in plan:
        chunks[min(int(spent / total * parallel.CHUNKS), parallel.CHUNKS - 1)].append(planned)
        spent += cost(planned)
    return chunks


def _replay_chunk(world: _World, now: datetime, chunk: list[Planned], done) -> None:
    """Replay the tickets of `chunk`, a batch per transaction (`done(n)` after each), then notice
    what the SLA check would have noticed while their history unfolded."""
    replay = _Replay(world, now)
    # History is replayed without mailing anybody, running rules or calling webhooks (there are
    # none yet): it happened before the desk went live, and it already holds what people and rules
    # did then.
    with mail_suppressed(), rules_suppressed(), webhooks_suppressed():
        for start in range(0, len(chunk), BATCH):
            with transaction.atomic():
                for planned in chunk[start : start + BATCH]:
                    replay.ticket(planned)
            done(len(chunk[start : start + BATCH]))
        check_due_clocks(now)


def _automate(world: _World) -> None:
    """The example rules, templates and macros of the demo (they act on tickets from now on)."""
    admin = world.admin
    tenancy.update_organisation(admin, world.organisations[content.VIP_ORGANISATION], {"tags": ["vip"]})
    forwarded = automation.create_email_template(admin, **content.DISPATCH_TEMPLATE)
    rules = content.example_rules(
        security=world.categories["Security"].pk,
        identity=world.groups["Identity & Access"].pk,
        forwarded_template=forwarded.pk,
    )
    for position, rule in enumerate(rules, 1):
        automation.create_rule(admin, position=position * 10, **rule)
    for macro in content.MACROS:
        automation.create_macro(admin, **macro)
    for group in world.groups.values():  # each team's shared list of urgent work nobody has taken
        members = world.members.get(group.pk) or []
        if members:
            workspace.create_saved_view(
                members[0],
                name=content.SHARED_VIEW_NAME.format(group=group.name),
                base="unassigned",
                filters={"priority": ["1", "2"]},
                sort="due",
                shared_with=group,
            )
