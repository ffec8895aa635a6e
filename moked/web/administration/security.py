"""Sign-in security: which groups require two-factor sign-in, and who in each group has not set
it up yet (they are sent to set it up on their next page once it is required)."""

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from moked.people.selectors import visible_groups
from moked.people.services import set_two_factor_requirement

from ..accounts.two_factor import with_authenticator_app
from ..common import refusals
from ..common.forms import BootstrapForm
from .access import admin_page

SECTION = (_("Sign-in security"), "sign-in-security")


class RequirementForm(BootstrapForm):
    requires_two_factor = forms.TypedChoiceField(
        label=_("Two-factor sign-in"),
        choices=[("1", _("Required")), ("0", _("Not required"))],
        coerce=lambda value: value == "1",
    )


def _people_of(group) -> list:
    """The group's active members and team leads, each once, by name (from the prefetched lists)."""
    people = {person.pk: person for person in (*group.members.all(), *group.leads.all()) if person.is_active}
    return sorted(people.values(), key=lambda person: (person.name, person.pk))


@admin_page
def overview(request):
    groups = list(visible_groups(request.user).order_by("-requires_two_factor", "tier", "name"))
    people = {group.pk: _people_of(group) for group in groups}
    protected = with_authenticator_app({person.pk for members in people.values() for person in members})
    rows = [
        {
            "group": group,
            "size": len(people[group.pk]),
            "missing": [person for person in people[group.pk] if person.pk not in protected],
        }
        for group in groups
    ]
    return render(
        request, "web/administration/security.html", {"rows": rows, "refusals": refusals.pop(request)}
    )


@admin_page
@require_POST
def change_requirement(request, pk):
    group = visible_groups(request.user).filter(pk=pk).first()
    if group is None:
        raise Http404
    form = RequirementForm(request.POST)
    if form.is_valid():
        required = form.cleaned_data["requires_two_factor"]
        refusals.apply(request, lambda: set_two_factor_requirement(request.user, group, required))
    else:
        refusals.keep_form_errors(request, form)
    return redirect("sign-in-security")


urlpatterns = [
    path("security/", overview, name="sign-in-security"),
    path("security/groups/<int:pk>/", change_requirement, name="sign-in-security-group"),
]
