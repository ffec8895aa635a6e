"""Texts with placeholders that rules, macros and e-mail templates write: {{ ticket.reference }},
{{ requester.name }}, and dates on the organisation's calendar: {{ due|business_days:5 }}.

Templates are written by admins and team leads, so they get a sandbox: a dedicated engine that
loads no files and only the tags and filters of `templatetags/moked_sandbox.py` (no loops,
nothing that repeats or pads text), a context of plain values (never model instances, whose
relations would reach other data), and a budget: filling a text in stops after
`MAX_SECONDS` or `MAX_OUTPUT` characters, as a refusal the caller records (a rule's failure, a
macro that is not applied), never as a worker kept busy.

The result is plain text, as written: whoever writes it into HTML (the mail's HTML part, the
pages) escapes it there.
"""

import logging
import re
import time
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError, defaultfilters, defaulttags
from django.template.base import Lexer, TokenType
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from moked.businesstime import business_days

from .facts import organisation_calendar
from .templatetags import moked_dates, moked_sandbox

logger = logging.getLogger(__name__)

MAX_LENGTH = 20_000  # characters of a text as written
MAX_OUTPUT = 100_000  # characters of a text filled in
MAX_SECONDS = 2.0  # to fill one text in


class _Sandbox(Engine):
    # Django's own tag and filter libraries are not loaded: the sandbox lists what it allows.
    default_builtins = ["moked.automation.templatetags.moked_sandbox"]


ENGINE = _Sandbox(
    autoescape=False,
    loaders=[],
    libraries={"moked_dates": "moked.automation.templatetags.moked_dates"},
)
_FILTER_NAME = re.compile(r"\|\s*([A-Za-z_]\w*)")
_DATE_STEP = re.compile(r"\|\s*business_(days|hours)\s*:\s*[\"']?\s*(-?[\d.]+)")
_END_TAGS = {f"end{name}" for name in defaulttags.register.tags} | {"empty"}


class TemplateRefused(ValidationError):
    """A text that cannot be filled in safely: refused when saved, and, for a text saved before a
    rule of the sandbox changed, when it would be filled in."""


class _OverBudget(Exception):
    """Filling a text in took longer than it may (never one of the errors a template swallows)."""


class _Budget:
    def __init__(self, seconds: float):
        self.deadline = time.monotonic() + seconds

    def spend(self) -> None:
        if time.monotonic() > self.deadline:
            raise _OverBudget


class _BudgetedContext(Context):
    """Every placeholder looks its value up here, so a text that runs long stops at its next one."""

    def __init__(self, values: dict, budget: _Budget):
        super().__init__(values, autoescape=False)  # plain text: HTML writers escape it themselves
        self.budget = budget

    def __getitem__(self, key):
        self.budget.spend()
        return super().__getitem__(key)


class BusinessInstant:
    """An instant with the calendar and time zone of the ticket's organisation, for the filters."""

    def __init__(self, at: datetime, calendar, zone: str, budget: _Budget | None = None):
        self.at, self.calendar, self.zone = at, calendar, zone
        self.budget = budget or _Budget(MAX_SECONDS)
        self._due: dict = {}  # the same placeholder written twice is computed once

    def local(self, at: datetime | None = None) -> datetime:
        return timezone.localtime(at or self.at, timezone=ZoneInfo(self.zone))

    def __str__(self) -> str:
        return formats.date_format(self.local(), "DATETIME_FORMAT")

    def add_business_days(self, days: int) -> datetime:
        return self._computed(
            ("days", days), lambda: business_days.add_business_days(self.calendar, self.at, days)
        )

    def add_business_hours(self, hours: float) -> datetime:
        return self._computed(
            ("hours", hours), lambda: self.calendar.add_business_minutes(self.at, hours * 60)
        )

    def _computed(self, key, compute):
        if key not in self._due:
            self.budget.spend()
            self._due[key] = compute()
        return self._due[key]


def check(text: str) -> None:
    """Refuse a text that is too long, whose placeholders are not valid template syntax, or that
    uses what the sandbox leaves out (loops...), each with its reason."""
    if len(text) > MAX_LENGTH:
        raise TemplateRefused(_("At most %(count)d characters.") % {"count": MAX_LENGTH})
    _compiled(text)
    for unit, number in _DATE_STEP.findall(text):
        limit = moked_dates.MAX_BUSINESS_DAYS if unit == "days" else moked_dates.MAX_BUSINESS_HOURS
        try:
            too_far = abs(float(number)) > limit
        except ValueError:
            continue  # not a number: the filter leaves the placeholder empty
        if too_far:
            raise TemplateRefused(
                _("business_%(unit)s counts at most %(limit)d ahead.") % {"unit": unit, "limit": limit}
            )


