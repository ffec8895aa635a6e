"""The approval pages' forms: a decision's comment, and a delegation for a period (days in the
reader's time zone, the last one included)."""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from moked.approvals.services import MAX_COMMENT

from ..common.forms import BootstrapForm, start_of_day

DECISIONS = ("approve", "reject")


class DecisionForm(BootstrapForm):
    """Approve or reject (the button pressed) with a comment."""

    decision = forms.ChoiceField(choices=[(d, d) for d in DECISIONS], widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Why, for the requester and the service desk (a rejection's reason is told to the requester)."
        ),
    )

    def __init__(self, *args, prefix=None, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.fields["decision"].required = True


class DelegationForm(BootstrapForm):
    """Who decides for the person while they are away, from a day until a day (included)."""

    delegate = forms.TypedChoiceField(label=_("Who decides for you"), coerce=int)
    starts_at = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_at = forms.DateField(
        label=_("Until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The last day you are away."),
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].choices = [(person.pk, person.name) for person in people]
        self.people = {person.pk: person for person in people}

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends < starts:
            raise ValidationError({"ends_at": _("The end must come after the start.")})
        return cleaned

    def period(self):
        """(starts_at, ends_at): from the first day's midnight to the midnight after the last."""
        data = self.cleaned_data
        return start_of_day(data["starts_at"]), start_of_day(data["ends_at"] + timedelta(days=1))
