"""Organisations: the provider's clients, found by name, code or e-mail domain, with how busy each
one is; and a form for everything an admin sets on one (domains, language, time zone, holidays,
tags, suspension, reopen window, priority matrix)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from moked.people.models import Person
from moked.people.selectors import visible_organisations
from moked.tenancy import priority
from moked.tenancy.models import EmailDomain, Language, Organisation
from moked.tenancy.services import create_organisation, update_organisation
from moked.tenancy.validators import validate_country, validate_email_domain, validate_organisation_tags
from moked.tickets.lifecycle import OPEN_STATUSES
from moked.tickets.models import Ticket

from ..common import refusals
from ..common.forms import BootstrapForm
from ..common.saving import attempt
from .access import admin_page
from .fields import TimeZoneField, WordListField
from .listing import one_page

SECTION = (_("Organisations"), "administration-organisations")
PAGE_SIZE = 50
PRIORITY_CHOICES = [(level, f"P{level}") for level in priority.PRIORITIES]


def _matrix_cell(impact: int, urgency: int) -> str:
    return f"matrix_{impact}_{urgency}"


class OrganisationForm(BootstrapForm):
    """The settings of an organisation, checked by the model's validators as they are typed; the
    service has the last word (whether a code or a domain is taken, say)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    code = forms.CharField(
        label=_("Code"), max_length=16, help_text=_("Short code shown beside tickets, such as ACME.")
    )
    email_domains = WordListField(
        label=_("E-mail domains"),
        lower=True,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Senders from these domains belong to the organisation. One per line, or commas."),
    )
    auto_create_requesters = forms.BooleanField(
        label=_("Unknown senders from these domains become end users"), required=False
    )
    articles_in_acknowledgement = forms.BooleanField(
        label=_("Suggest up to three knowledge base articles in the acknowledgement of a new e-mail request"),
        required=False,
    )
    language = forms.ChoiceField(label=_("Default language"), choices=Language.choices)
    timezone = TimeZoneField(label=_("Time zone"), blank_label="—", required=True)
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        help_text=_("ISO 3166 code, such as IL, IR or FI; decides public holidays and weekend days."),
    )
    status = forms.ChoiceField(label=_("State"), choices=Organisation.Status.choices)
    tags = WordListField(
        label=_("Tags"),
        help_text=_("Labels rules can test, such as vip. Commas or spaces."),
        validators=[validate_organisation_tags],
    )
    reopen_window_days = forms.IntegerField(
        label=_("Reopen window (days)"),
        min_value=0,
        max_value=365,
        help_text=_("A closed ticket can be reopened for this many days after it was closed."),
    )
    own_matrix = forms.BooleanField(
        label=_("Its own priority matrix (otherwise the provider's)"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for impact in priority.IMPACTS:
            for urgency in priority.URGENCIES:
                field = forms.TypedChoiceField(
                    label=_("Impact %(impact)d, urgency %(urgency)d")
                    % {"impact": impact, "urgency": urgency},
                    choices=PRIORITY_CHOICES,
                    coerce=int,
                    initial=priority.DEFAULT_MATRIX[impact - 1][urgency - 1],
                )
                field.widget.attrs["class"] = "form-select form-select-sm"
                self.fields[_matrix_cell(impact, urgency)] = field

    @classmethod
    def defaults(cls) -> dict:
        """A new organisation's settings before the admin changes them: the model's defaults."""
        fields = (
            "language",
            "status",
            "reopen_window_days",
            "auto_create_requesters",
            "articles_in_acknowledgement",
        )
        return {field: Organisation._meta.get_field(field).default for field in fields}

    @classmethod
    def initial_for(cls, organisation: Organisation) -> dict:
        matrix = organisation.priority_matrix or priority.DEFAULT_MATRIX
        initial = {
            field: getattr(organisation, field)
            for field in (
                "name",
                "code",
                "auto_create_requesters",
                "articles_in_acknowledgement",
                "language",
                "timezone",
                "country",
                "status",
                "tags",
                "reopen_window_days",
            )
        }
        initial["email_domains"] = [domain.domain for domain in organisation.email_domains.all()]
        initial["own_matrix"] = organisation.priority_matrix is not None
        for impact in priority.IMPACTS:
            for urgency in priority.URGENCIES:
                initial[_matrix_cell(impact, urgency)] = matrix[impact - 1][urgency - 1]
        return initial

    # The model's own validators, run here too so that every mistake shows at once; the service
    # checks again (and alone knows whether a code or a domain is taken).

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        for validator in Organisation._meta.get_field("code").validators:
            validator(code)
        return code

    def clean_country(self) -> str:
        country = self.cleaned_data["country"].strip().upper()
        validate_country(country)
        return country

    def clean_email_domains(self) -> list[str]:
        domains = self.cleaned_data["email_domains"]
        errors = []
        for domain in domains:
            try:
                validate_email_domain(domain)
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return domains

    def matrix_rows(self):
        """(impact, the bound fields of its urgencies 1..3), for the matrix as a table."""
        return [
            (impact, [self[_matrix_cell(impact, urgency)] for urgency in priority.URGENCIES])
            for impact in priority.IMPACTS
        ]

    def settings(self) -> dict:
        """What the services take: the matrix as a list of rows, or None for the provider's."""
        data = dict(self.cleaned_data)
        matrix = [
            [data.pop(_matrix_cell(impact, urgency)) for urgency in priority.URGENCIES]
            for impact in priority.IMPACTS
        ]
        data["priority_matrix"] = matrix if data.pop("own_matrix") else None
        return data


def _number_of(rows, **match) -> Coalesce:
    """How many of `rows` belong to the organisation of the outer row, as one subquery."""
    counted = rows.filter(organisation=OuterRef("pk"), **match).order_by().values("organisation")
    return Coalesce(
        Subquery(counted.annotate(number=Count("pk")).values("number")[:1], output_field=IntegerField()), 0
    )


def _listed(person, q: str, status: str):
    organisations = visible_organisations(person).annotate(
        open_tickets=_number_of(Ticket.objects, status__in=OPEN_STATUSES),
        people_count=_number_of(Person.objects),
    )
    if q:
        in_domain = EmailDomain.objects.filter(organisation=OuterRef("pk"), domain__icontains=q)
        organisations = organisations.filter(Q(name__icontains=q) | Q(code__icontains=q) | Exists(in_domain))
    if status in Organisation.Status.values:
        organisations = organisations.filter(status=status)
    return organisations.order_by("name", "pk")


@admin_page
def organisation_list(request):
    q, status = request.GET.get("q", "").strip(), request.GET.get("status", "")
    page, query = one_page(request, _listed(request.user, q, status), PAGE_SIZE)
    context = {
        "page": page,
        "query": query,
        "q": q,
        "status": status,
        "statuses": Organisation.Status.choices,
    }
    return render(request, "web/administration/organisations_list.html", context)


@admin_page
def organisation_new(request):
    form = OrganisationForm(request.POST or None, initial=OrganisationForm.defaults())
    if request.method == "POST" and form.is_valid():
        if attempt(request, lambda: create_organisation(request.user, **form.settings()), form):
            return redirect("administration-organisations")
    context = {"form": form, "organisation": None, "refusals": refusals.pop(request)}
    return render(request, "web/administration/organisations_form.html", context)


@admin_page
def organisation_edit(request, pk):
    organisation = visible_organisations(request.user).filter(pk=pk).first()
    if organisation is None:
        raise Http404
    form = OrganisationForm(request.POST or None, initial=OrganisationForm.initial_for(organisation))
    if request.method == "POST" and form.is_valid():
        if attempt(request, lambda: update_organisation(request.user, organisation, form.settings()), form):
            return redirect("administration-organisations")
    context = {"form": form, "organisation": organisation, "refusals": refusals.pop(request)}
    return render(request, "web/administration/organisations_form.html", context)


urlpatterns = [
    path("organisations/", organisation_list, name="administration-organisations"),
    path("organisations/new/", organisation_new, name="administration-organisation-new"),
    path("organisations/<int:pk>/", organisation_edit, name="administration-organisation"),
]
