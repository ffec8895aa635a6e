"""E-mail address fields that take internationalised addresses (RFC 6532: "josé@bücher.example",
"अजय@उदाहरण.भारत"), which Django's own EmailField refuses, and keep them in one form
(people.addresses.canonical)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import models

from . import addresses


def validate_email_address(value: str) -> None:
    if not addresses.is_valid(value):
        # Django's own words, translated in its catalogues for every language
        raise ValidationError(EmailValidator.message, code="invalid", params={"value": value})


class EmailAddressFormField(forms.EmailField):
    # A browser's type="email" refuses letters outside ASCII before the local part: a text box.
    widget = forms.TextInput(attrs={"inputmode": "email", "autocomplete": "email", "dir": "ltr"})
    default_validators = [validate_email_address]

    def to_python(self, value):
        return addresses.canonical(super().to_python(value))


class EmailAddressField(models.EmailField):
    """An e-mail address; the model's save keeps it canonical (lower-case, NFC, Unicode domain)."""

    default_validators = [validate_email_address]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": EmailAddressFormField, **kwargs})
