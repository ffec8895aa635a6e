"""Rules: the list in firing order with how often each fired, the editor (trigger, then conditions
and actions as rows an admin picks from the engine's own lists), reordering, switching on and off,
and deleting. The dry runs, the e-mail templates rules send and the auto-close policies live in
modules of their own; their addresses are listed here, under the rules."""

from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from moked.automation import services
from moked.automation.models import Trigger
from moked.automation.selectors import rule_firing_counts, visible_rules

from ..common import refusals
from . import auto_close, automation_rows, email_templates, rule_dry_run
from .access import admin_page
from .deleting import confirm_delete
from .rule_form import RuleForm, engine_refusal, organisations_of

SECTION = (_("Rules"), "rules")
POSITION_STEP = 10


def _rule_or_404(person, pk):
    rule = visible_rules(person).filter(pk=pk).first()
    if rule is None:
        raise Http404
    return rule


@admin_page
def rule_list(request):
    person = request.user
    rules = visible_rules(person).order_by(
        F("organisation__name").asc(nulls_first=True), "organisation_id", "position", "id"
    )
    trigger, active = request.GET.get("trigger", ""), request.GET.get("active", "")
    if trigger in Trigger.values:
        rules = rules.filter(trigger=trigger)
    if active in ("on", "off"):
        rules = rules.filter(is_active=active == "on")
    options = automation_rows.Options(person)
    counts = rule_firing_counts(person)
    scopes: dict = {}
    for rule in rules:
        rule.fired = counts.get(rule.pk)
        rule.said_conditions = {
            group: [
                automation_rows.describe_condition(options, item) for item in rule.conditions.get(group, [])
            ]
            for group in automation_rows.GROUPS
        }
        rule.said_actions = [automation_rows.describe_action(options, item) for item in rule.actions]
        scopes.setdefault(rule.organisation_id, (rule.organisation, []))[1].append(rule)
    context = {
        "scopes": list(scopes.values()),
        "triggers": Trigger.choices,
        "trigger": trigger,
        "active": active,
        "filtered": bool(trigger or active),  # moving a rule among the ones shown would mislead
        "refusals": refusals.pop(request),
    }
    return render(request, "web/administration/rules_list.html", context)


@admin_page
def rule_new(request):
    return _editor(request, None)


@admin_page
def rule_edit(request, pk):
    return _editor(request, _rule_or_404(request.user, pk))


def _editor(request, rule):
    person = request.user
    options = automation_rows.Options(person)
    organisations = organisations_of(person)
    section_errors: dict = {}
    if request.method == "POST":
        form = RuleForm(request.POST, organisations=organisations)
        conditions = automation_rows.posted_condition_rows(options, request.POST)
        actions = automation_rows.posted_action_rows(options, request.POST)
        rows_valid = not any(row.errors for row in [*conditions, *actions])
        if form.is_valid() and rows_valid:
            fields = {
                **form.rule_fields(),
                "conditions": automation_rows.conditions_of(conditions),
                "actions": automation_rows.actions_of(actions),
            }
            saved = []
            refusal = engine_refusal(
                lambda: saved.append(
                    services.create_rule(person, **fields)
                    if rule is None
                    else services.update_rule(person, rule, fields)
                )
            )
            if refusal is None:
                return redirect(reverse("rules") + f"#rule-{saved[0].pk}")
            rest = automation_rows.place_errors(refusal, conditions, actions)
            for section in ("conditions", "actions"):
                section_errors[section] = rest.pop(section, [])
            for name, messages in rest.items():
                form.add_error(name if name in form.fields else None, messages)
    else:
        form = RuleForm(initial=_initial(person, rule), organisations=organisations)
        conditions = automation_rows.stored_condition_rows(options, rule.conditions if rule else {})
        actions = automation_rows.stored_action_rows(options, rule.actions if rule else [])
    context = {
        "rule": rule,
        "form": form,
        "conditions": {group: [row for row in conditions if row.group == group] for group in ("all", "any")},
        "actions": actions,
        "section_errors": section_errors,
        "not_saved": request.method == "POST",
        "fired": rule_firing_counts(person).get(rule.pk) if rule else None,
        "last_choices": rule_dry_run.LAST_CHOICES,
        "row_address": reverse("rule-action-row"),
        "refusals": refusals.pop(request),
    }
    return render(request, "web/administration/rules_edit.html", context)


