"""Dry runs: which rules would fire on a ticket (or on the last tickets) and what they would do,
through the engine's own dry run, which writes nothing. Saved rules are tried on their page; the
rule being edited is tried from the editor (htmx) before it is saved."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from moked.automation import engine
from moked.automation.models import Rule, Trigger
from moked.automation.selectors import visible_rules
from moked.classification.selectors import ticket_suggestions
from moked.tickets.models import Ticket
from moked.tickets.selectors import get_ticket, visible_tickets

from ..common.forms import BootstrapForm
from . import automation_rows
from .access import admin_page
from .rule_form import RuleForm, organisations_of

LAST_CHOICES = [(5, "5"), (10, "10"), (25, "25"), (50, "50")]
_LOADED = ("organisation", "requester", "service", "group", "assignee", "category")


class DryRunForm(BootstrapForm):
    reference = forms.CharField(
        label=_("Ticket"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"placeholder": "INC-000123", "dir": "ltr", "autocomplete": "off"}),
    )
    last = forms.TypedChoiceField(
        label=_("Or the last tickets"), required=False, coerce=int, choices=[("", "—"), *LAST_CHOICES]
    )
    trigger = forms.ChoiceField(label=_("Only the rules of"), required=False)
    rule = forms.ChoiceField(label=_("Only the rule"), required=False)

    def __init__(self, *args, rules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trigger"].choices = [("", _("every trigger")), *Trigger.choices]
        self.fields["rule"].choices = [("", _("every active rule"))] + [
            (str(rule.pk), rule.name) for rule in rules
        ]

    def clean(self):
        data = super().clean()
        if not data.get("reference") and not data.get("last"):
            raise ValidationError(_("Give a ticket, or choose how many of the last tickets."))
        return data


def tickets_to_try(person, reference: str, last, organisation=None) -> list[Ticket]:
    """The ticket named by `reference` (ValidationError when `person` may not see it), or the last
    `last` tickets `person` may see, of `organisation` when given."""
    loaded = visible_tickets(person).select_related(*_LOADED)
    if reference:
        try:
            found = get_ticket(person, reference.strip().upper())
        except Ticket.DoesNotExist:
            raise ValidationError(
                gettext("There is no ticket %(reference)s.") % {"reference": reference}
            ) from None
        return [loaded.get(pk=found.pk)]
    if organisation is not None:
        loaded = loaded.filter(organisation=organisation)
    return list(loaded.order_by("-id")[: int(last)])


def explained(options, firing) -> dict:
    """A firing as the page shows it: each condition in words with whether it held."""
    return {
        "rule": firing.rule,
        "matched": firing.matched,
        "changes": [change.description for change in firing.changes],
        "error": firing.error,
        "conditions": [
            {
                "said": automation_rows.describe_condition(options, outcome.condition),
                "group": outcome.group,
                "held": outcome.held,
            }
            for outcome in firing.conditions
        ],
    }


def predictions(person, ticket: Ticket) -> list[dict]:
    """What classification predicted for the ticket, which rules can test: each field's value and
    confidence."""
    return [
        {"field": item.field_name, "value": item.shown_value, "confidence": item.prediction.confidence}
        for item in ticket_suggestions(person, ticket)
    ]


@admin_page
def dry_run(request):
    """Which saved rules would fire on a ticket, or on each of the last tickets, as they are now."""
    person = request.user
    rules = visible_rules(person).order_by("organisation__name", "position", "id")
    form = DryRunForm(request.GET or None, rules=rules)
    results, problem = [], ""
    if form.is_valid():
        data = form.cleaned_data
        chosen = [rules.get(pk=data["rule"])] if data["rule"] else None
        options = automation_rows.Options(person)
        try:
            tickets = tickets_to_try(person, data["reference"], data["last"])
        except ValidationError as refusal:
            problem = refusal.messages[0]
            tickets = []
        for ticket in tickets:
            mine = (
                [rule for rule in chosen if rule.organisation_id in (None, ticket.organisation_id)]
                if chosen
                else None
            )
            firings = [
                explained(options, firing)
                for firing in engine.dry_run(ticket, trigger=data["trigger"] or None, rules=mine)
            ]
            results.append(
                {
                    "ticket": ticket,
                    "firings": firings,
                    "fired": sum(f["matched"] for f in firings),
                    "predictions": predictions(person, ticket),
                }
            )
    context = {"form": form, "results": results, "problem": problem, "asked": form.is_bound}
    return render(request, "web/administration/rules_dry_run.html", context)


@admin_page
@require_POST
def try_draft(request):
    """The rule being edited, tried as posted (htmx, from the editor) on a ticket or the last ones:
    checked as saving would check it, then dry run; nothing is saved."""
    person = request.user
    options = automation_rows.Options(person)
    posted = request.POST
    form = RuleForm(posted, organisations=organisations_of(person))
    organisation = form.organisations.get(posted.get("organisation", ""))
    conditions = automation_rows.posted_condition_rows(options, posted)
    actions = automation_rows.posted_action_rows(options, posted)
    problems = [f"{row_error}" for row in [*conditions, *actions] for row_error in row.errors]
    draft = _draft(posted, organisation, conditions, actions)
    if not problems:
        try:
            draft.clean()  # the checks saving makes: bad patterns, records and placeholders
        except ValidationError as refusal:
            problems = refusal.messages
    results = []
    if not problems:
        try:
            tickets = tickets_to_try(person, posted.get("try_reference", ""), _last(posted), organisation)
        except ValidationError as refusal:
            problems = refusal.messages
            tickets = []
        for ticket in tickets:
            if organisation is not None and ticket.organisation_id != organisation.pk:
                results.append({"ticket": ticket, "elsewhere": True})
                continue
            (firing,) = engine.dry_run(ticket, rules=[draft])
            results.append(
                {
                    "ticket": ticket,
                    "firings": [explained(options, firing)],
                    "fired": int(firing.matched),
                    "predictions": predictions(person, ticket),
                }
            )
    context = {"problems": problems, "results": results, "draft": draft, "asked": True}
    return render(request, "web/administration/rules_try.html", context)


def _last(posted) -> int:
    try:
        asked = int(posted.get("try_last") or 0)
    except ValueError:
        asked = 0
    return min(max(asked, 1), max(count for count, _label in LAST_CHOICES))


def _draft(posted, organisation, conditions, actions) -> Rule:
    trigger = posted.get("trigger") if posted.get("trigger") in Trigger.values else Trigger.TICKET_CREATED
    try:
        amount = int(posted.get("time_amount") or 0) or None
    except ValueError:
        amount = None
    return Rule(
        organisation=organisation,
        name=posted.get("name") or gettext("This rule"),
        trigger=trigger,
        time_amount=amount,
        time_unit=posted.get("time_unit", ""),
        time_anchor=posted.get("time_anchor", ""),
        conditions=automation_rows.conditions_of(conditions),
        actions=automation_rows.actions_of(actions),
    )


urlpatterns = [
    path("rules/dry-run/", dry_run, name="rules-dry-run"),
    path("rules/try/", try_draft, name="rule-try"),
]
