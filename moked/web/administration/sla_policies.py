"""SLA policies: the targets an admin tunes most often, in business minutes."""

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from moked.sla.configuration import update_policy
from moked.sla.selectors import visible_policies

from .. import refusals
from ..forms import BootstrapForm
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


@admin_page
def policy_list(request):
    policies = visible_policies(request.user).order_by("organisation__name", "priority", "name")
    return render(request, "web/admin/sla_policies.html", {"policies": policies})


@admin_page
def policy_edit(request, pk):
    policy = visible_policies(request.user).filter(pk=pk).first()
    if policy is None:
        raise Http404
    fields = list(PolicyForm.base_fields)
    form = PolicyForm(request.POST or None, initial={field: getattr(policy, field) for field in fields})
    if request.method == "POST" and form.is_valid():
        if refusals.apply(request, lambda: update_policy(request.user, policy, dict(form.cleaned_data))):
            return redirect("sla-policies")
    context = {"policy": policy, "form": form, "refusals": refusals.pop(request)}
    return render(request, "web/admin/sla_policy.html", context)


urlpatterns = [
    path("sla-policies/", policy_list, name="sla-policies"),
    path("sla-policies/<int:pk>/", policy_edit, name="sla-policy"),
]
