"""Forms of the agent workspace; writes go through the ticket services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from moked.people.selectors import memberships
from moked.tickets import numbering
from moked.tickets.models import ResolutionCode

from ..common.forms import DESCRIPTION_HELP, BootstrapForm, checked_description, levels
from ..common.rendering import SELECT_TEMPLATE


class StatusForm(BootstrapForm):
    status = forms.ChoiceField(label=_("New status"))
    resolution_code = forms.ChoiceField(
        label=_("Resolution"), choices=[("", "—"), *ResolutionCode.choices], required=False
    )
    resolution_text = forms.CharField(
        label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = statuses


class MacroForm(BootstrapForm):
    macro = forms.ChoiceField(label=_("Macro"))

    def __init__(self, *args, macros=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["macro"].choices = [(str(macro.pk), macro.name) for macro in macros]


class EscalateForm(BootstrapForm):
    group = forms.ChoiceField(label=_("To the group"))
    reason = forms.CharField(label=_("Why"), max_length=500)

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [(str(group.pk), f"{group.name} (T{group.tier})") for group in groups]


def group_memberships(groups) -> dict[int, list[int]]:
    """For each member of these groups, the ids of their groups (among these): one query of ids,
    whether or not the groups' members were prefetched."""
    return memberships([group.pk for group in groups])


class MemberSelect(forms.Select):
    """A choice of agents, each option saying which groups the agent is in (data-groups), so that
    web/choices.js offers only the members of the group chosen in the select the form names."""

    template_name = SELECT_TEMPLATE

    def __init__(self, *args, memberships=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.memberships = memberships or {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            groups = self.memberships.get(int(value), [])
            option["attrs"]["data-groups"] = " ".join(str(group) for group in groups)
        return option


class FieldsForm(BootstrapForm):
    impact = forms.TypedChoiceField(label=_("Impact"), coerce=int, choices=levels)
    urgency = forms.TypedChoiceField(label=_("Urgency"), coerce=int, choices=levels)
    group = forms.ChoiceField(label=_("Group"), required=False)
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)

    def __init__(self, *args, groups=(), agents=(), memberships=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", "—")] + [(str(group.pk), group.name) for group in groups]
        assignee = self.fields["assignee"]
        assignee.widget = MemberSelect(
            attrs={**assignee.widget.attrs, "data-members-of": self["group"].auto_id},
            memberships=group_memberships(groups) if memberships is None else memberships,
        )
        assignee.choices = [("", "—")] + [(str(agent.pk), agent.name) for agent in agents]


class CallForm(BootstrapForm):
    """A phone call: a new ticket for the caller, or a note on one of their open tickets."""

    ticket = forms.ChoiceField(label=_("About"), required=False)
    subject = forms.CharField(label=_("Subject"), max_length=300, required=False)
    notes = forms.CharField(
        label=_("What the caller said"), widget=forms.Textarea(attrs={"rows": 4}), help_text=DESCRIPTION_HELP
    )
    impact = forms.TypedChoiceField(label=_("Impact"), coerce=int, choices=levels, initial=3)
    urgency = forms.TypedChoiceField(label=_("Urgency"), coerce=int, choices=levels, initial=3)

    def __init__(self, *args, open_tickets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticket"].choices = [("", _("A new ticket"))] + [
            (ticket.reference, f"{ticket.reference} · {ticket.subject}") for ticket in open_tickets
        ]

    def clean_notes(self):
        return checked_description(self.cleaned_data["notes"])


class NewCallerForm(BootstrapForm):
    """A caller the phone desk does not know yet: a new person of an organisation the agent serves."""

    name = forms.CharField(label=_("Name"), max_length=200)
    organisation = forms.ChoiceField(label=_("Organisation"))
    phone = forms.CharField(
        label=_("Phone"), max_length=40, required=False, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    email = forms.EmailField(label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"dir": "ltr"}))

    def __init__(self, *args, organisations=(), **kwargs):
        kwargs.setdefault("prefix", "caller")
        super().__init__(*args, **kwargs)
        self.organisations = {str(organisation.pk): organisation for organisation in organisations}
        self.fields["organisation"].choices = [(pk, o.name) for pk, o in self.organisations.items()]

    def clean(self):
        data = super().clean()
        if not (data.get("phone") or data.get("email")) and not self.errors:
            raise forms.ValidationError(
                _("Give the caller's phone number or e-mail address, to find them again.")
            )
        return data

    def person_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "organisation": self.organisations[data["organisation"]],
            "phone": data["phone"],
            "email": data["email"],
        }

    @staticmethod
    def initial_from(query: str) -> dict:
        """What the agent searched for, in the field it looks like: an address, a number or a name."""
        if "@" in query:
            return {"email": query}
        if sum(character.isdigit() for character in query) >= 4:
            return {"phone": query}
        return {"name": query}


class LinkForm(BootstrapForm):
    reference = forms.RegexField(
        label=_("Ticket number"),
        regex=rf"^\s*{numbering.REFERENCE_PATTERN}\s*$",
        error_messages={"invalid": _("Write a ticket number such as INC-000123.")},
        widget=forms.TextInput(attrs={"placeholder": "INC-000123"}),
    )

    def clean_reference(self):
        return self.cleaned_data["reference"].strip()


class MergeForm(LinkForm):
    """Merging the ticket of the page, a duplicate, into the ticket named."""

    tell_requester = forms.BooleanField(
        label=_("Tell the requester where the conversation goes on"), required=False, initial=True
    )


class SavedViewForm(BootstrapForm):
    name = forms.CharField(label=_("Name of the view"), max_length=80)
    shared_with = forms.ChoiceField(label=_("Share with"), required=False)

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shared_with"].choices = [("", _("Only me"))] + [(str(g.pk), g.name) for g in groups]
