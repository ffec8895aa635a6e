"""Who gets a ticket: a group's strategy among its members who are on shift, not absent and
serving the ticket's organisation; and the configuration behind it (strategies, skills, working
hours, absences), kept by admins and the group's team leads."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from moked.people.access import can_see_organisation
from moked.people.models import STAFF_ROLES, Person, SupportGroup
from moked.records import save_changes, save_new
from moked.sla.business_days import is_open
from moked.tickets import lifecycle
from moked.tickets import services as tickets
from moked.tickets.models import EventChannel, Ticket

from .models import Absence, AgentProfile, GroupAssignment, Strategy

# --- who is available ----------------------------------------------------------------------------


def is_absent(person: Person, at=None) -> bool:
    at = at or timezone.now()
    return Absence.objects.filter(person=person, starts_at__lte=at, ends_at__gt=at).exists()


def is_on_shift(person: Person, at=None) -> bool:
    """Within the agent's working hours (always, without a calendar)."""
    profile = AgentProfile.objects.filter(person=person).select_related("calendar").first()
    return _on_shift(profile, at or timezone.now())


def _on_shift(profile: AgentProfile | None, at) -> bool:
    if profile is None or profile.calendar is None:
        return True
    return is_open(profile.calendar.business_calendar(), at)


def available_agents(group: SupportGroup, ticket: Ticket, *, at=None) -> list[Person]:
    """Active members of the group who serve the ticket's organisation, are on shift and are not
    absent, in a stable order (by id)."""
    at = at or timezone.now()
    members = list(group.members.filter(is_active=True, role__in=STAFF_ROLES).order_by("pk"))
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
        and can_see_organisation(member, ticket.organisation_id)
        and _on_shift(profiles.get(member.pk), at)
    ]


def strategy_of(group: SupportGroup) -> str:
    config = GroupAssignment.objects.filter(group=group).first()
    return config.strategy if config else Strategy.MANUAL


def choose_agent(group: SupportGroup, ticket: Ticket, *, at=None) -> Person | None:
    """The agent the group's strategy picks for the ticket now; None when the group assigns by
    hand or nobody is available."""
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
    """The first candidate after the one last given a ticket; the group's row lock makes two
    assignments at once take turns."""
    with transaction.atomic():
        config = GroupAssignment.objects.select_for_update().get(group=group)
        after = config.last_assigned_id or 0
        chosen = next((person for person in candidates if person.pk > after), candidates[0])
        config.last_assigned = chosen
        config.save(update_fields=["last_assigned"])
    return chosen


def _open_counts(candidates: list[Person]) -> dict[int, int]:
    rows = (
        Ticket.objects.filter(assignee__in=candidates, status__in=lifecycle.OPEN_STATUSES)
        .values("assignee")
        .annotate(open=Count("id"))
    )
    return {row["assignee"]: row["open"] for row in rows}


def _least_open(candidates: list[Person]) -> Person:
    counts = _open_counts(candidates)
    return min(candidates, key=lambda person: (counts.get(person.pk, 0), person.pk))


def _most_skilled(candidates: list[Person], ticket: Ticket) -> list[Person]:
    """Those whose skills cover the most of the ticket's tags; everyone when nobody's do."""
    tags = set(ticket.tag_links.values_list("name", flat=True))
    skills = dict(AgentProfile.objects.filter(person__in=candidates).values_list("person_id", "skills"))
    scores = {person.pk: len(tags & set(skills.get(person.pk) or ())) for person in candidates}
    best = max(scores.values())
    return [person for person in candidates if scores[person.pk] == best] if best else candidates


def assign_by_strategy(
    actor, ticket: Ticket, group: SupportGroup | None = None, *, channel: str = EventChannel.API, at=None
) -> Person | None:
    """Give the ticket to whoever the strategy of `group` (default: the ticket's group) picks, as
    an event on the ticket; the group is set too when it is another. Returns the agent, or None
    when nobody is available (the ticket then waits in the group, unassigned)."""
    group = group or ticket.group
    if group is None:
        return None
    agent = choose_agent(group, ticket, at=at)
    changes = {}
    if group.pk != ticket.group_id:
        changes["group"] = group
        changes["assignee"] = agent
    elif agent is not None and agent.pk != ticket.assignee_id:
        changes["assignee"] = agent
    if changes:
        tickets.update_ticket(actor, ticket, changes, channel=channel, at=at)
    return agent


# --- configuration -------------------------------------------------------------------------------


def _leads(actor: Person, group: SupportGroup) -> bool:
    return group.leads.filter(pk=actor.pk).exists()


def _require_keeper(actor: Person, groups) -> None:
    """Admins, and the team leads of (one of) the groups concerned."""
    if actor.is_active and actor.is_admin:
        return
    if actor.is_active and actor.is_staff_member and any(_leads(actor, group) for group in groups):
        return
    raise PermissionDenied(_("Only admins and the group's team leads change this."))


def set_strategy(actor: Person, group: SupportGroup, strategy: str) -> GroupAssignment:
    _require_keeper(actor, [group])
    if strategy not in Strategy.values:
        raise ValidationError({"strategy": _("Unknown strategy.")})
    config, _created = GroupAssignment.objects.get_or_create(group=group)
    return save_changes(config, {"strategy": strategy})


def update_profile(actor: Person, person: Person, changes: dict) -> AgentProfile:
    """Skills and working hours of an agent: by admins and the leads of the agent's groups."""
    _require_keeper(actor, list(person.support_groups.all()))
    if "skills" in changes:
        changes = {**changes, "skills": tickets.normalise_tags(changes["skills"] or [])}
    profile = AgentProfile.objects.filter(person=person).first()
    if profile is None:
        return save_new(AgentProfile, {"person": person, **changes})
    return save_changes(profile, changes)


def _require_absence_keeper(actor: Person, person: Person) -> None:
    if actor.is_active and actor.is_staff_member and actor.pk == person.pk:
        return  # one's own leave
    _require_keeper(actor, list(person.support_groups.all()))


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
