"""Texts with placeholders that rules, macros and e-mail templates write: {{ ticket.reference }},
{{ requester.name }}, and dates on the organisation's calendar: {{ due|business_days:5 }}.

Templates are written by admins, so they get a sandbox: a dedicated engine that loads no files
and no libraries but ours, and a context of plain values (never model instances, whose
relations would reach other data).
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from moked.sla import business_days

from .facts import organisation_calendar

ENGINE = Engine(
    autoescape=False,  # plain text: the mail's HTML part escapes it
    libraries={"moked_dates": "moked.automation.templatetags.moked_dates"},
    builtins=["moked.automation.templatetags.moked_dates"],
)
MAX_LENGTH = 20_000


class BusinessInstant:
    """An instant with the calendar and time zone of the ticket's organisation, for the filters."""

    def __init__(self, at: datetime, calendar, zone: str):
        self.at, self.calendar, self.zone = at, calendar, zone

    def local(self, at: datetime | None = None) -> datetime:
        return timezone.localtime(at or self.at, timezone=_zone(self.zone))

    def __str__(self) -> str:
        return formats.date_format(self.local(), "DATETIME_FORMAT")

    def add_business_days(self, days: int) -> datetime:
        return business_days.add_business_days(self.calendar, self.at, days)

    def add_business_hours(self, hours: float) -> datetime:
        return self.calendar.add_business_minutes(self.at, hours * 60)


def _zone(name: str):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def check(text: str) -> None:
    """Refuse a text that is too long or whose placeholders are not valid template syntax."""
    if len(text) > MAX_LENGTH:
        raise ValidationError(_("At most %(count)d characters.") % {"count": MAX_LENGTH})
    try:
        ENGINE.from_string(text)
    except TemplateSyntaxError as error:
        raise ValidationError(_("The placeholders are not valid: %(error)s") % {"error": error}) from None


def context_for(ticket, person=None, *, at=None) -> dict:
    organisation = ticket.organisation
    now = at or timezone.now()
    instant = BusinessInstant(now, organisation_calendar(organisation), organisation.timezone)
    return {
        "ticket": {
            "reference": ticket.reference,
            "subject": ticket.subject,
            "status": ticket.get_status_display(),
            "priority": f"P{ticket.priority}",
            "group": str(ticket.group) if ticket.group_id else "",
            "assignee": ticket.assignee.name if ticket.assignee_id else "",
            "created": BusinessInstant(ticket.created_at, instant.calendar, organisation.timezone),
        },
        "requester": {"name": ticket.requester.name, "email": ticket.requester.email},
        "organisation": {"name": organisation.name, "code": organisation.code},
        "recipient": {"name": person.name, "email": person.email} if person is not None else {},
        "now": instant,
        "due": instant,
    }


def render(text: str, ticket, person=None, *, at=None) -> str:
    """The text with its placeholders filled in for this ticket (and recipient)."""
    try:
        return ENGINE.from_string(text).render(Context(context_for(ticket, person, at=at))).strip()
    except TemplateSyntaxError:
        return text  # checked when saved; an old text that no longer parses is sent as written


def render_email(template, ticket, recipient, *, at=None) -> tuple[str, str]:
    """Subject and body of an e-mail template in the recipient's language (or the default)."""
    language = recipient.language
    written = (template.translations or {}).get(language) or {}
    subject = written.get("subject") or template.subject
    body = written.get("body") or template.body
    with translation.override(language):
        return render(subject, ticket, recipient, at=at).replace("\n", " "), render(
            body, ticket, recipient, at=at
        )
