"""The forms' shared look (Bootstrap controls, errors under their field) and the fields the desk and
the portal both take: a reply with an attachment, a description within the limit."""

from datetime import datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moked.tickets.attachments import check_upload
from moked.tickets.models import MAX_DESCRIPTION_LENGTH, Level
from moked.tickets.services import check_description

from ..templatetags.moked_numbers import localized
from .rendering import RENDERER, SELECT_TEMPLATE


def levels():
    """Impact and urgency, 1 high .. 3 low: the number in the reader's digits, and its name."""
    return [(level.value, f"{localized(level.value)} – {level.label}") for level in Level]


def start_of_day(day) -> datetime:
    """Midnight of `day` (a date a form read) in the reader's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def checked_file(upload):
    """The upload if Moked accepts it, else the reason as the field's error."""
    if upload:
        try:
            check_upload(upload)
        except ValidationError as refusal:
            raise ValidationError(refusal.messages) from None
    return upload


def checked_description(text: str) -> str:
    check_description(text.strip())
    return text


def _description_help() -> str:
    return gettext("Up to %(limit)s characters; attach longer texts, such as logs, as a file.") % {
        "limit": localized(MAX_DESCRIPTION_LENGTH)
    }


DESCRIPTION_HELP = lazy(_description_help, str)()


# The most digits an id of a row has (63 bits): SQLite cannot even compare a longer number.
MAX_ID_DIGITS = 18


class ModelChoices(forms.ModelMultipleChoiceField):
    """Records chosen by id, as Django's field, except that a number longer than any id is
    refused as a choice that does not exist (Django's field sent it to the database, where SQLite
    failed on it: a server error)."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            if str(pk).isdigit() and len(str(pk)) > MAX_ID_DIGITS:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)


class BootstrapForm(forms.Form):
    """Widgets styled as Bootstrap controls; text fields follow the direction of what is typed.
    Each field shows its errors below it, as Bootstrap does (web/form_field.html), with the
    control marked invalid, on every page the form is on."""

    default_renderer = RENDERER

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.template_name = "web/form_field.html"
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
                if widget.template_name == forms.Select.template_name:
                    widget.template_name = SELECT_TEMPLATE
            else:
                widget.attrs["class"] = "form-control"
                if isinstance(widget, forms.TextInput | forms.Textarea):
                    widget.attrs["dir"] = "auto"

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "").split()
                if "is-invalid" not in classes:
                    widget.attrs["class"] = " ".join([*classes, "is-invalid"])


class ReplyForm(BootstrapForm):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    internal = forms.BooleanField(label=_("Internal note (not shown to the customer)"), required=False)
    attachment = forms.FileField(label=_("Attachment"), required=False)

    def clean_attachment(self):
        return checked_file(self.cleaned_data["attachment"])
