"""Running approvals on tickets: starting a chain, deciding (in the pages, through a signed
single-use link, by an e-mail reply), delegation, reminders and expiry, and what happens to the
ticket when the approval ends. Any ticket can be approved: service requests now, changes later.

The rules, in short (docs/concepts/approvals.md has the whole story):
- Steps run in order; a step's approvers are resolved when it starts. The requester and the
  person the request is for never approve it themselves. A step with nobody to ask is rejected
  (and with it the request) with a reason that says so: an approval that cannot be given is
  not skipped.
- Each decision is an APPROVAL_DECIDED event on the ticket; the end is an APPROVAL_ENDED event.
  Approved: the ticket goes to new (assigned if it has an assignee). Rejected: the ticket is
  closed as not approved with the reason, and the requester is told in their language. Closing a
  waiting ticket cancels its approval. Then `signals.approval_ended` is sent.
- Reminders and expiry count business hours of the ticket organisation's calendar. An expired
  step is rejected, or escalated once: the silent approvers' managers and the organisation's
  client managers are asked too, any one of them (or of the silent approvers) decides, with a new
  expiry after which the step is rejected.
"""

import hashlib
import logging
import secrets
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from moked.businesstime.organisation_hours import organisation_calendar
from moked.notifications.models import Notification
from moked.notifications.services import notify
from moked.people.models import ClientGroup, Person, Role
from moked.people.permissions import require
from moked.tickets import lifecycle
from moked.tickets import services as tickets
from moked.tickets.events import EventLog
from moked.tickets.models import EventChannel, EventKind, ResolutionCode, Ticket

from . import chains, decisions
from .acting import acting_person_id, delegations_at
from .models import Approval, ApprovalStep, Approver, Delegation
from .signals import approval_ended

logger = logging.getLogger(__name__)
LINK_SALT = "moked.approvals.decision-link"
LINK_MAX_AGE = timedelta(days=30)
LONGEST_TOKEN = 300
MAX_COMMENT = 5000
Status, StepStatus, Decision = Approval.Status, ApprovalStep.Status, Approver.Decision


# --- chains and calendars ------------------------------------------------------------------------


def chain_errors(error: chains.InvalidChain) -> list[str]:
    """The problems of a chain in the active language."""
    return [_(template) % params for template, params in error.problems]


def checked_chain(steps) -> list[dict]:
    """`chains.check_chain`, refusing with a ValidationError in the active language."""
    try:
        return chains.check_chain(steps)
    except chains.InvalidChain as error:
        raise ValidationError({"approval_steps": chain_errors(error)}) from error


def _after(calendar, start, hours):
    return None if hours is None else calendar.add_business_minutes(start, hours * 60)


# --- links ---------------------------------------------------------------------------------------


def decision_link_path(token: str) -> str:
    """Where an approver decides through their link (the web app serves the page)."""
    return f"/approvals/decide/{token}/"


def decision_link_url(token: str) -> str:
    return settings.MOKED_BASE_URL.rstrip("/") + decision_link_path(token)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _issue_link(approver: Approver, recipient: Person) -> str:
    """A new signed link for `approver` (it replaces any earlier one); only its digest is kept."""
    token = signing.TimestampSigner(salt=LINK_SALT).sign_object(
        {"approver": approver.pk, "nonce": secrets.token_urlsafe(16)}
    )
    approver.link_digest, approver.link_sent_to = _digest(token), recipient
    Approver.objects.filter(pk=approver.pk).update(link_digest=approver.link_digest, link_sent_to=recipient)
    return token


def _link_refused() -> ValidationError:
    return ValidationError(
        _("This approval link is not valid any more: it was used, it expired, or the request was decided."),
        code="invalid_link",
    )


def approver_for_link(token: str) -> Approver:
    """The approver a decision link was issued for, while it may still decide through it;
    ValidationError when the link is forged, used, superseded, expired or the step decided."""
    if not token or len(token) > LONGEST_TOKEN:
        raise _link_refused()
    try:
        signed = signing.TimestampSigner(salt=LINK_SALT).unsign_object(
            token, max_age=LINK_MAX_AGE.total_seconds()
        )
    except signing.BadSignature:
        raise _link_refused() from None
    approver = (
        Approver.objects.select_related("step__approval__ticket", "person", "link_sent_to")
        .filter(pk=signed.get("approver"), link_digest=_digest(token))
        .first()
    )
    if approver is None or not _may_still_decide(approver):
        raise _link_refused()
    return approver


