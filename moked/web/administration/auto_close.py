"""Auto-close: per organisation, when a customer who does not answer is reminded and their ticket
closed, and when a resolved ticket closes. Organisations without a policy of their own show the
defaults, which apply to them."""

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from moked.automation import services
from moked.automation.models import AutoClosePolicy
from moked.automation.schedule import policy_of
from moked.people.selectors import visible_organisations

from ..common import refusals
from ..common.forms import BootstrapForm
from .access import admin_page

FIELDS = ("remind_after_business_days", "close_after_business_days", "close_resolved_after_days")


class AutoCloseForm(BootstrapForm):
    remind_after_business_days = forms.IntegerField(
        label=_("Pending on the customer: remind after (business days)"), min_value=0, max_value=365
    )
    close_after_business_days = forms.IntegerField(
        label=_("Pending on the customer: close after (business days)"), min_value=0, max_value=365
    )
    close_resolved_after_days = forms.IntegerField(
        label=_("Resolved: close after (days)"), min_value=0, max_value=365
    )


def _organisations(person):
    return visible_organisations(person).prefetch_related(None).select_related("auto_close")


@admin_page
def policy_list(request):
    organisations = list(_organisations(request.user).order_by("name"))
    for organisation in organisations:
        organisation.waiting = policy_of(organisation)
        organisation.own_policy = organisation.waiting.pk is not None
    defaults = AutoClosePolicy()
    context = {"organisations": organisations, "defaults": defaults, "refusals": refusals.pop(request)}
    return render(request, "web/administration/rules_auto_close.html", context)


@admin_page
def policy_edit(request, code):
    person = request.user
    organisation = _organisations(person).filter(code=code).first()
    if organisation is None:
        raise Http404
    policy = policy_of(organisation)
    form = AutoCloseForm(request.POST or None, initial={name: getattr(policy, name) for name in FIELDS})
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        if refusals.apply(request, lambda: services.set_auto_close_policy(person, organisation, **changes)):
            return redirect("auto-close-list")
    context = {"organisation": organisation, "form": form, "refusals": refusals.pop(request)}
    return render(request, "web/administration/rules_auto_close_edit.html", context)


urlpatterns = [
    path("auto-close/", policy_list, name="auto-close-list"),
    path("auto-close/<str:code>/", policy_edit, name="auto-close-edit"),
]
