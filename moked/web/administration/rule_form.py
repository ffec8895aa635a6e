"""The settings of a rule as its editor and its dry run read them, and how a page reads the engine's
refusal of a rule."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from moked.automation.models import TimeAnchor, TimeUnit, Trigger
from moked.people.selectors import visible_organisations

from ..common.forms import BootstrapForm


class RuleForm(BootstrapForm):
    """A rule's settings; its conditions and actions come as rows (automation_rows)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    organisation = forms.ChoiceField(label=_("For"), required=False)
    trigger = forms.ChoiceField(label=_("When"), choices=Trigger.choices)
    time_amount = forms.IntegerField(label=_("After"), required=False, min_value=1, max_value=10_000)
    time_unit = forms.ChoiceField(label=_("Unit"), required=False, choices=[("", "—"), *TimeUnit.choices])
    time_anchor = forms.ChoiceField(
        label=_("Counted"), required=False, choices=[("", "—"), *TimeAnchor.choices]
    )
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        max_value=1_000_000,
        help_text=_("Rules run from the lowest position up: the provider's first, then the organisation's."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False)
    stop_processing = forms.BooleanField(
        label=_("When this rule fires, later rules do not run"), required=False
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(organisation.pk): organisation for organisation in organisations}
        self.fields["organisation"].choices = [("", _("Every organisation"))] + [
            (pk, organisation.name) for pk, organisation in self.organisations.items()
        ]

    def rule_fields(self) -> dict:
        fields = dict(self.cleaned_data)
        fields["organisation"] = self.organisations.get(fields["organisation"])
        return fields


def organisations_of(person):
    return visible_organisations(person).prefetch_related(None).order_by("name")


def engine_refusal(action) -> dict | None:
    """Run a service call; None when it was done, else its refusal by field (as the model names them)."""
    try:
        action()
    except ValidationError as refusal:
        return refusal.message_dict if hasattr(refusal, "error_dict") else {"__all__": refusal.messages}
    return None