def _compiled(text: str):
    try:
        return ENGINE.from_string(text)
    except TemplateSyntaxError as error:
        left_out = _left_out(text)
        if left_out:
            raise TemplateRefused(
                _(
                    "“%(name)s” cannot be used in texts with placeholders: they have no loops and "
                    "nothing that repeats or pads text. Tags: %(tags)s. Filters: %(filters)s."
                )
                % {
                    "name": left_out,
                    "tags": ", ".join(moked_sandbox.TAGS),
                    "filters": ", ".join(sorted(moked_sandbox.register.filters)),
                }
            ) from None
        raise TemplateRefused(_("The placeholders are not valid: %(error)s") % {"error": error}) from None


def _left_out(text: str) -> str:
    """The first of Django's tags or filters in the text that the sandbox leaves out, if any."""
    allowed_tags = set(moked_sandbox.TAGS) | {f"end{name}" for name in moked_sandbox.TAGS} | {"else", "elif"}
    allowed_filters = set(moked_sandbox.register.filters)
    for token in Lexer(text).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = (token.split_contents() or [""])[0]
            if (name in defaulttags.register.tags or name in _END_TAGS) and name not in allowed_tags:
                return name
        if token.token_type in (TokenType.BLOCK, TokenType.VAR):
            for name in _FILTER_NAME.findall(token.contents):
                if name in defaultfilters.register.filters and name not in allowed_filters:
                    return name
    return ""


def context_for(ticket, person=None, *, at=None, budget: _Budget | None = None) -> dict:
    organisation = ticket.organisation
    now = at or timezone.now()
    budget = budget or _Budget(MAX_SECONDS)
    calendar = organisation_calendar(organisation)
    instant = BusinessInstant(now, calendar, organisation.timezone, budget)
    return {
        "ticket": {
            "reference": ticket.reference,
            "subject": ticket.subject,
            "status": ticket.get_status_display(),
            "priority": f"P{ticket.priority}",
            "group": str(ticket.group) if ticket.group_id else "",
            "assignee": ticket.assignee.name if ticket.assignee_id else "",
            "created": BusinessInstant(ticket.created_at, calendar, organisation.timezone, budget),
        },
        "requester": {"name": ticket.requester.name, "email": ticket.requester.email},
        "organisation": {"name": organisation.name, "code": organisation.code},
        "recipient": {"name": person.name, "email": person.email} if person is not None else {},
        "now": instant,
        "due": instant,
    }


def render(text: str, ticket, person=None, *, at=None) -> str:
    """The text with its placeholders filled in for this ticket (and recipient), as plain text.

    Raises TemplateRefused for a text the sandbox no longer accepts, or that runs over its budget."""
    compiled = _compiled(text)
    budget = _Budget(MAX_SECONDS)
    try:
        written = compiled.render(_BudgetedContext(context_for(ticket, person, at=at, budget=budget), budget))
    except _OverBudget:
        logger.warning("Filling in a text for %s took over %s s; stopped", ticket.reference, MAX_SECONDS)
        raise TemplateRefused(
            _("Filling in this text took longer than %(seconds)s seconds, so it was stopped.")
            % {"seconds": formats.number_format(MAX_SECONDS)}
        ) from None
    if len(written) > MAX_OUTPUT:
        raise TemplateRefused(
            _("Filled in, this text would be longer than %(count)d characters.") % {"count": MAX_OUTPUT}
        )
    return str(written.strip())  # str methods answer a plain str, never the engine's SafeString


@dataclass(frozen=True)
class Recipient:
    """Who a rule's e-mail goes to: a person, or the client team of a catch-and-dispatch service."""

    name: str
    email: str
    language: str


def render_email(template, ticket, recipient: Recipient, *, at=None) -> tuple[str, str]:
    """Subject and body of an e-mail template in the recipient's language (or the default)."""
    language = recipient.language
    written = (template.translations or {}).get(language) or {}
    subject = written.get("subject") or template.subject
    body = written.get("body") or template.body
    with translation.override(language):
        return render(subject, ticket, recipient, at=at).replace("\n", " "), render(
            body, ticket, recipient, at=at
        )
