"""Who gets a ticket: a group's strategy among its members who are on shift, not absent and
serving the ticket's organisation; and the configuration behind it (strategies, skills, working
hours, absences), kept by admins and the group's team leads.

The rules engine and the e-mail channel call `assign_by_strategy` and `is_absent`; the API calls
the rest.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from moked.businesstime.business_days import is_open
from moked.businesstime.models import Calendar
from moked.businesstime.selectors import visible_calendars
from moked.people.access import can_see_organisation
from moked.people.models import STAFF_ROLES, Person, SupportGroup
from moked.people.permissions import require
from moked.records import save_changes, save_new
from moked.tickets import lifecycle
from moked.tickets import services as tickets
from moked.tickets.models import Ticket

from .models import Absence, AgentProfile, GroupAssignment, Strategy, normalise_skills

# --- who is available ----------------------------------------------------------------------------


def _instant(at: datetime | None) -> datetime:
    if at is None:
        return timezone.now()
    if timezone.is_naive(at):
        raise ValueError("an instant must be timezone-aware")
    return at


def is_absent(person: Person, at: datetime | None = None) -> bool:
    """Whether an absence of `person` covers `at` (default: now); an absence runs from its start
    up to, not including, its end."""
    at = _instant(at)
    return Absence.objects.filter(person=person, starts_at__lte=at, ends_at__gt=at).exists()


def is_on_shift(person: Person, at: datetime | None = None) -> bool:
    """Whether `at` (default: now) is within the agent's working hours; always, without a calendar."""
    profile = AgentProfile.objects.filter(person=person).select_related("calendar").first()
    return _on_shift(profile, _instant(at))


def _on_shift(profile: AgentProfile | None, at: datetime) -> bool:
    if profile is None or profile.calendar is None:
        return True
    return is_open(profile.calendar.business_calendar(), at)


def available_agents(group: SupportGroup, ticket: Ticket, *, at: datetime | None = None) -> list[Person]:
    """Active staff members of the group who may see the ticket's organisation, are on shift and
    are not absent at `at` (default: now), in a stable order (by id). None in an inactive group."""
    at = _instant(at)
    if not group.is_active:
        return []
    members = list(group.members.filter(is_active=True, role__in=STAFF_ROLES).order_by("pk"))
    if not members:
        return []
    absent = set(
        Absence.objects.filter(person__in=members, starts_at__lte=at, ends_at__gt=at).values_list(
            "person_id", flat=True
        )
    )
    profiles = {
        profile.person_id: profile
        for profile in AgentProfile.objects.filter(person__in=members).select_related("calendar")
    }
    return [
        member
        for member in members
        if member.pk not in absent
        and _on_shift(profiles.get(member.pk), at)
        and can_see_organisation(member, ticket.organisation_id)  # the one tenancy rule
    ]


# --- strategies ----------------------------------------------------------------------------------


def strategy_of(group: SupportGroup) -> str:
    """The group's strategy; `manual` until someone sets one."""
    config = GroupAssignment.objects.filter(group=group).first()
    return config.strategy if config else Strategy.MANUAL


def choose_agent(group: SupportGroup, ticket: Ticket, *, at: datetime | None = None) -> Person | None:
    """The agent the group's strategy picks for the ticket at `at` (default: now); None when the
    group assigns by hand or nobody is available.

    Round robin moves the group's turn on (under a row lock), so call this only to assign.
    """
    strategy = strategy_of(group)
    if strategy == Strategy.MANUAL:
        return None
    candidates = available_agents(group, ticket, at=at)
    if not candidates:
        return None
    if strategy == Strategy.ROUND_ROBIN:
        return _next_in_turn(group, candidates)
    if strategy == Strategy.SKILLS:
        candidates = _most_skilled(candidates, ticket)
    return _least_open(candidates)


def _next_in_turn(group: SupportGroup, candidates: list[Person]) -> Person:
    """The first candidate (by id) after the one last given a ticket, wrapping round.

    The group's row is locked while the turn is read and moved on: two assignments at the same
    time take turns, and inside `assign_by_strategy` the lock is held until the ticket is saved,
    so the turn only moves on when the ticket really is assigned.
    """
    with transaction.atomic():
        config = GroupAssignment.objects.select_for_update().get(group=group)
        after = config.last_assigned_id or 0
        chosen = next((person for person in candidates if person.pk > after), candidates[0])
        GroupAssignment.objects.filter(pk=config.pk).update(last_assigned=chosen)
    return chosen


def _open_counts(candidates: list[Person]) -> dict[int, int]:
    """Open tickets assigned to each candidate, in one aggregate query."""
    rows = (
        Ticket.objects.filter(assignee__in=candidates, status__in=lifecycle.OPEN_STATUSES)
        .values("assignee")
        .annotate(open=Count("id"))
        .order_by()
    )
    return {row["assignee"]: row["open"] for row in rows}


def _least_open(candidates: list[Person]) -> Person:
    """The candidate with the fewest open tickets; the lowest id among equals."""
    counts = _open_counts(candidates)
    return min(candidates, key=lambda person: (counts.get(person.pk, 0), person.pk))


