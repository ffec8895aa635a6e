import uuid
from pathlib import PurePath

from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from moked.catalog.models import Category, Service
from moked.displays import quick_choice_displays
from moked.people.models import Person, SupportGroup, Tier
from moked.tenancy.models import Organisation

from . import lifecycle, numbering


class TicketType(models.TextChoices):
    INCIDENT = numbering.INCIDENT, _("Incident")
    SERVICE_REQUEST = numbering.SERVICE_REQUEST, _("Service request")
    PROBLEM = numbering.PROBLEM, _("Problem")
    CHANGE = numbering.CHANGE, pgettext_lazy("ticket type", "Change")


# Problems and changes arrive with their own issue; the model already knows them.
ENABLED_TYPES = (TicketType.INCIDENT, TicketType.SERVICE_REQUEST)
ENABLED_TYPE_CHOICES = [(t.value, t.label) for t in ENABLED_TYPES]


class Status(models.TextChoices):
    NEW = lifecycle.NEW, _("New")
    ASSIGNED = lifecycle.ASSIGNED, _("Assigned")
    IN_PROGRESS = lifecycle.IN_PROGRESS, _("In progress")
    PENDING_CUSTOMER = lifecycle.PENDING_CUSTOMER, _("Pending customer")
    PENDING_THIRD_PARTY = lifecycle.PENDING_THIRD_PARTY, _("Pending third party")
    AWAITING_APPROVAL = lifecycle.AWAITING_APPROVAL, _("Awaiting approval")
    RESOLVED = lifecycle.RESOLVED, _("Resolved")
    CLOSED = lifecycle.CLOSED, _("Closed")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PORTAL = "portal", _("Portal")
    PHONE = "phone", _("Phone")
    API = "api", _("API")
    CHAT = "chat", _("Chat")


# The channels tickets come in by today; chat has no intake yet (the model already knows it).
ENABLED_CHANNELS = (Channel.EMAIL, Channel.PORTAL, Channel.PHONE, Channel.API)
ENABLED_CHANNEL_CHOICES = [(c.value, c.label) for c in ENABLED_CHANNELS]


class EventChannel(models.TextChoices):
    """Where a change came from: a ticket's channels, plus the agent pages and the system itself."""

    EMAIL = "email", _("E-mail")
    PORTAL = "portal", _("Portal")
    PHONE = "phone", _("Phone")
    API = "api", _("API")
    CHAT = "chat", _("Chat")
    WEB = "web", _("Agent workspace")
    ADMIN = "admin", _("Admin site")
    SYSTEM = "system", _("System")


class Level(models.IntegerChoices):
    """Impact and urgency: 1 is high."""

    HIGH = 1, _("High")
    MEDIUM = 2, _("Medium")
    LOW = 3, _("Low")


class Priority(models.IntegerChoices):
    P1 = 1, _("P1 critical")
    P2 = 2, _("P2 high")
    P3 = 3, _("P3 medium")
    P4 = 4, _("P4 low")


class ResolutionCode(models.TextChoices):
    SOLVED = "solved", _("Solved")
    WORKAROUND = "workaround", _("Workaround provided")
    DISPATCHED = "dispatched", _("Handed over to the client's team")
    NOT_REPRODUCIBLE = "not_reproducible", _("Could not reproduce")
    DUPLICATE = "duplicate", _("Duplicate")
    CANCELLED = "cancelled", _("Cancelled by requester")
    NO_RESPONSE = "no_response", _("No response from requester")
    NOT_APPROVED = "not_approved", _("Not approved")


class TicketSequence(models.Model):
    """The last number handed out per ticket type; incremented inside the creating transaction."""

    ticket_type = models.CharField(max_length=24, choices=TicketType, primary_key=True)
    last_number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("ticket number sequence")
        verbose_name_plural = _("ticket number sequences")

    def __str__(self) -> str:
        return f"{self.ticket_type}: {self.last_number}"


# The open statuses in the order that the partial indexes over open tickets list them. SQLite uses
# such an index only for a query that names the same statuses, in the same order, as literals
# (selectors.only_open writes them so); PostgreSQL, for any condition it can prove implies them.
OPEN_STATUS_LIST = (
    lifecycle.NEW,
    lifecycle.ASSIGNED,
    lifecycle.IN_PROGRESS,
    lifecycle.PENDING_CUSTOMER,
    lifecycle.PENDING_THIRD_PARTY,
    lifecycle.AWAITING_APPROVAL,
)
# The same as SQL: ('new', 'assigned', ...).
OPEN_STATUS_SQL_LIST = "({})".format(", ".join(f"'{status}'" for status in OPEN_STATUS_LIST))
_OPEN = models.Q(status__in=OPEN_STATUS_LIST)

