import re

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from moked.tenancy.models import Language, Organisation
from moked.tenancy.validators import validate_timezone

from . import addresses
from .fields import EmailAddressField


class Role(models.TextChoices):
    END_USER = "end_user", _("End user")
    CLIENT_MANAGER = "client_manager", _("Client manager")
    AGENT = "agent", _("Agent")
    TEAM_LEAD = "team_lead", _("Team lead")
    ADMIN = "admin", _("Admin")


CLIENT_ROLES = frozenset({Role.END_USER, Role.CLIENT_MANAGER})
STAFF_ROLES = frozenset({Role.AGENT, Role.TEAM_LEAD, Role.ADMIN})


class Tier(models.IntegerChoices):
    FIRST = 1, _("Tier 1")
    SECOND = 2, _("Tier 2")
    THIRD = 3, _("Tier 3")


def phone_digits(phone: str) -> str:
    """The digits of a phone number, for matching however it was typed."""
    return re.sub(r"\D", "", phone)


class PersonManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class Person(AbstractUser):
    """Anyone who signs in or asks for help: the provider's staff and the clients' people.

    End users and client managers belong to one organisation. Agents, team leads and admins
    belong to none: agents and team leads serve the organisations in `organisations`, admins all.
    """

    first_name = None  # one `name` field: many names are not "first + last"
    last_name = None

    name = models.CharField(_("name"), max_length=200)
    # Stored canonical (see save: lower-case, NFC, the domain in Unicode), so an exact match on this
    # index finds an address however typed; internationalised addresses (RFC 6532) are welcome.
    email = EmailAddressField(_("e-mail address"), blank=True, db_index=True)
    role = models.CharField(_("role"), max_length=16, choices=Role, default=Role.END_USER)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier, null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    phone_digits = models.CharField(max_length=40, blank=True, editable=False, db_index=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=Language,
        blank=True,
        help_text=_("Empty uses the organisation's language."),
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_timezone],
        help_text=_("Empty uses the organisation's time zone."),
    )
    is_service_manager = models.BooleanField(
        _("service manager"),
        default=False,
        help_text=_("Watches SLAs for the provider: told of every breach."),
    )
    organisations = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="agents",
        verbose_name=_("organisations served"),
        help_text=_("Agents and team leads see only these organisations' tickets."),
    )

    manager = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("manager"),
        help_text=_("Approves this person's requests where a catalogue item asks their manager."),
    )

    objects = PersonManager()

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="unique_person_email",
                violation_error_message=_("Another person already has this e-mail address."),
            )
        ]

    def __str__(self) -> str:
        return self.name or self.username

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name

    @property
    def is_client(self) -> bool:
        return self.role in CLIENT_ROLES

    @property
    def is_staff_member(self) -> bool:
        """Works for the provider (agent, team lead or admin); not Django's `is_staff`."""
        return self.role in STAFF_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def preferred_language(self) -> str:
        """The language Moked writes to the person in: their own, else their organisation's, else
        the installation's."""
        if self.language:
            return self.language
        if self.organisation_id:
            return self.organisation.language
        return settings.LANGUAGE_CODE

    def clean(self):
        super().clean()
        self.email = addresses.canonical(self.email)
        errors = {}
        if self.role in CLIENT_ROLES and not self.organisation_id:
            errors["organisation"] = _("End users and client managers belong to an organisation.")
        if self.role in STAFF_ROLES and self.organisation_id:
            errors["organisation"] = _("The provider's staff belong to no client organisation.")
        if self.role in (Role.AGENT, Role.TEAM_LEAD) and not self.tier:
            errors["tier"] = _("Agents and team leads work at tier 1, 2 or 3.")
        if self.role in CLIENT_ROLES and self.tier:
            errors["tier"] = _("Only the provider's staff have a tier.")
        if self.role in CLIENT_ROLES and self.is_service_manager:
            errors["is_service_manager"] = _("Service managers are the provider's staff.")
        if self.manager_id:
            if self.pk and self.manager_id == self.pk:
                errors["manager"] = _("A person cannot be their own manager.")
            elif self.manager.organisation_id != self.organisation_id:
                errors["manager"] = _("The manager belongs to another organisation.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.email = addresses.canonical(self.email)
        self.phone_digits = phone_digits(self.phone)
        # Django's admin site is for the provider's admins only.
        self.is_staff = self.is_superuser = self.role == Role.ADMIN
        super().save(*args, **kwargs)


class SupportGroup(models.Model):
    """A group of agents at one tier (service desk, network, identity...), led by team leads."""

    name = models.CharField(
        _("name"),
        max_length=100,
        unique=True,
        error_messages={"unique": _("A group with this name already exists.")},
    )
    tier = models.PositiveSmallIntegerField(_("tier"), choices=Tier, default=Tier.FIRST)
    email = models.EmailField(_("e-mail"), blank=True)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        Person, blank=True, related_name="support_groups", verbose_name=_("members")
    )
    leads = models.ManyToManyField(
        Person, blank=True, related_name="led_groups", verbose_name=_("team leads")
    )
    is_active = models.BooleanField(_("active"), default=True)
    requires_two_factor = models.BooleanField(
        _("requires two-factor sign-in"),
        default=False,
        help_text=_("Members and team leads must sign in with a code from an authenticator app."),
    )

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["tier", "name"]

    def __str__(self) -> str:
        return self.name


class ClientGroup(models.Model):
    """A group of one client organisation's people (a department, a team): who may request a
    catalogue item, or who approves a step of its approval."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="client_groups", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=100)
    members = models.ManyToManyField(
        Person, blank=True, related_name="client_groups", verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("client group")
        verbose_name_plural = _("client groups")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="unique_client_group_name",
                violation_error_message=_("This organisation already has a group with this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name