def decide_by_link(token: str, *, approve: bool, comment: str = "", at=None) -> Approval:
    """Decide as the person the link was sent to (the approver, or their delegate); the link is
    spent, whatever the decision."""
    approver = approver_for_link(token)
    actor = approver.link_sent_to or approver.person
    if not actor.is_active:
        raise _link_refused()
    return _decide(actor, approver, approve=approve, comment=comment, channel=EventChannel.EMAIL, at=at,
                   digest=_digest(token))  # fmt: skip


def _may_still_decide(approver: Approver) -> bool:
    step = approver.step
    return (
        approver.decision == Decision.PENDING
        and approver.counts
        and step.status == StepStatus.PENDING
        and step.approval.status == Status.PENDING
    )


# --- starting ------------------------------------------------------------------------------------


def start_approval(
    ticket: Ticket, steps, *, subject_person, service=None, channel, at=None
) -> Approval | None:
    """Start the chain `steps` on `ticket` (None when there is nothing to approve): the ticket
    awaits approval, an APPROVAL_REQUESTED event is recorded and the first step's approvers are
    asked, each in their language, with their own decision link."""
    if not steps:
        return None
    checked = checked_chain(steps)
    now = at or timezone.now()
    with transaction.atomic():
        ticket = (
            Ticket.objects.select_for_update().select_related("organisation", "requester").get(pk=ticket.pk)
        )
        if Approval.objects.filter(ticket=ticket, status=Status.PENDING).exists():
            raise ValidationError(_("This ticket already waits for an approval."), code="already_waiting")
        approval = Approval.objects.create(
            ticket=ticket,
            steps=checked,
            current_step=0,
            subject_person=subject_person,
            service=service if service is not None else ticket.service,
            started_at=now,
        )
        ApprovalStep.objects.bulk_create(
            ApprovalStep(
                approval=approval,
                position=position,
                name=step["name"],
                rule=step["rule"],
                count=step["count"],
                remind_after_hours=step["remind_after_hours"],
                expire_after_hours=step["expire_after_hours"],
                on_expiry=step["on_expiry"],
            )
            for position, step in enumerate(checked)
        )
        ticket = tickets.change_status(
            None, ticket, lifecycle.AWAITING_APPROVAL, by_approval=True, channel=channel, at=now
        )
        log = EventLog(ticket, None, channel, now)
        log.add(
            EventKind.APPROVAL_REQUESTED,
            is_public=True,
            data={"approval": approval.pk, "steps": [step["name"] for step in checked]},
        )
        log.save()
        _advance(approval, ticket, now, channel)
    approval.refresh_from_db()
    return approval


def _approver_people(approval: Approval, ticket: Ticket, step: dict) -> list[tuple[Person, str]]:
    """Who a step asks, each once with how they were found: active people of the ticket's
    organisation (or the provider's staff), never the requester nor whom the request is for."""
    found: dict[int, tuple[Person, str]] = {}
    organisation_id = ticket.organisation_id

    def add(people, via):
        for person in people:
            if person is None or not person.is_active or person.pk in found:
                continue
            if person.is_client and person.organisation_id != organisation_id:
                continue
            found[person.pk] = (person, via)

    people = Person.objects.filter(is_active=True)
    for spec in step["approvers"]:
        kind = spec["kind"]
        if kind == chains.MANAGER and approval.subject_person_id:
            subject = Person.objects.select_related("manager").get(pk=approval.subject_person_id)
            add([subject.manager], kind)
        elif kind == chains.PERSON:
            add(people.filter(pk=spec["person"]), kind)
        elif kind == chains.GROUP:
            group = ClientGroup.objects.filter(pk=spec["group"], organisation_id=organisation_id).first()
            if group is not None:
                add(group.members.filter(is_active=True).order_by("pk"), kind)
        elif kind == chains.CLIENT_MANAGERS:
            add(people.filter(role=Role.CLIENT_MANAGER, organisation_id=organisation_id).order_by("pk"), kind)
        elif kind == chains.SERVICE_OWNER and approval.service_id:
            add([approval.service.owner] if approval.service.owner_id else [], kind)
    excluded = {ticket.requester_id, approval.subject_person_id}
    return [pair for pk, pair in found.items() if pk not in excluded]