# A description is what a person writes about a problem, about ten pages at most; longer texts
# (logs, dumps) go in an attached file. Pages fold long texts; services refuse longer ones.
MAX_DESCRIPTION_LENGTH = 30_000


@quick_choice_displays
class Ticket(models.Model):
    ticket_type = models.CharField(_("type"), max_length=24, choices=TicketType, default=TicketType.INCIDENT)
    number = models.BigIntegerField(_("number"), editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("organisation")
    )
    requester = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="requested_tickets", verbose_name=_("requester")
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("service"),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("category"),
    )
    subject = models.CharField(_("subject"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    impact = models.PositiveSmallIntegerField(_("impact"), choices=Level, default=Level.LOW)
    urgency = models.PositiveSmallIntegerField(_("urgency"), choices=Level, default=Level.LOW)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority, default=Priority.P4)
    status = models.CharField(_("status"), max_length=24, choices=Status, default=Status.NEW)
    group = models.ForeignKey(
        SupportGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("group"),
    )
    assignee = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_tickets",
        verbose_name=_("assignee"),
    )
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier, default=Tier.FIRST)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel, default=Channel.PORTAL)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    resolution_code = models.CharField(
        _("resolution code"), max_length=24, choices=ResolutionCode, blank=True
    )
    resolution_text = models.TextField(_("resolution"), blank=True)
    reopen_count = models.PositiveIntegerField(_("times reopened"), default=0)
    functional_escalations = models.PositiveIntegerField(_("functional escalations"), default=0)
    hierarchical_escalations = models.PositiveIntegerField(_("hierarchical escalations"), default=0)
    escalated_to = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalated_tickets",
        verbose_name=_("flagged to"),
        help_text=_("The team lead or manager this ticket was escalated to."),
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_tickets",
        verbose_name=_("merged into"),
        help_text=_("The ticket this duplicate was merged into; its conversation goes on there."),
    )
    sla_due_at = models.DateTimeField(
        _("next SLA due"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the earliest running SLA clock of the ticket runs out; kept by the SLA engine."),
    )

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["ticket_type", "number"], name="unique_ticket_number_per_type"),
            models.CheckConstraint(
                condition=models.Q(impact__gte=1, impact__lte=3), name="ticket_impact_1_3"
            ),
            models.CheckConstraint(
                condition=models.Q(urgency__gte=1, urgency__lte=3), name="ticket_urgency_1_3"
            ),
            models.CheckConstraint(
                condition=models.Q(priority__gte=1, priority__lte=4), name="ticket_priority_1_4"
            ),
        ]
        # Lists are keyset-paginated newest first (-id) within an organisation, queue or person.
        indexes = [
            models.Index(fields=["organisation", "status", "-id"], name="ticket_org_status_id"),
            models.Index(fields=["organisation", "-id"], name="ticket_org_id"),
            models.Index(fields=["status", "-id"], name="ticket_status_id"),
            models.Index(fields=["assignee", "status", "-id"], name="ticket_assignee_status_id"),
            models.Index(fields=["group", "status", "-id"], name="ticket_group_status_id"),
            models.Index(fields=["requester", "-id"], name="ticket_requester_id"),
            models.Index(fields=["organisation", "created_at"], name="ticket_org_created"),
            models.Index(fields=["organisation", "updated_at"], name="ticket_org_updated"),
            models.Index(fields=["sla_due_at"], name="ticket_sla_due"),
            # The workspace lists open tickets (a few in a hundred) in these orders, a page at a time.
            # Read in order from these small indexes, a page stops after its fifty rows (SQLite
            # does so once ANALYZE has run; before, it sorts the open tickets it may show).
            models.Index(fields=["id"], condition=_OPEN, name="ticket_open_id"),
            models.Index(fields=["priority", "id"], condition=_OPEN, name="ticket_open_priority"),
            models.Index(fields=["status", "id"], condition=_OPEN, name="ticket_open_status"),
            models.Index(fields=["sla_due_at", "id"], condition=_OPEN, name="ticket_open_due"),
            models.Index(fields=["updated_at", "id"], condition=_OPEN, name="ticket_open_updated"),
            models.Index(fields=["subject", "id"], condition=_OPEN, name="ticket_open_subject"),
            # An agent's own open tickets by due time, without reading the ones they closed long ago;
            # with the organisation, which decides whether the agent may still see each of them.
            models.Index(
                fields=["assignee", "sla_due_at", "id", "organisation"],
                condition=_OPEN,
                name="ticket_open_assignee_due",
            ),
            # An organisation's open tickets newest first: the API's list of them reads a page and
            # stops, whatever the statistics say (without it SQLite sorted all of them).
            models.Index(fields=["organisation", "id"], condition=_OPEN, name="ticket_open_org_id"),
            # The workspace's counts (moked.web.workspace.desk.counted_views) read exactly the tickets they
            # count, up to the cap: a range of these per organisation served, covering every column
            # their conditions test, so a count costs the same with 10k tickets or 10M.
            models.Index(
                fields=["assignee", "organisation", "group", "status"],
                condition=_OPEN,
                name="ticket_open_assignee_org",
            ),
            models.Index(
                fields=["organisation", "sla_due_at", "status"], condition=_OPEN, name="ticket_open_org_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def reference(self) -> str:
        return numbering.format_reference(self.ticket_type, self.number)

    @property
    def is_open(self) -> bool:
        return self.status in lifecycle.OPEN_STATUSES

    @property
    def escalation_count(self) -> int:
        return self.functional_escalations + self.hierarchical_escalations

    def lifecycle_state(self) -> lifecycle.TicketState:
        return lifecycle.TicketState(
            status=self.status, has_assignee=self.assignee_id is not None, closed_at=self.closed_at
        )


class TicketTag(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="tag_links")
    name = models.CharField(_("tag"), max_length=50)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [models.UniqueConstraint(fields=["ticket", "name"], name="unique_tag_per_ticket")]
        indexes = [models.Index(fields=["name", "ticket"], name="tickettag_name_ticket")]

    def __str__(self) -> str:
        return self.name


class Comment(models.Model):
    """A public reply (the requester sees it) or an internal note (only the provider's staff do)."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="comments", verbose_name=_("ticket")
    )
    author = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("author"),
        help_text=_("Empty: written by Moked itself (a bounce, an automatic reply received)."),
    )
    body = models.TextField(_("text"))
    html = models.TextField(
        _("formatted text"),
        blank=True,
        help_text=_("Sanitised HTML, as written in an e-mail; the text is `body`."),
    )
    is_public = models.BooleanField(_("public reply"), default=True)
    channel = models.CharField(_("channel"), max_length=16, choices=EventChannel, default=EventChannel.API)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="comment_ticket_created")]

    def __str__(self) -> str:
        return f"{self.ticket.reference}: {self.body[:40]}"


def attachment_path(attachment: "Attachment", filename: str) -> str:
    """Files live under a random folder per upload, so names never collide or reveal each other."""
    safe_name = get_valid_filename(PurePath(filename).name)[-120:] or "file"
    return f"attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}/{safe_name}"


class Attachment(models.Model):
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("ticket")
    )
    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("comment"),
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"), validators=[MinValueValidator(0)])
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content_id = models.CharField(
        _("content id"), max_length=255, blank=True, help_text=_("For images shown inside an e-mail (cid:).")
    )
    is_public = models.BooleanField(_("visible to the requester"), default=True)
    uploaded_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.filename


class TicketFollower(models.Model):
    """Someone told of a ticket's public conversation besides its requester (an e-mail's Cc)."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="followers", verbose_name=_("ticket")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="followed_tickets", verbose_name=_("person")
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [models.UniqueConstraint(fields=["ticket", "person"], name="unique_follower")]
        indexes = [models.Index(fields=["person", "ticket"], name="follower_person_ticket")]

    def __str__(self) -> str:
        return f"{self.person} follows {self.ticket_id}"


class TicketLink(models.Model):
    """Two related tickets, recorded from `ticket`'s side: a follow-up opened by a reply to a
    ticket closed for good, a ticket an agent relates to another, or a duplicate merged into it."""

    class Kind(models.TextChoices):
        FOLLOW_UP = "follow_up", _("Follow-up of")
        RELATED = "related", _("Related to")
        MERGED_INTO = "merged_into", _("Merged into")

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="links", verbose_name=_("ticket")
    )
    related = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="linked_from", verbose_name=_("related ticket")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("ticket link")
        verbose_name_plural = _("ticket links")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "related", "kind"], name="unique_ticket_link")
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} {self.related_id}"


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    FIELD_CHANGED = "field_changed", _("Field changed")
    STATUS_CHANGED = "status_changed", _("Status changed")
    REPLY_ADDED = "reply_added", _("Public reply")
    NOTE_ADDED = "note_added", _("Internal note")
    ATTACHMENT_ADDED = "attachment_added", _("Attachment added")
    ESCALATED = "escalated", _("Escalated to a higher tier")
    FLAGGED = "flagged", _("Flagged to a team lead")
    CALL_LOGGED = "call_logged", _("Phone call logged")
    IMPORTED = "imported", _("Imported from another system")
    SLA_POLICY = "sla_policy", _("SLA policy applied")
    SLA_WARNING = "sla_warning", _("SLA warning")
    SLA_BREACHED = "sla_breached", _("SLA breached")
    FOLLOWER_ADDED = "follower_added", _("Follower added")
    LINKED = "linked", _("Linked to another ticket")
    MAIL_FAILED = "mail_failed", _("E-mail could not be delivered")
    RULE_APPLIED = "rule_applied", _("Rule applied")
    REMINDER_SENT = "reminder_sent", _("Reminder sent to the requester")
    UNLINKED = "unlinked", _("Link to another ticket removed")
    MERGED = "merged", _("Merged")
    # Recorded by the knowledge base (which sits above tickets) when an article helps a ticket.
    ARTICLE_LINKED = "article_linked", _("Knowledge article linked")
    ARTICLE_UNLINKED = "article_unlinked", _("Knowledge article unlinked")
    # Recorded by approvals and fulfilment (above tickets) on a catalogue request.
    APPROVAL_REQUESTED = "approval_requested", _("Approval requested")
    APPROVAL_DECIDED = "approval_decided", _("Approval decision")
    APPROVAL_ENDED = "approval_ended", _("Approval ended")
    TASK_CHANGED = "task_changed", _("Fulfilment task")
    ACTION_RUN = "action_run", _("Fulfilment action")


