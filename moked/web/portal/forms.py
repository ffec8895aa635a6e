"""Forms of the portal: a new request, and why a solved request is not solved."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..common.forms import DESCRIPTION_HELP, BootstrapForm, checked_description, checked_file


class NewTicketForm(BootstrapForm):
    service = forms.ChoiceField(label=_("Service"), required=False)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    description = forms.CharField(
        label=_("Describe the problem"), widget=forms.Textarea(attrs={"rows": 6}), help_text=DESCRIPTION_HELP
    )
    attachment = forms.FileField(label=_("Attachment"), required=False)
    # Which filling-in of the form this is, for deflection (moked.knowledge.deflection): untrusted,
    # and only ever read together with the person sending it.
    attempt = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("Not sure"))] + [(str(s.pk), s.name) for s in services]

    def clean_description(self):
        return checked_description(self.cleaned_data["description"])

    def clean_attachment(self):
        return checked_file(self.cleaned_data["attachment"])


class RejectForm(BootstrapForm):
    reason = forms.CharField(
        label=_("What is still not solved?"), max_length=5_000, widget=forms.Textarea(attrs={"rows": 3})
    )
