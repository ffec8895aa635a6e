"""Serializer bases shared by the API's endpoints."""

import copy

from rest_framework import serializers


class ResponseSerializer(serializers.Serializer):
    """A read-only shape whose fields are built once per class.

    DRF rebuilds every declared field, and every nested serializer's, each time a serializer is
    used; for a ticket that costs more than turning the ticket into JSON. Here each use gets
    shallow copies of fields built once, which it binds to itself. Only for output: the fields are
    all read-only, so nothing per request is kept in what the copies share.
    """

    def get_fields(self):
        cls = type(self)
        templates = cls.__dict__.get("_field_templates")
        if templates is None:
            templates = copy.deepcopy(self._declared_fields)
            cls._field_templates = templates
        return {name: copy.copy(field) for name, field in templates.items()}
