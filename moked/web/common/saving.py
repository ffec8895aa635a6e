"""Running an administration page's write through a domain service, and showing its refusal where
the admin will look for it: beside the field it names, else above the form."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from . import refusals


def attempt(request, action, form=None):
    """Run `action()`, a service call; return its result (True when it returns nothing).

    When the service refuses, return None and change nothing else: a ValidationError's messages
    go on the fields of `form` they name (the others on the form as a whole, or, without a form,
    to the page's refusals); a PermissionDenied goes to the page's refusals.
    """
    try:
        result = action()
    except ValidationError as refusal:
        _show(request, form, refusal)
        return None
    except PermissionDenied as refusal:
        refusals.keep(request, [str(refusal) or _("You may not do this.")])
        return None
    return True if result is None else result


def _show(request, form, refusal: ValidationError) -> None:
    if form is None:
        refusals.keep(request, refusal.messages)
        return
    if not hasattr(refusal, "error_dict"):
        form.add_error(None, refusal.messages)
        return
    for field, errors in refusal.error_dict.items():
        named = field if field in form.fields and field != NON_FIELD_ERRORS else None
        form.add_error(named, [message for error in errors for message in error.messages])