def _start_step(approval: Approval, ticket: Ticket, step: ApprovalStep, now) -> None:
    people = _approver_people(approval, ticket, approval.steps[step.position])
    step.started_at = now
    if not people:
        step.status, step.ended_at = StepStatus.REJECTED, now
        step.save(update_fields=["status", "started_at", "ended_at"])
        return
    calendar = organisation_calendar(ticket.organisation)
    step.status = StepStatus.PENDING
    step.remind_at = _after(calendar, now, step.remind_after_hours)
    step.expire_at = _after(calendar, now, step.expire_after_hours)
    step.save(update_fields=["status", "started_at", "remind_at", "expire_at"])
    approvers = Approver.objects.bulk_create(
        Approver(step=step, person=person, via=via) for person, via in people
    )
    _ask(approvers, step, ticket, now, kind=Notification.Kind.APPROVAL_REQUEST)


def _ask(approvers: list[Approver], step: ApprovalStep, ticket: Ticket, now, *, kind: str) -> None:
    """Send each approver (or whoever acts for them now) a new decision link, in their language."""
    delegations = delegations_at(now)
    recipients = Person.objects.select_related("organisation").in_bulk(
        {acting_person_id(approver.person_id, now, delegations) for approver in approvers}
    )
    for approver in approvers:
        recipient = recipients[acting_person_id(approver.person_id, now, delegations)]
        token = _issue_link(approver, recipient)
        notify(
            [recipient],
            kind=kind,
            ticket=ticket,
            at=now,
            message=lambda approver=approver, token=token, recipient=recipient: _request_message(
                approver, step, ticket, token, recipient, reminder=kind == Notification.Kind.APPROVAL_REMINDER
            ),
        )


def _local(moment, zone: str) -> str:
    """A time as the reader reads it: their zone (else the organisation's), with its abbreviation."""
    if moment is None:
        return ""
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M %Z")


def _request_message(approver, step, ticket, token, recipient, *, reminder: bool) -> tuple[str, str]:
    params = {
        "reference": ticket.reference,
        "subject": ticket.subject,
        "requester": ticket.requester.name or ticket.requester.username,
        "step": step.name_in(translation.get_language() or "en"),
        "link": decision_link_url(token),
        "expires": _local(step.expire_at, recipient.timezone or ticket.organisation.timezone),
    }
    if reminder:
        subject = _("Reminder: your approval is needed for %(reference)s %(subject)s") % params
    else:
        subject = _("Your approval is needed for %(reference)s %(subject)s") % params
    lines = [_("%(requester)s asks for: %(subject)s (%(reference)s).") % params]
    if ticket.description:
        lines.append(ticket.description[:1500])
    lines.append(_("Approval step: %(step)s") % params)
    if approver.person_id != recipient.pk:
        lines.append(_("You decide for %(person)s, who is away.") % {"person": approver.person.name})
    if params["expires"]:
        lines.append(_("Please decide before %(expires)s.") % params)
    lines.append(_("Approve or reject here (the link works once): %(link)s") % params)
    lines.append(
        _("Or reply to this message with approve or reject as its first word, and your comment after it.")
    )
    return subject, "\n\n".join(lines)


# --- deciding ------------------------------------------------------------------------------------


def decide(
    actor: Person, approver: Approver, *, approve: bool, comment: str = "", channel, at=None
) -> Approval:
    """`actor` (the approver, or the delegate acting for them now) approves or rejects with a
    comment; the step and the chain are decided as soon as their outcome cannot change."""
    return _decide(actor, approver, approve=approve, comment=comment, channel=channel, at=at)


