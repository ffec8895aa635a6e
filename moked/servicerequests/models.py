from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moked.catalog.models import Category, Service
from moked.people.models import ClientGroup, Person, SupportGroup
from moked.tenancy.models import Organisation
from moked.tickets.models import Ticket


# The pictures a catalogue item may show (names of icons the pages know).
class Icon(models.TextChoices):
    """The pictures a catalogue item may show (the pages draw each one)."""

    KEY = "key", _("Key")
    LOCK_OPEN = "lock-open", _("Open padlock")
    SHIELD = "shield", _("Shield")
    FOLDER = "folder", _("Folder")
    LAPTOP = "laptop", _("Laptop")
    USER_PLUS = "user-plus", _("New person")
    MAIL = "mail", _("Envelope")
    PHONE = "phone", _("Telephone")
    PRINTER = "printer", _("Printer")
    SOFTWARE = "software", _("Software")
    NETWORK = "network", _("Network")
    QUESTION = "question", _("Question mark")


ICONS = tuple(Icon.values)


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone of the organisation")
    GROUPS = "groups", _("Members of chosen groups")
    CLIENT_MANAGERS = "client_managers", _("Client managers")


class CatalogItem(models.Model):
    """Something a client's people may ask for: offered by one organisation's service, or (no
    organisation) to every organisation. Texts are kept per language ({"en": ..., "fi": ...})."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="catalog_items",
        verbose_name=_("organisation"),
        help_text=_("Empty: offered to every organisation."),
    )
    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="catalog_items",
        verbose_name=_("service"),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="catalog_items",
        verbose_name=_("category"),
    )
    code = models.SlugField(
        _("code"), max_length=60, help_text=_("Short name in addresses and the API, such as password-reset.")
    )
    name = models.JSONField(_("name"), help_text=_('Per language: {"en": ..., "fi": ...}; English required.'))
    description = models.JSONField(_("description"), default=dict, blank=True)
    icon = models.CharField(_("icon"), max_length=24, choices=Icon, default=Icon.QUESTION)
    delivery_days = models.PositiveSmallIntegerField(
        _("delivery time (business days)"), default=1, help_text=_("Shown to the requester.")
    )
    audience = models.CharField(
        _("who may request"), max_length=16, choices=Audience, default=Audience.EVERYONE
    )
    groups = models.ManyToManyField(
        ClientGroup, blank=True, related_name="catalog_items", verbose_name=_("groups that may request")
    )
    fulfilment_group = models.ForeignKey(
        SupportGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="catalog_items",
        verbose_name=_("fulfilment group"),
        help_text=_("The group a request goes to once approved."),
    )
    approval_steps = models.JSONField(
        _("approval chain"),
        default=list,
        blank=True,
        help_text=_("Steps in order (moked.approvals.chains); empty: no approval needed."),
    )
    fulfilment_plan = models.JSONField(
        _("fulfilment plan"),
        default=dict,
        blank=True,
        help_text=_("Tasks and automated actions once approved (moked.fulfilment.plans)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue items")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"],
                name="unique_catalog_item_code",
                violation_error_message=_("Another catalogue item has this code."),
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(organisation__isnull=True),
                name="unique_shared_catalog_item_code",
                violation_error_message=_("Another catalogue item has this code."),
            ),
        ]

    def __str__(self) -> str:
        return self.name.get("en", self.code) if isinstance(self.name, dict) else self.code

    def current_form(self) -> "RequestForm | None":
        return self.forms.order_by("-version").first()


class RequestForm(models.Model):
    """One version of an item's form, never changed once written: a request keeps the version
    it was made with, so editing a form writes a new version."""

    item = models.ForeignKey(
        CatalogItem, on_delete=models.CASCADE, related_name="forms", verbose_name=_("item")
    )
    version = models.PositiveIntegerField(_("version"))
    fields = models.JSONField(
        _("fields"), help_text=_("As moked.catalog.request_forms.check_form returns them.")
    )
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
        verbose_name = _("request form")
        verbose_name_plural = _("request forms")
        ordering = ["item", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["item", "version"], name="unique_request_form_version")
        ]

    def __str__(self) -> str:
        return f"{self.item.code} v{self.version}"


class ServiceRequest(models.Model):
    """A catalogue request: a ticket of type service request, with the item, the form version and
    the answers it was made with, who asked and for whom."""

    ticket = models.OneToOneField(
        Ticket,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="service_request",
        verbose_name=_("ticket"),
    )
    item = models.ForeignKey(
        CatalogItem, on_delete=models.PROTECT, related_name="requests", verbose_name=_("item")
    )
    form = models.ForeignKey(
        RequestForm, on_delete=models.PROTECT, related_name="requests", verbose_name=_("form")
    )
    answers = models.JSONField(
        _("answers"), default=dict, help_text=_("Visible fields' values only, stored form.")
    )
    requested_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="catalog_requests_made", verbose_name=_("requested by")
    )
    requested_for = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="catalog_requests", verbose_name=_("requested for")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_for", "-created_at"], name="service_request_for")]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.ticket_id}"