def _most_skilled(candidates: list[Person], ticket: Ticket) -> list[Person]:
    """Those whose skills cover the most of the ticket's tags; everyone when nobody's cover any."""
    tags = set(ticket.tag_links.values_list("name", flat=True))
    if not tags:
        return candidates
    skills = dict(AgentProfile.objects.filter(person__in=candidates).values_list("person_id", "skills"))
    scores = {person.pk: len(tags & set(skills.get(person.pk) or ())) for person in candidates}
    best = max(scores.values())
    return [person for person in candidates if scores[person.pk] == best] if best else candidates


def assign_by_strategy(
    actor: Person | None,
    ticket: Ticket,
    group: SupportGroup | None = None,
    *,
    channel: str,
    at: datetime | None = None,
) -> Person | None:
    """Give the ticket to whoever the strategy of `group` (default: the ticket's group) picks at
    `at`, as an event on the ticket by `actor` (None: the system) through `channel`.

    A `group` other than the ticket's becomes its group too (unassigned, when nobody is picked).
    Returns the agent, or None when the group assigns by hand or nobody is available: the ticket
    then waits in the group, and an assignee it already had in that group keeps it.
    Raises PermissionDenied when `actor` may not work the ticket, ValidationError when the
    change does not hold (an inactive group, say); nothing changes then, not even the turn.
    """
    if actor is not None:  # None: the system
        require(actor, "tickets.work_ticket", ticket, message=_("You may not do this to this ticket."))
    group = group or ticket.group
    if group is None:
        return None
    with transaction.atomic():
        # The ticket first, then the group (in choose_agent): the order the rules engine takes them
        # in, as it runs inside a change of the ticket.
        current = Ticket.objects.select_for_update(of=("self",)).get(pk=ticket.pk)
        agent = choose_agent(group, current, at=at)
        changes: dict = {}
        if group.pk != current.group_id:
            changes = {"group": group, "assignee": agent}
        elif agent is not None and agent.pk != current.assignee_id:
            changes = {"assignee": agent}
        if changes:
            updated = tickets.update_ticket(actor, current, changes, channel=channel, at=at)
            for field in ("group", "assignee", "status", "tier", "updated_at"):
                setattr(ticket, field, getattr(updated, field))
    return agent


# --- configuration -------------------------------------------------------------------------------


def _require_admin_or_lead_of_group(actor: Person, group: SupportGroup) -> None:
    require(
        actor,
        "assignment.configure_group",
        group,
        message=_("Only admins and the group's team leads change this."),
    )


def _require_admin_or_lead_of_member(actor: Person, person: Person) -> None:
    """Admins, and the team leads of a group `person` is a member of."""
    require(
        actor,
        "assignment.configure_agent",
        person,
        message=_("Only admins and the group's team leads change this."),
    )


def set_strategy(actor: Person, group: SupportGroup, strategy: str) -> GroupAssignment:
    """Set how the group hands out tickets: by its admins and team leads."""
    _require_admin_or_lead_of_group(actor, group)
    if strategy not in Strategy.values:
        raise ValidationError({"strategy": _("Unknown strategy.")})
    with transaction.atomic():
        config, _created = GroupAssignment.objects.get_or_create(group=group)
        return save_changes(config, {"strategy": strategy})


def update_profile(actor: Person, person: Person, changes: dict) -> AgentProfile:
    """Change an agent's `skills` (tags, normalised like ticket tags) and `calendar` (working
    hours; None: always on shift): by admins and the team leads of the agent's groups."""
    _require_admin_or_lead_of_member(actor, person)
    unknown = set(changes) - {"skills", "calendar"}
    if unknown:
        raise ValidationError({field: _("This field cannot be changed here.") for field in sorted(unknown)})
    changes = dict(changes)
    if "skills" in changes:
        changes["skills"] = normalise_skills(changes["skills"] if changes["skills"] is not None else [])
    calendar = changes.get("calendar")
    if calendar is not None and not (
        isinstance(calendar, Calendar) and visible_calendars(actor).filter(pk=calendar.pk).exists()
    ):
        raise ValidationError({"calendar": _("There is no such calendar.")})
    with transaction.atomic():
        profile = AgentProfile.objects.filter(person=person).first()
        if profile is None:
            return save_new(AgentProfile, {"person": person, **changes})
        return save_changes(profile, changes)


def set_skills(actor: Person, person: Person, skills: list[str]) -> AgentProfile:
    return update_profile(actor, person, {"skills": skills})


def set_calendar(actor: Person, person: Person, calendar: Calendar | None) -> AgentProfile:
    return update_profile(actor, person, {"calendar": calendar})


def _require_absence_keeper(actor: Person, person: Person) -> None:
    """Agents record their own absences; team leads those of their groups' members; admins anyone's."""
    require(
        actor,
        "assignment.keep_absences",
        person,
        message=_("Only admins and the group's team leads change this."),
    )


def create_absence(actor: Person, **fields) -> Absence:
    person = fields.get("person")
    if person is None:
        raise ValidationError({"person": _("Say whose absence it is.")})
    _require_absence_keeper(actor, person)
    return save_new(Absence, fields)


def update_absence(actor: Person, absence: Absence, changes: dict) -> Absence:
    _require_absence_keeper(actor, absence.person)
    if "person" in changes:
        _require_absence_keeper(actor, changes["person"])
    return save_changes(absence, changes)


def delete_absence(actor: Person, absence: Absence) -> None:
    _require_absence_keeper(actor, absence.person)
    absence.delete()