def _decide(actor, approver, *, approve, comment, channel, at, digest=None) -> Approval:
    now = at or timezone.now()
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise ValidationError(
            {"comment": _("A comment has at most %(count)s characters.") % {"count": MAX_COMMENT}}
        )
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(
            pk=Approver.objects.filter(pk=approver.pk).values("step__approval__ticket_id")[:1]
        )
        approver = Approver.objects.select_related("step__approval", "person").get(pk=approver.pk)
        if digest is not None and approver.link_digest != digest:  # spent by a decision a moment ago
            raise _link_refused()
        if not actor.is_active or not (
            actor.pk == approver.person_id or acting_person_id(approver.person_id, now) == actor.pk
        ):
            raise PermissionDenied(_("You are not asked to decide this approval."))
        approval = approver.step.approval
        if actor.pk in (ticket.requester_id, approval.subject_person_id):
            raise PermissionDenied(_("You cannot decide the approval of your own request."))
        if not _may_still_decide(approver):
            raise ValidationError(_("This approval was already decided."), code="already_decided")
        approver.decision = Decision.APPROVED if approve else Decision.REJECTED
        approver.decided_by, approver.decided_at = actor, now
        approver.comment, approver.channel, approver.link_digest = comment, channel, ""
        approver.save(
            update_fields=["decision", "decided_by", "decided_at", "comment", "channel", "link_digest"]
        )
        step = approver.step
        _record(
            ticket, actor, channel, now, step, approver.decision,
            approver=approver.person_id, approver_name=approver.person.name,
            for_someone_away=actor.pk != approver.person_id, comment=comment,
        )  # fmt: skip
        outcome = _step_outcome(step)
        if outcome != decisions.PENDING:
            _close_step(step, outcome, now)
            _advance(approval, ticket, now, channel, actor=actor)
    approval.refresh_from_db()
    return approval


def _record(ticket, actor, channel, now, step: ApprovalStep, decision: str, **details) -> None:
    """An APPROVAL_DECIDED event (public: the requester follows the progress): approved or
    rejected by someone, or the step expired or escalated."""
    log = EventLog(ticket, actor, channel, now)
    data = {"approval": step.approval_id, "step": step.position, "step_name": step.name, "decision": decision}
    log.add(EventKind.APPROVAL_DECIDED, is_public=True, data={**data, **details})
    log.save()


def _step_outcome(step: ApprovalStep) -> str:
    counted = list(step.approvers.filter(counts=True).values_list("pk", "decision"))
    votes = {
        pk: decisions.APPROVE if decision == Decision.APPROVED else decisions.REJECT
        for pk, decision in counted
        if decision != Decision.PENDING
    }
    return decisions.step_outcome(decisions.Step(step.rule, step.count), [pk for pk, _ in counted], votes)


def _close_step(step: ApprovalStep, outcome: str, now) -> None:
    step.status, step.ended_at = outcome, now
    step.remind_at = step.expire_at = None
    step.save(update_fields=["status", "ended_at", "remind_at", "expire_at"])
    # Links of those who did not decide are spent with the step.
    step.approvers.exclude(link_digest="").update(link_digest="")


def decide_by_reply(person: Person, approver: Approver, text: str, *, at=None) -> Approval | None:
    """Decide from an e-mail reply whose first word approves or rejects (en, he, fa, fi); None when
    it says neither. `person` is who the mail pipeline verified sent it (a From header alone is not
    an identity): the approver or their delegate now; the whole reply is the comment."""
    word = decisions.decision_in_reply(text or "")
    if word is None:
        return None
    return decide(
        person, approver, approve=word == decisions.APPROVE, comment=(text or "").strip()[:MAX_COMMENT],
        channel=EventChannel.EMAIL, at=at,
    )  # fmt: skip


# --- moving on and ending ------------------------------------------------------------------------


def _advance(approval: Approval, ticket: Ticket, now, channel, *, actor=None) -> None:
    """Start the next step, or end the approval once the chain is decided."""
    while True:
        steps = list(approval.approval_steps.order_by("position"))
        outcomes = [
            step.status if step.status in (StepStatus.APPROVED, StepStatus.REJECTED) else decisions.PENDING
            for step in steps
        ]
        outcome, index = decisions.chain_outcome(outcomes)
        if outcome != decisions.PENDING:
            _end(approval, ticket, outcome, now, channel, actor=actor)
            return
        step = steps[index]
        if step.status == StepStatus.WAITING:
            approval.current_step = index
            approval.save(update_fields=["current_step"])
            _start_step(approval, ticket, step, now)
            if step.status == StepStatus.REJECTED:
                continue
        return


