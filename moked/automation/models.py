from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moked.tenancy.models import Organisation
from moked.tickets.models import Ticket


class Trigger(models.TextChoices):
    TICKET_CREATED = "ticket_created", _("Ticket created")
    TICKET_UPDATED = "ticket_updated", _("Ticket updated")
    STATUS_CHANGED = "status_changed", _("Status changed")
    CUSTOMER_COMMENTED = "customer_commented", _("Customer replied")
    AGENT_COMMENTED = "agent_commented", _("Agent replied or wrote a note")
    SLA_WARNING = "sla_warning", _("SLA warning")
    SLA_BREACH = "sla_breach", _("SLA breach")
    TIME = "time", _("Time condition")


class TimeAnchor(models.TextChoices):
    CREATED = "created", _("since the ticket was created")
    UPDATED = "updated", _("since the ticket last changed")
    STATUS_CHANGED = "status_changed", _("since its status last changed")


class TimeUnit(models.TextChoices):
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    BUSINESS_HOURS = "business_hours", _("business hours")
    BUSINESS_DAYS = "business_days", _("business days")


class Rule(models.Model):
    """When `trigger` happens to a ticket and its conditions hold, do the actions, in order.

    Provider-wide rules (no organisation) run before the organisation's own; within each, by
    position. A time rule fires once per ticket and anchor (see RuleFiring).
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rules",
        verbose_name=_("organisation"),
        help_text=_("Empty: for every organisation."),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=100)
    is_active = models.BooleanField(_("active"), default=True)
    trigger = models.CharField(_("trigger"), max_length=24, choices=Trigger)
    time_anchor = models.CharField(_("counted from"), max_length=16, choices=TimeAnchor, blank=True)
    time_amount = models.PositiveIntegerField(_("after"), null=True, blank=True)
    time_unit = models.CharField(_("unit"), max_length=16, choices=TimeUnit, blank=True)
    conditions = models.JSONField(_("conditions"), default=dict, blank=True)
    actions = models.JSONField(_("actions"), default=list)
    stop_processing = models.BooleanField(
        _("stop processing"), default=False, help_text=_("When this rule fires, later rules do not run.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["trigger", "is_active"], name="rule_trigger")]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from . import actions, conditions

        errors = {}
        try:
            self.conditions = conditions.validate(self.conditions)
        except conditions.InvalidConditions as invalid:
            errors["conditions"] = invalid.messages(gettext)
        try:
            self.actions = actions.validate(self.actions, self.organisation)
        except ValidationError as invalid:
            errors.update(invalid.message_dict)
        if not self.actions and "actions" not in errors:
            errors["actions"] = [gettext("A rule does at least one thing.")]
        timed = (self.time_anchor, self.time_amount, self.time_unit)
        if self.trigger == Trigger.TIME:
            if not all(value not in (None, "") for value in timed) or not self.time_amount:
                errors["time_amount"] = [
                    gettext("A time rule says how long after what: anchor, amount and unit.")
                ]
        elif any(value not in (None, "") for value in timed):
            errors["trigger"] = [gettext("Only time rules have a waiting time.")]
        if errors:
            raise ValidationError(errors)


class RuleFiring(models.Model):
    """A time rule has fired on a ticket for one anchor instant: never again for that instant,
    however many workers sweep at once (the unique constraint decides)."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="firings")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    anchor = models.DateTimeField()
    fired_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["rule", "ticket", "anchor"], name="rule_fires_once")]

    def __str__(self) -> str:
        return f"{self.rule_id} on {self.ticket_id} at {self.anchor:%Y-%m-%d %H:%M}"


class EmailTemplate(models.Model):
    """A message rules send, with placeholders ({{ ticket.reference }}, {{ due|business_days:5 }}),
    in several languages: the recipient's language is used when written, else the default."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="email_templates",
        verbose_name=_("organisation"),
        help_text=_("Empty: for every organisation."),
    )
    name = models.CharField(_("name"), max_length=200)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_('Per language code: {"he": {"subject": "...", "body": "..."}}.'),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("e-mail template")
        verbose_name_plural = _("e-mail templates")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from . import templating

        languages = {code for code, _name in settings.LANGUAGES}
        texts = {"subject": self.subject, "body": self.body}
        if not isinstance(self.translations, dict):
            raise ValidationError({"translations": gettext("Translations are per language code.")})
        for language, written in self.translations.items():
            if language not in languages or not isinstance(written, dict):
                raise ValidationError(
                    {
                        "translations": gettext("%(language)s is not a language of Moked.")
                        % {"language": language}
                    }
                )
            for key in ("subject", "body"):
                texts[f"{language} {key}"] = str(written.get(key, ""))
        errors = {}
        for name, text in texts.items():
            try:
                templating.check(text)
            except ValidationError as invalid:
                errors.setdefault("body" if name.endswith("body") else "subject", []).extend(
                    f"{name}: {message}" if " " in name else message for message in invalid.messages
                )
        if errors:
            raise ValidationError(errors)


class Macro(models.Model):
    """A canned response: a reply text with placeholders and actions, applied by an agent."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="macros",
        verbose_name=_("organisation"),
        help_text=_("Empty: for every organisation."),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    reply = models.TextField(_("reply"), blank=True)
    reply_is_public = models.BooleanField(_("public reply"), default=True)
    actions = models.JSONField(_("actions"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("macro")
        verbose_name_plural = _("macros")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        from . import actions, templating

        errors = {}
        try:
            self.actions = actions.validate(self.actions, self.organisation, for_macro=True)
        except ValidationError as invalid:
            errors.update(invalid.message_dict)
        try:
            templating.check(self.reply)
        except ValidationError as invalid:
            errors["reply"] = invalid.messages
        if not self.reply.strip() and not self.actions and not errors:
            errors["reply"] = [gettext("A macro writes a reply or does something.")]
        if errors:
            raise ValidationError(errors)


def _days(default: int, help_text):
    return models.PositiveSmallIntegerField(
        default=default, validators=[MinValueValidator(0), MaxValueValidator(365)], help_text=help_text
    )


class AutoClosePolicy(models.Model):
    """How long an organisation's tickets may wait: on the customer (a reminder, then closing) and
    when resolved (closing). Zero turns a step off. Business days follow the organisation's calendar."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="auto_close", verbose_name=_("organisation")
    )
    remind_after_business_days = _days(3, _("Pending on the customer: remind after this many business days."))
    close_after_business_days = _days(7, _("Pending on the customer: close after this many business days."))
    close_resolved_after_days = _days(5, _("Resolved: close after this many days."))

    class Meta:
        verbose_name = _("auto-close policy")
        verbose_name_plural = _("auto-close policies")

    def __str__(self) -> str:
        return str(self.organisation)


class AutoCloseStep(models.Model):
    """A reminder sent, or a ticket closed, for the wait that began at `anchor`: done once, however
    many workers sweep at once (the unique constraint decides)."""

    class Step(models.TextChoices):
        REMINDER = "reminder", _("Reminder sent")
        CLOSED = "closed", _("Closed for no answer")
        RESOLVED_CLOSED = "resolved_closed", _("Closed after resolution")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    step = models.CharField(max_length=16, choices=Step)
    anchor = models.DateTimeField()
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ticket", "step", "anchor"], name="auto_close_step_once")
        ]

    def __str__(self) -> str:
        return f"{self.step} of {self.ticket_id} at {self.anchor:%Y-%m-%d %H:%M}"