@quick_choice_displays
class TicketEvent(models.Model):
    """One change to a ticket: who, when, what (field, old → new), through which channel.

    The ticket history is read from these rows; every service that changes a ticket writes one.
    Values are kept as stored (ids, codes) and as shown at the time (labels), so history reads
    the same after a group is renamed.
    """

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="events", verbose_name=_("ticket")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=EventKind)
    actor = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=16, choices=EventChannel)
    field = models.CharField(_("field"), max_length=40, blank=True)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    old_label = models.CharField(_("old"), max_length=300, blank=True)
    new_label = models.CharField(_("new"), max_length=300, blank=True)
    is_public = models.BooleanField(_("visible to the requester"), default=False)
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("comment")
    )
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["ticket", "at", "id"], name="event_ticket_at"),
            # the rules list counts each rule's firings: a small index over those events only
            models.Index(
                fields=["at"], condition=models.Q(kind="rule_applied"), name="event_rule_applied_at"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} {self.field}"

    @property
    def field_label(self) -> str:
        """The changed field as people call it ("first response", not first_response_at)."""
        if self.field in _EVENT_FIELDS:
            return str(_EVENT_FIELDS[self.field])
        try:
            return str(Ticket._meta.get_field(self.field).verbose_name)
        except FieldDoesNotExist:
            return self.field


