"""Fulfilment's records: the connectors of each organisation, a request's tasks, the audit of every
action a connector took, and the one-time secrets (temporary passwords) waiting for their person."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moked.encryption import EncryptedTextField
from moked.people.models import Person, SupportGroup
from moked.tenancy.models import Organisation
from moked.tickets.models import Ticket

from .plans import CONNECTOR_CODE


class ConnectorKind(models.TextChoices):
    LDAP = "ldap", _("LDAP directory")
    WEBHOOK = "webhook", _("Webhook")


class Connector(models.Model):
    """A directory one organisation's requests are fulfilled in. `settings` holds no secret: the
    bind password (LDAP) or signing key (webhook) is `secret`, stored encrypted."""

    Kind = ConnectorKind

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="connectors", verbose_name=_("organisation")
    )
    code = models.CharField(
        _("code"), max_length=50, help_text=_("What fulfilment plans name it by, e.g. corp-ldap.")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    settings = models.JSONField(_("settings"), default=dict, blank=True)
    secret = EncryptedTextField(_("secret"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("connector")
        verbose_name_plural = _("connectors")
        ordering = ["organisation__name", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"],
                name="unique_connector_code",
                violation_error_message=_("This organisation already has a connector with this code."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self):
        from .connecting import settings_problems

        errors = {}
        if not CONNECTOR_CODE.match(self.code or ""):
            errors["code"] = _("A code is letters, digits, - and _, up to 50.")
        problems = settings_problems(self.kind, self.settings)
        if problems:
            errors["settings"] = problems
        if errors:
            raise ValidationError(errors)


class TaskStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for an earlier stage")
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Task(models.Model):
    """Work a person does for a request: a title and a checklist, for a group; tasks of the same
    stage are open together, the next stage opens when they are all done."""

    Status = TaskStatus

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="fulfilment_tasks", verbose_name=_("ticket")
    )
    stage = models.PositiveSmallIntegerField(_("stage"), default=1)
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.JSONField(_("title"), help_text=_('Per language: {"en": ..., "fi": ...}.'))
    checklist = models.JSONField(
        _("checklist"), default=list, blank=True, help_text=_('[{"text": {"en": ...}, "done": false}, ...]')
    )
    group = models.ForeignKey(
        SupportGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fulfilment_tasks",
        verbose_name=_("group"),
    )
    assignee = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("assignee")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.WAITING)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    done_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("done by")
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["ticket_id", "stage", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "position"], name="unique_task_position"),
        ]
        indexes = [models.Index(fields=["group", "status"], name="task_group_status")]

    def __str__(self) -> str:
        return self.title.get("en") or next(iter(self.title.values()), "")


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to run")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    UNCHANGED = "unchanged", _("Already so")
    FAILED = "failed", _("Failed")
    DRY_RUN = "dry_run", _("Dry run")
    CANCELLED = "cancelled", _("Cancelled")


class ActionRun(models.Model):
    """One action of a request's plan and its outcome: who asked, what, on whom, which approval
    allowed it. One per (ticket, position), re-run in place by a retry; `parameters` never hold a
    secret."""

    Status = RunStatus

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="action_runs", verbose_name=_("ticket")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    connector = models.ForeignKey(
        Connector,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="runs",
        verbose_name=_("connector"),
    )
    connector_code = models.CharField(_("connector code"), max_length=50)
    action = models.CharField(_("action"), max_length=32)
    target = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for"),
        help_text=_("The person the request is for."),
    )
    definition = models.JSONField(_("definition"), default=dict, help_text=_("The plan's action."))
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    approval_id = models.PositiveBigIntegerField(_("approval"), null=True, blank=True)
    approved_by = models.CharField(_("approved by"), max_length=500, blank=True)
    group = models.ForeignKey(
        SupportGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("group"),
        help_text=_("Where the request goes when the action fails."),
    )
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PENDING)
    summary = models.TextField(_("summary"), blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    actor = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("run by"),
        help_text=_("Empty: Moked itself, after the approval."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("action run")
        verbose_name_plural = _("action runs")
        ordering = ["ticket_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "position"], name="unique_action_run_position"),
        ]

    def __str__(self) -> str:
        return f"{self.action} ({self.status})"

    @property
    def succeeded(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.UNCHANGED)


class OneTimeSecret(models.Model):
    """A secret (a temporary password) for one person, read once through a link before it
    expires. The link's token is kept only as a digest; the value is encrypted and emptied once read."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="+", null=True, blank=True, verbose_name=_("ticket")
    )
    run = models.ForeignKey(
        ActionRun,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("action"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="one_time_secrets", verbose_name=_("for")
    )
    value = EncryptedTextField(_("value"), blank=True)
    token_digest = models.CharField(_("token digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("one-time secret")
        verbose_name_plural = _("one-time secrets")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.person} {self.created_at:%Y-%m-%d %H:%M}"
