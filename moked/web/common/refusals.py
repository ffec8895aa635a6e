"""How a page shows a service's refusal: as a message on the next page instead of an error."""

from django.core.exceptions import ValidationError


def apply(request, action) -> bool:
    """Run a service call; when it refuses, keep its reasons for the next page and return False."""
    try:
        action()
    except ValidationError as refusal:
        keep(request, refusal.messages)
        return False
    return True


def keep(request, messages) -> None:
    """Show these messages on the next page this person sees."""
    request.session.setdefault("refusals", []).extend(str(message) for message in messages)
    request.session.modified = True


def keep_form_errors(request, form) -> None:
    """Show a form's errors on the next page, as refusals are shown."""
    keep(request, [message for errors in form.errors.values() for message in errors])


def pop(request) -> list[str]:
    """The messages kept for this page; each is shown once."""
    return request.session.pop("refusals", [])