# Fields of the timeline that are not columns of a ticket; other domains name theirs with
# name_event_field (the SLA engine its "sla_policy").
_EVENT_FIELDS = {
    "tags": _("tags"),
    "links": _("linked tickets"),
    "followers": _("followers"),
    "merged_from": _("merged from"),
}


def name_event_field(field: str, label) -> None:
    """Say how the timeline calls `field`, a field of another domain's events (a lazy translation)."""
    _EVENT_FIELDS[field] = label


class EscalationKind(models.TextChoices):
    FUNCTIONAL = "functional", _("Functional")
    HIERARCHICAL = "hierarchical", _("Hierarchical")


class Escalation(models.Model):
    """A functional (to a higher tier group) or hierarchical (to a team lead) escalation, for reporting."""

    Kind = EscalationKind

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="escalations", verbose_name=_("ticket")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    reason = models.TextField(_("reason"))
    from_group = models.ForeignKey(
        SupportGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from group"),
    )
    to_group = models.ForeignKey(
        SupportGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to group"),
    )
    from_tier = models.PositiveSmallIntegerField(_("from tier"), choices=Tier)
    to_tier = models.PositiveSmallIntegerField(
        _("to tier"), choices=Tier, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    to_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("to person")
    )
    actor = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["kind", "at"], name="escalation_kind_at")]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind}"