def _end(approval: Approval, ticket: Ticket, outcome: str, now, channel, *, actor=None) -> None:
    ticket = Ticket.objects.select_related("requester", "organisation").get(pk=ticket.pk)
    if outcome == Status.REJECTED:
        # Kept as the ticket's resolution, which its requester reads: in their language.
        with translation.override(ticket.requester.preferred_language):
            approval.reason = _why_not(approval)
    approval.status, approval.ended_at, approval.current_step = outcome, now, None
    approval.save(update_fields=["status", "ended_at", "current_step", "reason"])
    log = EventLog(ticket, actor, channel, now)
    log.add(
        EventKind.APPROVAL_ENDED,
        is_public=True,
        data={"approval": approval.pk, "outcome": outcome, "reason": approval.reason},
    )
    log.save()
    if outcome == Status.APPROVED:
        target = lifecycle.ASSIGNED if ticket.assignee_id else lifecycle.NEW
        ticket = tickets.change_status(None, ticket, target, by_approval=True, channel=channel, at=now)
    else:
        ticket = tickets.change_status(
            None, ticket, lifecycle.CLOSED, resolution_code=ResolutionCode.NOT_APPROVED,
            resolution_text=approval.reason, by_approval=True, channel=channel, at=now,
        )  # fmt: skip
        _tell_requester(approval, ticket, now)
    approval_ended.send(sender=Approval, approval=approval, ticket=ticket, outcome=outcome)


def _tell_requester(approval: Approval, ticket: Ticket, now) -> None:
    def message():
        subject = _("Your request %(reference)s was not approved") % {"reference": ticket.reference}
        lines = [
            _("Your request “%(subject)s” (%(reference)s) was not approved.")
            % {"subject": ticket.subject, "reference": ticket.reference},
            _why_not(approval),
        ]
        return subject, "\n\n".join(line for line in lines if line)

    # Each person told reads the reason in their own language (the one kept is the requester's).

    people = [ticket.requester]
    if approval.subject_person_id and approval.subject_person_id != ticket.requester_id:
        people.append(approval.subject_person)
    notify(people, kind=Notification.Kind.APPROVAL_REJECTED, ticket=ticket, at=now, message=message)


def _why_not(approval: Approval) -> str:
    """Why the approval was rejected, in the active language, from what was decided: who rejected
    at which step and their comments, or that nobody could be asked, or nobody decided in time."""
    step = approval.approval_steps.filter(status=StepStatus.REJECTED).order_by("position").first()
    if step is None:
        return ""
    name = step.name_in(translation.get_language() or "en")
    rejected = step.approvers.filter(decision=Decision.REJECTED).select_related("decided_by", "person")
    lines = []
    for approver in rejected.order_by("decided_at", "pk"):
        who = approver.decided_by or approver.person
        line = _("Rejected by %(person)s at the step “%(step)s”.") % {"person": who.name, "step": name}
        lines.append(f"{line}\n{approver.comment}".strip())
    if lines:
        return "\n\n".join(lines)
    if not step.approvers.exists():
        return _("Nobody could be asked to approve the step “%(step)s”.") % {"step": name}
    return _("Nobody decided the step “%(step)s” in time.") % {"step": name}


def cancel_approval(ticket: Ticket, *, actor=None, channel=EventChannel.SYSTEM, at=None) -> Approval | None:
    """End a ticket's pending approval as cancelled (the ticket was closed while it waited)."""
    now = at or timezone.now()
    with transaction.atomic():
        approval = (
            Approval.objects.select_for_update().filter(ticket_id=ticket.pk, status=Status.PENDING).first()
        )
        if approval is None:
            return None
        approval.status, approval.ended_at, approval.current_step = Status.CANCELLED, now, None
        approval.save(update_fields=["status", "ended_at", "current_step"])
        steps = approval.approval_steps.filter(status__in=[StepStatus.PENDING, StepStatus.WAITING])
        Approver.objects.filter(step__in=steps).exclude(link_digest="").update(link_digest="")
        steps.update(status=StepStatus.CANCELLED, ended_at=now, remind_at=None, expire_at=None)
        log = EventLog(ticket, actor, channel, now)
        log.add(
            EventKind.APPROVAL_ENDED, is_public=True, data={"approval": approval.pk, "outcome": "cancelled"}
        )
        log.save()
        approval_ended.send(sender=Approval, approval=approval, ticket=ticket, outcome=Status.CANCELLED)
    return approval