def _initial(person, rule) -> dict:
    if rule is None:
        last = visible_rules(person).filter(organisation__isnull=True).order_by("-position").first()
        return {"is_active": True, "position": (last.position if last else 0) + POSITION_STEP}
    fields = ["name", "description", "trigger", "time_amount", "time_unit", "time_anchor", "position"]
    return {
        **{name: getattr(rule, name) for name in fields},
        "organisation": rule.organisation_id or "",
        "is_active": rule.is_active,
        "stop_processing": rule.stop_processing,
    }


@admin_page
def condition_row(request):
    """One condition row (htmx): a new one for `group`, or the posted one redrawn after its field
    or operator changed."""
    options = automation_rows.Options(request.user)
    key = request.GET.get("condition")
    if key:
        row = automation_rows.posted_condition_row(options, request.GET, key, redraw=True)
    else:
        row = automation_rows.condition_row(options, group=request.GET.get("group", "all"))
    return render(request, "web/administration/rules_condition_row.html", {"row": row})


@admin_page
def action_row(request):
    """One action row of a rule (htmx): a new one, or the posted one redrawn for its new choice."""
    return render_action_row(request, for_macro=False, address=reverse("rule-action-row"))


def render_action_row(request, *, for_macro: bool, address: str):
    options = automation_rows.Options(request.user)
    key = request.GET.get("action")
    if key:
        row = automation_rows.posted_action_row(options, request.GET, key, for_macro=for_macro, redraw=True)
    else:
        row = automation_rows.action_row(options, for_macro=for_macro)
    return render(request, "web/administration/rules_action_row.html", {"row": row, "row_address": address})


@admin_page
@require_POST
def rule_move(request, pk):
    """One place up or down among the rules of the same organisation (or the provider's)."""
    person = request.user
    rule = _rule_or_404(person, pk)
    siblings = list(
        visible_rules(person).filter(organisation_id=rule.organisation_id).order_by("position", "id")
    )
    here = next(index for index, sibling in enumerate(siblings) if sibling.pk == rule.pk)
    there = here - 1 if request.POST.get("direction") == "up" else here + 1
    if 0 <= there < len(siblings):
        siblings[here], siblings[there] = siblings[there], siblings[here]
        refusals.apply(request, lambda: services.reorder_rules(person, siblings))
    return redirect(reverse("rules") + f"#rule-{rule.pk}")


@admin_page
@require_POST
def rule_switch(request, pk):
    """Switch a rule on or off; the engine checks it again, as for any change."""
    person = request.user
    rule = _rule_or_404(person, pk)
    refusals.apply(request, lambda: services.update_rule(person, rule, {"is_active": not rule.is_active}))
    return redirect(reverse("rules") + f"#rule-{rule.pk}")


@admin_page
def rule_delete(request, pk):
    person = request.user
    rule = _rule_or_404(person, pk)
    return confirm_delete(
        request,
        delete=lambda: services.delete_rule(person, rule),
        question=_("Delete the rule “%(name)s”?") % {"name": rule.name},
        record=rule,
        back=reverse("rule-edit", args=[rule.pk]),
        done=reverse("rules"),
    )


urlpatterns = [
    path("rules/", rule_list, name="rules"),
    path("rules/new/", rule_new, name="rule-new"),
    path("rules/<int:pk>/", rule_edit, name="rule-edit"),
    path("rules/<int:pk>/move/", rule_move, name="rule-move"),
    path("rules/<int:pk>/switch/", rule_switch, name="rule-switch"),
    path("rules/<int:pk>/delete/", rule_delete, name="rule-delete"),
    path("rules/rows/condition/", condition_row, name="rule-condition-row"),
    path("rules/rows/action/", action_row, name="rule-action-row"),
    *rule_dry_run.urlpatterns,
    *email_templates.urlpatterns,
    *auto_close.urlpatterns,
]
