"""Serializer fields that only accept records the requesting person may see.

A reference to a record the person may not see is answered exactly like one to a record that
does not exist, so the answer leaks nothing.
"""

from django.core.validators import EmailValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from moked.nul_characters import holds_nul
from moked.people import addresses
from moked.people.fields import validate_email_address

MAX_ID = 2**63 - 1


class VisiblePrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A primary key, looked up among `visible(person)`; `queryset` only names the model (for the schema)."""

    default_error_messages = {
        "does_not_exist": _("Nothing with the id {pk_value} was found."),
        "incorrect_type": _("Expected an id (a whole number), got {data_type}."),
    }

    def __init__(self, visible, **kwargs):
        self.visible = visible
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.visible(self.context["request"].user)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            pk = int(data)
        except ValueError:
            self.fail("incorrect_type", data_type="text")
        queryset = self.get_queryset()
        try:
            if not 0 < pk <= MAX_ID:
                raise queryset.model.DoesNotExist
            return queryset.get(pk=pk)
        except queryset.model.DoesNotExist:
            self.fail("does_not_exist", pk_value=data)


class VisibleSlugField(serializers.SlugRelatedField):
    """A record found by a slug (an organisation's code) among `visible(person)`."""

    def __init__(self, visible, **kwargs):
        self.visible = visible
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.visible(self.context["request"].user)

    def to_internal_value(self, data):
        if isinstance(data, str) and "\x00" in data:  # PostgreSQL cannot even look for it
            self.fail("does_not_exist", slug_name=self.slug_field, value=data.replace("\x00", ""))
        return super().to_internal_value(data)


class CleanJSONField(serializers.JSONField):
    """JSON without NUL characters, which PostgreSQL cannot store in text or jsonb."""

    default_error_messages = {"null_characters": _("Null characters are not allowed.")}

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if holds_nul(value):
            self.fail("null_characters")
        return value


class EmailAddressField(serializers.EmailField):
    """An e-mail address, internationalised ones (RFC 6532) included, given back canonical
    (people.addresses): DRF's own EmailField refuses a local part outside ASCII."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        kept = [v for v in self.validators if not isinstance(v, EmailValidator)]
        self.validators = [*kept, validate_email_address]

    def to_internal_value(self, data):
        return addresses.canonical(super().to_internal_value(data))