def follow_ticket(sender, ticket, events, **kwargs) -> None:
    """Receiver of ticket_events_recorded: a ticket closed while it awaits approval cancels it."""
    for event in events:
        if (
            event.kind == EventKind.STATUS_CHANGED
            and event.old_value == lifecycle.AWAITING_APPROVAL
            and event.new_value == lifecycle.CLOSED
        ):
            cancel_approval(ticket, actor=event.actor, channel=event.channel, at=event.at)
            return


# --- delegation ----------------------------------------------------------------------------------


def set_delegation(
    actor: Person, *, delegate: Person, starts_at, ends_at, person: Person | None = None
) -> Delegation:
    """`person` (the actor, or anyone when an admin sets it) is away from `starts_at` to
    `ends_at`: `delegate` decides their approvals meanwhile. A client's delegate belongs to the
    same organisation, a staff member's is staff; one person's periods do not overlap, and no
    chain of delegates leads back to the person."""
    person = person or actor
    if person.pk != actor.pk:
        require(actor, "approvals.delegate_for_others", message=_("You can set only your own delegation."))
    errors = {}
    if delegate.pk == person.pk:
        errors["delegate"] = _("Choose someone else to decide for you.")
    elif not delegate.is_active:
        errors["delegate"] = _("This person is not active.")
    elif person.is_client and (not delegate.is_client or delegate.organisation_id != person.organisation_id):
        errors["delegate"] = _("The delegate must belong to the same organisation.")
    elif person.is_staff_member and not delegate.is_staff_member:
        errors["delegate"] = _("The delegate must be one of the provider's staff.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("The end must come after the start.")
    elif ends_at <= timezone.now():
        errors["ends_at"] = _("This period is already over.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Both people locked: two delegations set at once cannot make a loop between them.
        list(
            Person.objects.select_for_update()
            .filter(pk__in=[person.pk, delegate.pk])
            .order_by("pk")
            .values("pk")
        )
        overlapping = Delegation.objects.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
        if overlapping.filter(person=person).exists():
            raise ValidationError({"starts_at": _("You already have a delegate for part of this period.")})
        others = [item.as_decision() for item in overlapping]
        for instant in sorted({starts_at, *(item.starts for item in others if item.starts > starts_at)}):
            if decisions.acting_approver(delegate.pk, others, instant) == person.pk:
                message = _("%(name)s already hands their approvals on to you for part of this period.")
                raise ValidationError({"delegate": message % {"name": delegate.name}})
        return Delegation.objects.create(
            person=person, delegate=delegate, starts_at=starts_at, ends_at=ends_at, created_by=actor
        )


def end_delegation(actor: Person, delegation: Delegation, *, at=None) -> Delegation | None:
    """End a delegation now (one not started yet is removed: None)."""
    if delegation.person_id != actor.pk:
        require(actor, "approvals.delegate_for_others", message=_("You can end only your own delegation."))
    now = at or timezone.now()
    with transaction.atomic():
        delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
        if delegation.starts_at >= now:
            delegation.delete()
            return None
        if delegation.ends_at > now:
            delegation.ends_at = now
            delegation.save(update_fields=["ends_at"])
    return delegation


# --- reminders and expiry ------------------------------------------------------------------------

SWEEP_BATCH = 2000


def sweep(now=None) -> dict:
    """Remind the approvers of steps whose reminder is due, and expire the steps whose expiry has
    come (rejected, or escalated once); reads only what is due. Returns how many of each."""
    now = now or timezone.now()
    reminded = _remind_due(now)
    expired = 0
    due = ApprovalStep.objects.filter(status=StepStatus.PENDING, expire_at__lte=now).order_by("expire_at")
    for step_id in list(due.values_list("pk", flat=True)[:SWEEP_BATCH]):
        try:
            expired += _expire(step_id, now)
        except Exception:  # one step that cannot expire must not hold up the others
            logger.exception("approval step %s could not expire", step_id)
    return {"reminded": reminded, "expired": expired}


# What a reminder reads of its step, ticket, organisation and requester (a thousand at a time).
_REMINDED_FIELDS = (
    "id", "name", "expire_at", "remind_after_hours",
    "approval__id", "approval__ticket__id", "approval__ticket__ticket_type", "approval__ticket__number",
    "approval__ticket__subject", "approval__ticket__description", "approval__ticket__organisation_id",
    "approval__ticket__requester_id", "approval__ticket__organisation__id",
    "approval__ticket__organisation__country", "approval__ticket__organisation__timezone",
    "approval__ticket__requester__id", "approval__ticket__requester__name",
    "approval__ticket__requester__username",
)  # fmt: skip


def _remind_due(now) -> int:
    due = list(
        ApprovalStep.objects.filter(status=StepStatus.PENDING, remind_at__lte=now)
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))  # expiring now: no reminder
        .select_related("approval__ticket__organisation", "approval__ticket__requester")
        .only(*_REMINDED_FIELDS)
        .order_by("remind_at")[:SWEEP_BATCH]
    )
    if not due:
        return 0
    waiting = Approver.objects.filter(
        step_id__in=[step.pk for step in due], decision=Decision.PENDING, counts=True
    ).only("id", "step_id", "person_id")
    by_step: dict[int, list[Approver]] = {}
    for approver in waiting:
        by_step.setdefault(approver.step_id, []).append(approver)
    delegations = delegations_at(now)
    # with their organisation: a person without a language of their own reads the organisation's
    people = Person.objects.select_related("organisation").in_bulk(
        {acting_person_id(a.person_id, now, delegations) for rows in by_step.values() for a in rows}
    )
    calendars: dict[int, object] = {}
    notifications, links, next_times = [], [], {}
    for step in due:
        ticket = step.approval.ticket
        for approver in by_step.get(step.pk, []):
            recipient = people[acting_person_id(approver.person_id, now, delegations)]
            if not recipient.is_active:
                continue
            token = signing.TimestampSigner(salt=LINK_SALT).sign_object(
                {"approver": approver.pk, "nonce": secrets.token_urlsafe(16)}
            )
            links.append((_digest(token), recipient.pk, approver.pk))
            with translation.override(recipient.preferred_language):
                subject, body = _request_message(approver, step, ticket, token, recipient, reminder=True)
            notifications.append(
                Notification(recipient=recipient, ticket=ticket, kind=Notification.Kind.APPROVAL_REMINDER,
                              subject=subject[:300], body=body, created_at=now)
            )  # fmt: skip
        organisation = ticket.organisation
        if organisation.pk not in calendars:
            calendars[organisation.pk] = organisation_calendar(organisation)
        following = _after(calendars[organisation.pk], now, step.remind_after_hours)
        next_times[step.pk] = following if step.expire_at is None or following < step.expire_at else None
    with transaction.atomic():
        _write_reminded(links, [(next_times[step.pk], step.pk) for step in due])
        Notification.objects.bulk_create(notifications, batch_size=500)
    return len(due)


