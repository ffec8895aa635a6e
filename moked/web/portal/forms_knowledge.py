"""Forms of the portal's knowledge pages: a reader's verdict on an article."""

from django import forms
from django.utils.translation import gettext_lazy as _

from moked.knowledge.models import FEEDBACK_COMMENT_MAX_LENGTH

from ..common.forms import BootstrapForm


class FeedbackForm(BootstrapForm):
    helpful = forms.TypedChoiceField(
        label=_("Was this helpful?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything to add? (optional)"),
        required=False,
        max_length=FEEDBACK_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )
