"""Every API error as JSON: {"code": ..., "message": ..., "errors": {field: [{code, message}]}}.

Django's own ValidationError and PermissionDenied (raised by the services) and missing records
become 400, 403 and 404; an integrity conflict becomes 409. Nothing a client sends becomes a 500.
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler


def _flatten(detail, prefix: str = "") -> dict[str, list[dict]]:
    """{"field": [{"code", "message"}]} from DRF's nested error detail ("tags.0" for list items)."""
    if isinstance(detail, dict):
        flat: dict[str, list[dict]] = {}
        for key, value in detail.items():
            name = key if key != "non_field_errors" else "__all__"
            flat.update(_flatten(value, f"{prefix}.{name}" if prefix else name))
        return flat
    if isinstance(detail, list):
        if all(isinstance(item, exceptions.ErrorDetail | str) for item in detail):
            return {
                prefix or "__all__": [
                    {"code": getattr(item, "code", "invalid"), "message": str(item)} for item in detail
                ]
            }
        flat = {}
        for index, item in enumerate(detail):
            if item:
                flat.update(_flatten(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    return {prefix or "__all__": [{"code": getattr(detail, "code", "invalid"), "message": str(detail)}]}


def _as_drf(exc):
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404 | ObjectDoesNotExist):
        return exceptions.NotFound()
    if isinstance(exc, IntegrityError):
        conflict = exceptions.APIException(
            _("This conflicts with data that already exists."), code="conflict"
        )
        conflict.status_code = status.HTTP_409_CONFLICT
        return conflict
    return exc


def exception_handler(exc, context):
    exc = _as_drf(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        field, problems = next(iter(errors.items()), ("__all__", [{"message": _("Invalid input.")}]))
        message = problems[0]["message"] if field == "__all__" else f"{field}: {problems[0]['message']}"
        body = {"code": "invalid", "message": message, "errors": errors}
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        body = {"code": code, "message": str(detail)}
    response.data = body
    return response