def _write_reminded(links: list[tuple], steps: list[tuple]) -> None:
    """The new links (digest, sent to, approver id) and the steps' next reminders (time, step id),
    a statement each: Django's bulk_update builds a CASE per row, which cost most of the sweep's
    time with a thousand reminders due. PostgreSQL takes the rows as arrays (one round trip),
    SQLite (in the process) one statement run per row. Table names come from the models; every
    value is a parameter."""
    ops, quote = connection.ops, connection.ops.quote_name
    approvers, step_table = quote(Approver._meta.db_table), quote(ApprovalStep._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {approvers} AS a SET link_digest = v.digest, link_sent_to_id = v.sent_to "  # noqa: S608
                "FROM unnest(%s::varchar[], %s::bigint[], %s::bigint[]) AS v(digest, sent_to, id) "
                "WHERE a.id = v.id",
                [list(column) for column in zip(*links, strict=True)] if links else [[], [], []],
            )
            cursor.execute(
                f"UPDATE {step_table} AS s SET remind_at = v.remind_at, "  # noqa: S608
                "reminders_sent = s.reminders_sent + 1 "
                "FROM unnest(%s::timestamptz[], %s::bigint[]) AS v(remind_at, id) WHERE s.id = v.id",
                [[at for at, _pk in steps], [pk for _at, pk in steps]],
            )
            return
        cursor.executemany(
            f"UPDATE {approvers} SET link_digest = %s, link_sent_to_id = %s WHERE id = %s",  # noqa: S608
            links,
        )
        cursor.executemany(
            f"UPDATE {step_table} SET remind_at = %s, reminders_sent = reminders_sent + 1 WHERE id = %s",  # noqa: S608
            [(ops.adapt_datetimefield_value(at), pk) for at, pk in steps],
        )


