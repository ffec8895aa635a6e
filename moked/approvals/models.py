"""An approval of a ticket: its steps (a snapshot of the chain it started with), the people asked
at each step and what they decided, and people's delegations while they are away."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moked.catalog.models import Service
from moked.multilingual import in_language
from moked.people.models import Person
from moked.tickets.models import EventChannel, Ticket

from . import chains, decisions


class Approval(models.Model):
    """One run of an approval chain on a ticket; a ticket waits on at most one pending approval."""

    class Status(models.TextChoices):
        PENDING = decisions.PENDING, _("Pending")
        APPROVED = decisions.APPROVED, _("Approved")
        REJECTED = decisions.REJECTED, _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("ticket")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PENDING)
    steps = models.JSONField(
        _("steps"), help_text=_("The chain as moked.approvals.chains.check_chain returned it.")
    )
    current_step = models.PositiveSmallIntegerField(_("current step"), null=True, blank=True)
    subject_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested for"),
        help_text=_("Whose manager approves."),
    )
    service = models.ForeignKey(
        Service, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("service")
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["ticket", "-started_at"], name="approval_ticket")]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket"],
                condition=models.Q(status="pending"),
                name="one_pending_approval_per_ticket",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.status}"


class ApprovalStep(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Not started")
        PENDING = decisions.PENDING, _("Pending")
        APPROVED = decisions.APPROVED, _("Approved")
        REJECTED = decisions.REJECTED, _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    class Rule(models.TextChoices):
        ALL = decisions.ALL, _("Everyone approves")
        ANY = decisions.ANY, _("Any one approves")
        AT_LEAST = decisions.AT_LEAST, _("At least a number approve")

    class OnExpiry(models.TextChoices):
        REJECT = chains.REJECT, _("Reject")
        ESCALATE = chains.ESCALATE, _("Escalate")

    approval = models.ForeignKey(
        Approval, on_delete=models.CASCADE, related_name="approval_steps", verbose_name=_("approval")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.JSONField(_("name"), default=dict, help_text=_("By language."))
    rule = models.CharField(_("rule"), max_length=16, choices=Rule, default=Rule.ALL)
    count = models.PositiveSmallIntegerField(_("approvals needed"), default=1)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.WAITING)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    remind_after_hours = models.FloatField(_("remind after (business hours)"), null=True, blank=True)
    expire_after_hours = models.FloatField(_("expires after (business hours)"), null=True, blank=True)
    remind_at = models.DateTimeField(_("next reminder"), null=True, blank=True)
    expire_at = models.DateTimeField(_("expires"), null=True, blank=True)
    on_expiry = models.CharField(
        _("when it expires"), max_length=16, choices=OnExpiry, default=OnExpiry.REJECT
    )
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["approval", "position"]
        constraints = [
            models.UniqueConstraint(fields=["approval", "position"], name="unique_approval_step_position")
        ]
        # The sweep reads only what is due: a range of each index, whatever the number pending.
        indexes = [
            models.Index(fields=["status", "remind_at"], name="approval_step_remind"),
            models.Index(fields=["status", "expire_at"], name="approval_step_expire"),
        ]

    def __str__(self) -> str:
        return f"{self.approval_id} #{self.position}: {self.status}"

    def name_in(self, language: str) -> str:
        """The step's name in `language`, else in English, else in any language it has."""
        return in_language(self.name, language)


class Approver(models.Model):
    """A person asked to decide a step, and their decision."""

    class Via(models.TextChoices):
        MANAGER = chains.MANAGER, _("Manager")
        PERSON = chains.PERSON, _("Named person")
        GROUP = chains.GROUP, _("Group")
        CLIENT_MANAGERS = chains.CLIENT_MANAGERS, _("Client manager")
        SERVICE_OWNER = chains.SERVICE_OWNER, _("Service owner")
        ESCALATION = "escalation", _("Escalation")

    class Decision(models.TextChoices):
        PENDING = decisions.PENDING, _("Pending")
        APPROVED = decisions.APPROVED, _("Approved")
        REJECTED = decisions.REJECTED, _("Rejected")

    step = models.ForeignKey(
        ApprovalStep, on_delete=models.CASCADE, related_name="approvers", verbose_name=_("step")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="approvals_asked", verbose_name=_("approver")
    )
    via = models.CharField(_("asked as"), max_length=24, choices=Via)
    counts = models.BooleanField(
        _("counts"),
        default=True,
        help_text=_("Counted by the step's rule; an escalated step counts only those still to decide."),
    )
    decision = models.CharField(_("decision"), max_length=16, choices=Decision, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
        help_text=_("Who decided: the approver, or their delegate."),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    channel = models.CharField(_("channel"), max_length=16, choices=EventChannel, blank=True)
    # The single-use decision link: only its digest is kept, and whom it was sent to (the approver
    # or their delegate, who decides through it).
    link_digest = models.CharField(_("decision link digest"), max_length=64, blank=True, db_index=True)
    link_sent_to = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("link sent to"),
    )

    class Meta:
        verbose_name = _("approver")
        verbose_name_plural = _("approvers")
        ordering = ["step", "id"]
        constraints = [models.UniqueConstraint(fields=["step", "person"], name="unique_approver_per_step")]
        indexes = [models.Index(fields=["person", "decision"], name="approver_person_decision")]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.step_id}: {self.decision}"


class Delegation(models.Model):
    """`person` is away from `starts_at` to `ends_at`: `delegate` decides their approvals."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="delegations", verbose_name=_("person")
    )
    delegate = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="delegated_to_me", verbose_name=_("delegate")
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["delegate", "ends_at"], name="delegation_delegate"),
            models.Index(fields=["person", "ends_at"], name="delegation_person"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="delegation_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~models.Q(person=models.F("delegate")), name="delegation_not_to_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.delegate_id}"

    def as_decision(self) -> decisions.Delegation:
        return decisions.Delegation(self.person_id, self.delegate_id, self.starts_at, self.ends_at)
