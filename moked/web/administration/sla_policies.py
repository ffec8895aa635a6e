"""SLA policies: the targets an admin tunes most often, in business minutes."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from moked.businesstime.selectors import visible_calendars
from moked.people.selectors import visible_organisations
from moked.sla.selectors import visible_policies
from moked.sla.services import create_policy, update_policy
from moked.tickets.models import Priority

from ..common import refusals
from ..common.forms import BootstrapForm
from ..common.saving import attempt
from .access import admin_page

SECTION = (_("SLA policies"), "sla-policies")


class PolicyForm(BootstrapForm):
    """The targets of an SLA policy, in business minutes, as an admin changes them daily."""

    name = forms.CharField(label=_("Name"), max_length=100)
    first_response_minutes = forms.IntegerField(label=_("First response (business minutes)"), min_value=1)
    next_response_minutes = forms.IntegerField(label=_("Next response (business minutes)"), min_value=1)
    resolution_minutes = forms.IntegerField(label=_("Resolution (business minutes)"), min_value=1)
    warning_percent = forms.IntegerField(
        label=_("Warn at this percentage of the target"), min_value=1, max_value=99
    )
    is_active = forms.BooleanField(label=_("Active"), required=False)


class NewPolicyForm(PolicyForm):
    """A new policy: whom and what it covers and its calendar, then the targets."""

    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    priority = forms.TypedChoiceField(
        label=_("Priority"), required=False, coerce=int, empty_value=None, choices=[]
    )
    calendar = forms.ChoiceField(label=_("Calendar"))
    field_order = ["organisation", "name", "priority", "calendar"]

    def __init__(self, *args, organisations=(), calendars=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(organisation.pk): organisation for organisation in organisations}
        self.calendars = {str(calendar.pk): calendar for calendar in calendars}
        self.fields["organisation"].choices = [("", _("Every organisation (the provider's default)"))] + [
            (pk, organisation.name) for pk, organisation in self.organisations.items()
        ]
        self.fields["priority"].choices = [("", _("Any priority")), *Priority.choices]
        self.fields["calendar"].choices = [
            (
                pk,
                f"{calendar.name} ({calendar.organisation.name})" if calendar.organisation else calendar.name,
            )
            for pk, calendar in self.calendars.items()
        ]

    def policy_fields(self) -> dict:
        fields = dict(self.cleaned_data)
        fields["organisation"] = self.organisations.get(fields["organisation"])
        fields["calendar"] = self.calendars[fields["calendar"]]
        return fields


@admin_page
def policy_new(request):
    form = NewPolicyForm(
        request.POST or None,
        organisations=visible_organisations(request.user).order_by("name"),
        calendars=visible_calendars(request.user).order_by("organisation__name", "name"),
        initial={"warning_percent": 75, "is_active": True},
    )
    if request.method == "POST" and form.is_valid():
        created = attempt(request, lambda: create_policy(request.user, **form.policy_fields()), form)
        if created:
            messages.success(request, _("The SLA policy “%(name)s” was created.") % {"name": created.name})
            return redirect("sla-policies")
    context = {"policy": None, "form": form, "refusals": refusals.pop(request)}
    return render(request, "web/administration/sla_policy.html", context)


@admin_page
def policy_list(request):
    policies = visible_policies(request.user).order_by("organisation__name", "priority", "name")
    return render(request, "web/administration/sla_policies.html", {"policies": policies})


@admin_page
def policy_edit(request, pk):
    policy = visible_policies(request.user).filter(pk=pk).first()
    if policy is None:
        raise Http404
    fields = list(PolicyForm.base_fields)
    form = PolicyForm(request.POST or None, initial={field: getattr(policy, field) for field in fields})
    if request.method == "POST" and form.is_valid():
        if refusals.apply(request, lambda: update_policy(request.user, policy, dict(form.cleaned_data))):
            messages.success(
                request, _("The SLA policy “%(name)s” was saved.") % {"name": form.cleaned_data["name"]}
            )
            return redirect("sla-policies")
    context = {"policy": policy, "form": form, "refusals": refusals.pop(request)}
    return render(request, "web/administration/sla_policy.html", context)


urlpatterns = [
    path("sla-policies/", policy_list, name="sla-policies"),
    path("sla-policies/new/", policy_new, name="sla-policy-new"),
    path("sla-policies/<int:pk>/", policy_edit, name="sla-policy"),
]
