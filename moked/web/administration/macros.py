"""Macros: canned responses agents apply to a ticket in one step (a reply with placeholders, and
actions edited as rows, like a rule's). Admins keep every macro; team leads keep those of the
organisations they serve, as the automation services decide."""

from functools import wraps

import rules
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from moked.automation import actions as engine_actions
from moked.automation import services, templating
from moked.automation.selectors import visible_macros

from ..common import refusals
from ..common.forms import BootstrapForm
from . import automation_rows
from .rule_dry_run import tickets_to_try
from .rule_form import engine_refusal, organisations_of
from .rules import render_action_row

SECTION = (_("Macros"), "macros")


def keeper_page(view):
    """A view for those who may keep macros: admins and team leads (what each may keep, the
    services decide); other people who are signed in get 403."""

    @login_required
    @wraps(view)
    def checked(request, *args, **kwargs):
        if not rules.has_perm("automation.keep_macros", request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


class MacroForm(BootstrapForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    organisation = forms.ChoiceField(label=_("For"), required=False)
    reply = forms.CharField(
        label=_("Reply (placeholders allowed)"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    reply_is_public = forms.BooleanField(
        label=_("Send the reply to the customer (otherwise it is an internal note)"), required=False
    )
    is_active = forms.BooleanField(label=_("Active"), required=False)

    def __init__(self, *args, person, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(organisation.pk): organisation for organisation in organisations}
        every = [("", _("Every organisation"))] if services.may_keep_macro(person, None) else []
        self.fields["organisation"].choices = every + [
            (pk, organisation.name) for pk, organisation in self.organisations.items()
        ]

    def macro_fields(self) -> dict:
        fields = dict(self.cleaned_data)
        fields["organisation"] = self.organisations.get(fields["organisation"])
        return fields


def _macro_or_404(person, pk):
    macro = visible_macros(person).filter(pk=pk).first()
    if macro is None:
        raise Http404
    return macro


def _kept_by(person, macro) -> None:
    """Only what the person may keep opens for editing: the others would only be refused."""
    if not services.may_keep_macro(person, macro.organisation):
        raise PermissionDenied


def _service_refusal(action) -> dict | None:
    """The service's refusal by field: invalid input, or (for a team lead) a macro not theirs to keep."""
    try:
        return engine_refusal(action)
    except PermissionDenied as refusal:
        return {"__all__": [str(refusal) or _("You may not keep this macro.")]}


@keeper_page
def macro_list(request):
    person = request.user
    macros = list(visible_macros(person).order_by("organisation__name", "name"))
    options = automation_rows.Options(person)
    keeps: dict = {}
    for macro in macros:
        if macro.organisation_id not in keeps:
            keeps[macro.organisation_id] = services.may_keep_macro(person, macro.organisation)
        macro.kept = keeps[macro.organisation_id]
        macro.said_actions = [automation_rows.describe_action(options, action) for action in macro.actions]
    context = {"macros": macros, "refusals": refusals.pop(request)}
    return render(request, "web/administration/macros_list.html", context)


@keeper_page
def macro_new(request):
    return _editor(request, None)


@keeper_page
def macro_edit(request, pk):
    macro = _macro_or_404(request.user, pk)
    _kept_by(request.user, macro)
    return _editor(request, macro)


def _editor(request, macro):
    person = request.user
    options = automation_rows.Options(person)
    organisations = organisations_of(person)
    actions_errors: list = []
    if request.method == "POST":
        form = MacroForm(request.POST, person=person, organisations=organisations)
        actions = automation_rows.posted_action_rows(options, request.POST, for_macro=True)
        if form.is_valid() and not any(row.errors for row in actions):
            fields = {**form.macro_fields(), "actions": automation_rows.actions_of(actions)}
            refusal = _service_refusal(
                lambda: (
                    services.create_macro(person, **fields)
                    if macro is None
                    else services.update_macro(person, macro, fields)
                )
            )
            if refusal is None:
                return redirect("macros")
            rest = automation_rows.place_errors(refusal, [], actions)
            actions_errors = rest.pop("actions", [])
            for name, messages in rest.items():
                form.add_error(name if name in form.fields else None, messages)
    else:
        form = MacroForm(initial=_initial(macro), person=person, organisations=organisations)
        actions = automation_rows.stored_action_rows(options, macro.actions if macro else [], for_macro=True)
    context = {
        "macro": macro,
        "form": form,
        "actions": actions,
        "actions_errors": actions_errors,
        "row_address": reverse("macro-action-row"),
        "not_saved": request.method == "POST",
        "refusals": refusals.pop(request),
    }
    return render(request, "web/administration/macros_edit.html", context)


def _initial(macro) -> dict:
    if macro is None:
        return {"is_active": True, "reply_is_public": True}
    fields = ("name", "description", "reply", "reply_is_public", "is_active")
    return {**{name: getattr(macro, name) for name in fields}, "organisation": macro.organisation_id or ""}


@keeper_page
def action_row(request):
    """One action row of a macro (htmx): a new one, or the posted one redrawn for its new choice."""
    return render_action_row(request, for_macro=True, address=reverse("macro-action-row"))


@keeper_page
@require_POST
def macro_preview(request):
    """The reply as posted, filled in for a ticket, and what the actions would change on it
    (htmx); nothing is saved or applied."""
    person = request.user
    options = automation_rows.Options(person)
    form = MacroForm(request.POST, person=person, organisations=organisations_of(person))
    organisation = form.organisations.get(request.POST.get("organisation", ""))
    rows = automation_rows.posted_action_rows(options, request.POST, for_macro=True)
    reply = request.POST.get("reply", "")
    context: dict = {"problems": [error for row in rows for error in row.errors], "asked": True}
    try:
        templating.check(reply)
        checked = engine_actions.validate(automation_rows.actions_of(rows), organisation, for_macro=True)
        tickets = tickets_to_try(person, request.POST.get("preview_reference", ""), 1, organisation)
    except ValidationError as refusal:
        context["problems"] += refusal.messages
        tickets = []
    if not tickets and not context["problems"]:
        context["problems"] = [_("There is no ticket to show it with yet.")]
    if context["problems"]:
        return render(request, "web/administration/macros_preview.html", context)
    ticket = tickets[0]
    if organisation is not None and ticket.organisation_id != organisation.pk:
        context["problems"] = [_("This macro is for another organisation than this ticket's.")]
        return render(request, "web/administration/macros_preview.html", context)
    changes = engine_actions.apply(checked, ticket, engine_actions.Context(person, dry_run=True))
    try:
        filled_in = templating.render(reply, ticket, ticket.requester) if reply.strip() else ""
    except ValidationError as refusal:  # over its budget on this ticket
        context["problems"] = refusal.messages
        return render(request, "web/administration/macros_preview.html", context)
    context.update(
        ticket=ticket,
        reply=filled_in,
        public=request.POST.get("reply_is_public") == "on",
        changes=[change.description for change in changes],
    )
    return render(request, "web/administration/macros_preview.html", context)


@keeper_page
def macro_delete(request, pk):
    person = request.user
    macro = _macro_or_404(person, pk)
    _kept_by(person, macro)
    if request.method == "POST":
        refusal = _service_refusal(lambda: services.delete_macro(person, macro))
        if refusal is None:
            return redirect("macros")
        refusals.keep(request, [message for messages in refusal.values() for message in messages])
    context = {"record": macro, "back": reverse("macro", args=[macro.pk]), "refusals": refusals.pop(request)}
    return render(request, "web/administration/macros_delete.html", context)


urlpatterns = [
    path("macros/", macro_list, name="macros"),
    path("macros/new/", macro_new, name="macro-new"),
    path("macros/preview/", macro_preview, name="macro-preview"),
    path("macros/rows/action/", action_row, name="macro-action-row"),
    path("macros/<int:pk>/", macro_edit, name="macro"),
    path("macros/<int:pk>/delete/", macro_delete, name="macro-delete"),
]
