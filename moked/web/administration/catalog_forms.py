"""The forms of the services and categories pages. The catalog's models decide what holds (a
resolve service needs a runbook, a catch-and-dispatch one a client team and how to reach it); the
forms only offer the choices the admin may make."""

from django import forms
from django.utils.translation import gettext_lazy as _

from moked.catalog.models import Service

from ..common.forms import BootstrapForm


class _OrganisationChoice(BootstrapForm):
    """A form with an `organisation` picked among those given; `blank_label` offers none at all."""

    blank_label = None

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(organisation.pk): organisation for organisation in organisations}
        choices = [(key, organisation.name) for key, organisation in self.organisations.items()]
        if self.blank_label is not None:
            choices.insert(0, ("", self.blank_label))
        self.fields["organisation"].choices = choices

    def clean_organisation(self):
        return self.organisations.get(self.cleaned_data["organisation"])


class ServiceForm(_OrganisationChoice):
    """Everything an admin sets on a service. The organisation is chosen once, at creation."""

    organisation = forms.ChoiceField(label=_("Organisation"))
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    criticality = forms.ChoiceField(label=_("Criticality"), choices=Service.Criticality.choices)
    coverage = forms.ChoiceField(
        label=_("Coverage"),
        choices=Service.Coverage.choices,
        help_text=_("24x7: SLA clocks run around the clock. Business hours: on the SLA policy's calendar."),
    )
    service_model = forms.ChoiceField(
        label=_("Service model"),
        choices=Service.ServiceModel.choices,
        help_text=_(
            "Resolve: the provider solves tickets with its runbook. Catch and dispatch: the provider "
            "takes the ticket and hands it over to the client's own team."
        ),
    )
    runbook = forms.CharField(
        label=_("Runbook"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("How the provider resolves tickets of this service."),
    )
    dispatch_team = forms.CharField(
        label=_("Client team"),
        max_length=200,
        required=False,
        help_text=_("The client's own team that catch-and-dispatch tickets are handed over to."),
    )
    dispatch_contact = forms.CharField(
        label=_("Client team contact"),
        max_length=300,
        required=False,
        help_text=_("How to reach that team: e-mail address, phone or on-call line."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, service=None, **kwargs):
        super().__init__(*args, **kwargs)
        if service is not None:
            del self.fields["organisation"]  # a service stays with its organisation


class CategoryForm(_OrganisationChoice):
    """A category: shared by every organisation or one organisation's own, under a parent or not."""

    blank_label = _("Every organisation")

    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    parent = forms.ChoiceField(label=_("Under"), required=False)
    name = forms.CharField(label=_("Name"), max_length=100)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, parents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.parents = {str(parent.pk): parent for parent in parents}
        self.fields["parent"].choices = [("", _("Nothing: a top-level category"))] + [
            (key, _labelled(parent)) for key, parent in self.parents.items()
        ]

    def clean_parent(self):
        return self.parents.get(self.cleaned_data["parent"])


def _labelled(category) -> str:
    if category.organisation is None:
        return category.path
    return f"{category.path} · {category.organisation.name}"
