"""The forms of the people pages: a person, an agent's profile, an absence, and the list's filters."""

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moked.businesstime.selectors import visible_calendars
from moked.people.fields import EmailAddressFormField
from moked.people.models import CLIENT_ROLES, Person, Role, Tier
from moked.people.selectors import visible_organisations
from moked.tenancy.models import Language

from ..common.forms import BootstrapForm, ModelChoices
from .fields import TimeZoneField, WordListField

# Settings that belong to one side only, with their empty values: a client's organisation; the
# provider's tiers, organisations served and service managers.
CLIENT_ONLY = {"organisation": None}
STAFF_ONLY = {"tier": None, "organisations": [], "is_service_manager": False}
PERSON_FIELDS = (
    "name",
    "email",
    "username",
    "phone",
    "role",
    "organisation",
    "tier",
    "organisations",
    "is_service_manager",
    "language",
    "timezone",
    "is_active",
)


def organisations_for(person):
    """The organisations `person` may see, light enough for a list of choices."""
    return visible_organisations(person).prefetch_related(None).only("pk", "name", "code")


class PersonForm(BootstrapForm):
    """Who a person is and what they do; the service says who may set what."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = EmailAddressFormField(label=_("E-mail address"), required=False)  # internationalised too
    username = forms.CharField(
        label=_("Username"), max_length=150, required=False, help_text=_("Empty: the e-mail address.")
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=None,
        required=False,
        empty_label="—",
        help_text=_("End users and client managers only."),
    )
    tier = forms.TypedChoiceField(
        label=_("Tier"),
        choices=[("", "—"), *Tier.choices],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("The provider's staff only."),
    )
    organisations = ModelChoices(
        label=_("Organisations served"),
        queryset=None,
        required=False,
        help_text=_("Agents and team leads see only these organisations' tickets."),
    )
    is_service_manager = forms.BooleanField(
        label=_("Service manager: told of every SLA breach"), required=False
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("The organisation's")), *Language.choices], required=False
    )
    timezone = TimeZoneField(label=_("Time zone"), blank_label=_("The organisation's"))
    is_active = forms.BooleanField(label=_("Active: may sign in and be given tickets"), required=False)
    password = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, actor, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        organisations = organisations_for(actor)
        self.fields["organisation"].queryset = organisations
        self.fields["organisations"].queryset = organisations
        self.fields["organisations"].widget.attrs["size"] = 6
        self.fields["password"].help_text = (
            _("Empty: keep the current password.")
            if person
            else _("Optional. Without one, the person sets a password by resetting it.")
        )

    @staticmethod
    def initial_for(person: Person) -> dict:
        initial = {field: getattr(person, field) for field in PERSON_FIELDS if field != "organisations"}
        initial["organisations"] = list(person.organisations.all())
        return initial

    def clean(self):
        data = super().clean()
        # A setting of the other side is meaningless for this role: drop it rather than refuse.
        unused = STAFF_ONLY if data.get("role") in CLIENT_ROLES else CLIENT_ONLY
        data.update(unused)
        password = data.get("password")
        if password:
            someone = Person(
                username=data.get("username") or data.get("email") or "",
                email=data.get("email") or "",
                name=data.get("name") or "",
            )
            try:
                password_validation.validate_password(password, someone)
            except ValidationError as weak:
                self.add_error("password", weak)
        return data

    def changes(self) -> dict:
        """What to give the service: every field, but no username or password left empty."""
        data = dict(self.cleaned_data)
        for optional in ("username", "password"):
            if not data.get(optional):
                data.pop(optional, None)
        data["organisations"] = list(data["organisations"])
        return data


class ProfileForm(BootstrapForm):
    """What an agent takes tickets for and when they work."""

    skills = WordListField(
        label=_("Skills"),
        help_text=_("Tags of the tickets they take, such as vpn or printers. Commas or spaces."),
    )
    calendar = forms.ModelChoiceField(
        label=_("Working hours"), queryset=None, required=False, empty_label=_("Always on shift")
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["calendar"].queryset = visible_calendars(actor).prefetch_related(None)


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class AbsenceForm(BootstrapForm):
    """An absence, typed in the admin's own time zone."""

    starts_at = forms.DateTimeField(label=_("From"), widget=LocalDateTimeInput())
    ends_at = forms.DateTimeField(label=_("Until"), widget=LocalDateTimeInput())
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="absence", **kwargs)
        zone = timezone.get_current_timezone_name()
        self.fields["starts_at"].help_text = _("In your time zone, %(zone)s.") % {"zone": zone}


class PeopleFilter(forms.Form):
    """The list's search and filters; anything not understood is ignored."""

    STAFF = "staff"
    ACTIVE = (("", _("Any")), ("yes", _("Active")), ("no", _("Not active")))

    q = forms.CharField(label=_("Name, e-mail or phone"), required=False, widget=forms.SearchInput())
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Any")), *Role.choices], required=False)
    active = forms.ChoiceField(label=_("Active"), choices=ACTIVE, required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [
            ("", _("Any")),
            (self.STAFF, _("The provider's staff")),
            *((str(organisation.pk), str(organisation)) for organisation in organisations_for(actor)),
        ]
        for name, field in self.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"
        self.fields["q"].widget.attrs["dir"] = "auto"

    def choices(self) -> dict:
        """The filters given, with those that did not validate left out."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value}
