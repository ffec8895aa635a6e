"""Groups: the provider's teams by tier, with their members, team leads and the way each hands out
its tickets (by hand, round robin, fewest open tickets or skills)."""

from django import forms
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from moked.assignment.models import Strategy
from moked.assignment.services import set_strategy
from moked.people.models import STAFF_ROLES, Role, SupportGroup, Tier
from moked.people.selectors import visible_groups, visible_people
from moked.people.services import create_group, update_group

from ..common import refusals
from ..common.forms import BootstrapForm, ModelChoices
from ..common.saving import attempt
from .access import admin_page

SECTION = (_("Groups"), "administration-groups")
GROUP_FIELDS = ("name", "tier", "email", "description", "members", "leads", "is_active")


class GroupForm(BootstrapForm):
    """A group's settings and strategy; the services say who may belong to it and lead it."""

    name = forms.CharField(label=_("Name"), max_length=100)
    tier = forms.TypedChoiceField(label=_("Tier"), choices=Tier.choices, coerce=int)
    email = forms.EmailField(label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"dir": "ltr"}))
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    members = ModelChoices(label=_("Members"), queryset=None, required=False)
    leads = ModelChoices(
        label=_("Team leads"),
        queryset=None,
        required=False,
        help_text=_("Team leads and admins; they manage the group's members."),
    )
    strategy = forms.ChoiceField(label=_("Who gets a new ticket"), choices=Strategy.choices)
    is_active = forms.BooleanField(label=_("Active: takes tickets"), required=False)

    def __init__(self, *args, actor, group=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Active staff, and whoever is in the group already (so that saving keeps them).
        already = Q(support_groups=group) | Q(led_groups=group) if group else Q(pk__in=[])
        staff = (
            visible_people(actor)
            .filter(Q(role__in=STAFF_ROLES, is_active=True) | already)
            .select_related(None)
            .distinct()
            .order_by("name", "pk")
        )
        self.fields["members"].queryset = staff
        self.fields["leads"].queryset = staff.filter(Q(role__in=(Role.TEAM_LEAD, Role.ADMIN)) | already)
        for field in ("members", "leads"):
            self.fields[field].widget.attrs["size"] = 8

    @staticmethod
    def initial_for(group: SupportGroup, strategy: str) -> dict:
        initial = {
            field: getattr(group, field) for field in GROUP_FIELDS if field not in ("members", "leads")
        }
        initial["members"] = list(group.members.all())
        initial["leads"] = list(group.leads.all())
        initial["strategy"] = strategy
        return initial

    def settings(self) -> tuple[dict, str]:
        """The group's fields for the people services, and its strategy for the assignment one."""
        data = dict(self.cleaned_data)
        strategy = data.pop("strategy")
        data["members"], data["leads"] = list(data["members"]), list(data["leads"])
        return data, strategy


def _strategy(group: SupportGroup) -> str:
    config = getattr(group, "assignment", None)
    return config.strategy if config else Strategy.MANUAL


def _groups(actor):
    return visible_groups(actor).select_related("assignment")


@admin_page
def group_list(request):
    groups = [(group, Strategy(_strategy(group)).label) for group in _groups(request.user)]
    return render(request, "web/administration/groups_list.html", {"groups": groups})


def _create(actor, fields: dict, strategy: str) -> SupportGroup:
    with transaction.atomic():  # the group and its strategy, or neither
        group = create_group(actor, **fields)
        set_strategy(actor, group, strategy)
    return group


def _update(actor, group: SupportGroup, changes: dict, strategy: str) -> SupportGroup:
    with transaction.atomic():
        group = update_group(actor, group, changes)
        set_strategy(actor, group, strategy)
    return group


@admin_page
def group_new(request):
    form = GroupForm(request.POST or None, actor=request.user, initial={"is_active": True, "tier": 1})
    if request.method == "POST" and form.is_valid():
        if attempt(request, lambda: _create(request.user, *form.settings()), form):
            return redirect("administration-groups")
    context = {"form": form, "group": None, "refusals": refusals.pop(request)}
    return render(request, "web/administration/groups_form.html", context)


@admin_page
def group_edit(request, pk):
    group = _groups(request.user).filter(pk=pk).first()
    if group is None:
        raise Http404
    initial = GroupForm.initial_for(group, _strategy(group))
    form = GroupForm(request.POST or None, actor=request.user, group=group, initial=initial)
    if request.method == "POST" and form.is_valid():
        if attempt(request, lambda: _update(request.user, group, *form.settings()), form):
            return redirect("administration-groups")
    context = {"form": form, "group": group, "refusals": refusals.pop(request)}
    return render(request, "web/administration/groups_form.html", context)


urlpatterns = [
    path("groups/", group_list, name="administration-groups"),
    path("groups/new/", group_new, name="administration-group-new"),
    path("groups/<int:pk>/", group_edit, name="administration-group"),
]