def _expire(step_id: int, now) -> int:
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(
            pk=ApprovalStep.objects.filter(pk=step_id).values("approval__ticket_id")[:1]
        )
        step = ApprovalStep.objects.select_related("approval").get(pk=step_id)
        if step.status != StepStatus.PENDING or step.expire_at is None or step.expire_at > now:
            return 0
        approval = step.approval
        if step.on_expiry == ApprovalStep.OnExpiry.ESCALATE and step.escalated_at is None:
            _escalate(approval, ticket, step, now)
            return 1
        _record(ticket, None, EventChannel.SYSTEM, now, step, "expired")
        _close_step(step, StepStatus.REJECTED, now)
        _advance(approval, ticket, now, EventChannel.SYSTEM)
    return 1


def _escalate(approval: Approval, ticket: Ticket, step: ApprovalStep, now) -> None:
    """Ask the silent approvers' managers and the organisation's client managers too: any one
    of them, or of the silent approvers, decides the step; it expires again after as long."""
    silent = list(
        step.approvers.filter(decision=Decision.PENDING, counts=True).select_related("person__manager")
    )
    step.approvers.exclude(decision=Decision.PENDING).update(counts=False)
    asked = set(step.approvers.values_list("person_id", flat=True))
    excluded = {ticket.requester_id, approval.subject_person_id}
    candidates = [approver.person.manager for approver in silent if approver.person.manager_id]
    candidates += Person.objects.filter(
        role=Role.CLIENT_MANAGER, organisation_id=ticket.organisation_id, is_active=True
    ).order_by("pk")
    added: dict[int, Person] = {}
    for person in candidates:
        if (
            person.is_active
            and person.pk not in asked | excluded
            and not (person.is_client and person.organisation_id != ticket.organisation_id)
        ):
            added.setdefault(person.pk, person)
    new = Approver.objects.bulk_create(
        Approver(step=step, person=person, via=Approver.Via.ESCALATION) for person in added.values()
    )
    calendar = organisation_calendar(ticket.organisation)
    step.rule, step.count, step.escalated_at = decisions.ANY, 1, now
    step.on_expiry = ApprovalStep.OnExpiry.REJECT
    step.expire_at = _after(calendar, now, step.expire_after_hours)
    step.remind_at = _after(calendar, now, step.remind_after_hours)
    if step.remind_at is not None and step.remind_at >= step.expire_at:
        step.remind_at = None
    step.save(update_fields=["rule", "count", "escalated_at", "on_expiry", "expire_at", "remind_at"])
    _record(ticket, None, EventChannel.SYSTEM, now, step, "escalated", added=[p.name for p in added.values()])
    _ask(new, step, ticket, now, kind=Notification.Kind.APPROVAL_REQUEST)
    if not silent and not new:
        _close_step(step, StepStatus.REJECTED, now)
        _advance(approval, ticket, now, EventChannel.SYSTEM)


__all__ = [
    "approver_for_link",
    "cancel_approval",
    "chain_errors",
    "checked_chain",
    "decide",
    "decide_by_link",
    "decide_by_reply",
    "decision_link_path",
    "decision_link_url",
    "end_delegation",
    "follow_ticket",
    "set_delegation",
    "start_approval",
    "sweep",
]
