"""Forms of the agent workspace and the portal; writes go through the ticket services."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.functional import lazy
from django.utils.html import conditional_escape, escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moked.people.selectors import memberships
from moked.tickets import numbering
from moked.tickets.attachments import check_upload
from moked.tickets.models import MAX_DESCRIPTION_LENGTH, Level, ResolutionCode
from moked.tickets.services import check_description

from .templatetags.moked_numbers import localized


def levels():
    """Impact and urgency, 1 high .. 3 low: the number in the reader's digits, and its name."""
    return [(level.value, f"{localized(level.value)} – {level.label}") for level in Level]


def checked_file(upload):
    """The upload if Moked accepts it, else the reason as the field's error."""
    if upload:
        try:
            check_upload(upload)
        except ValidationError as refusal:
            raise ValidationError(refusal.messages) from None
    return upload


def checked_description(text: str) -> str:
    check_description(text.strip())
    return text


def _description_help() -> str:
    return gettext("Up to %(limit)s characters; attach longer texts, such as logs, as a file.") % {
        "limit": localized(MAX_DESCRIPTION_LENGTH)
    }


DESCRIPTION_HELP = lazy(_description_help, str)()


# Django's select.html, whose HTML the renderer below writes in Python.
SELECT_TEMPLATE = "web/widgets/select.html"


def _attributes(attrs: dict) -> str:
    """Django's django/forms/widgets/attrs.html, in Python."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class FormRenderer(DjangoTemplates):
    """Django's renderer, except that a select (SELECT_TEMPLATE) is written in Python: through the
    templates, each option cost about 50 µs, and the ticket page offers dozens of agents and groups
    in its forms. The HTML is the template's (tests/web/test_select_widget.py holds them equal)."""

    def render(self, template_name, context, request=None):
        if template_name != SELECT_TEMPLATE:
            return super().render(template_name, context, request)
        widget = context["widget"]
        parts = [f'<select name="{escape(widget["name"])}"{_attributes(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in group_choices:
                parts.append(
                    f'\n  <option value="{escape(option["value"])}"{_attributes(option["attrs"])}>'
                    f"{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)


RENDERER = FormRenderer()


class BootstrapForm(forms.Form):
    """Widgets styled as Bootstrap controls; text fields follow the direction of what is typed.
    Each field shows its errors below it, as Bootstrap does (web/form_field.html), with the
    control marked invalid, on every page the form is on."""

    default_renderer = RENDERER

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.template_name = "web/form_field.html"
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select"
                if widget.template_name == forms.Select.template_name:
                    widget.template_name = SELECT_TEMPLATE
            else:
                widget.attrs["class"] = "form-control"
                if isinstance(widget, forms.TextInput | forms.Textarea):
                    widget.attrs["dir"] = "auto"

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "").split()
                if "is-invalid" not in classes:
                    widget.attrs["class"] = " ".join([*classes, "is-invalid"])


class ReplyForm(BootstrapForm):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    internal = forms.BooleanField(label=_("Internal note (not shown to the customer)"), required=False)
    attachment = forms.FileField(label=_("Attachment"), required=False)

    def clean_attachment(self):
        return checked_file(self.cleaned_data["attachment"])


class RejectForm(BootstrapForm):
    reason = forms.CharField(
        label=_("What is still not solved?"), max_length=5_000, widget=forms.Textarea(attrs={"rows": 3})
    )


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


class NewTicketForm(BootstrapForm):
    service = forms.ChoiceField(label=_("Service"), required=False)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    description = forms.CharField(
        label=_("Describe the problem"), widget=forms.Textarea(attrs={"rows": 6}), help_text=DESCRIPTION_HELP
    )
    attachment = forms.FileField(label=_("Attachment"), required=False)

    def __init__(self, *args, services=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("Not sure"))] + [(str(s.pk), s.name) for s in services]

    def clean_description(self):
        return checked_description(self.cleaned_data["description"])

    def clean_attachment(self):
        return checked_file(self.cleaned_data["attachment"])


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
