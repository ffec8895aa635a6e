"""The form of a catalogue item's page: its settings, its texts in the four languages (right to
left for Hebrew and Persian), and its form, approval chain and fulfilment plan as JSON. The form
only reads what was typed; whether it holds is for moked.servicerequests.services to say, and its
problems are put beside the box they are about."""

import json

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moked.servicerequests.models import Audience, CatalogItem, Icon

from ..common.forms import BootstrapForm, ModelChoices

LANGUAGES = (("en", _("English")), ("he", _("Hebrew")), ("fa", _("Persian")), ("fi", _("Finnish")))
RIGHT_TO_LEFT = ("he", "fa")
TEXTS = ("name", "description")
# Where the service's problems go: its field names, by the name of the box on the page.
PLACES = {"name": "name_en", "description": "description_en", "form": "form_fields"}
JSON_BOXES = ("form_fields", "approval_steps", "fulfilment_plan")


def as_json(value) -> str:
    """A stored JSON value as an admin edits it: indented, the languages' own letters kept."""
    if value in (None, "", [], {}):
        return ""
    return json.dumps(value, ensure_ascii=False, indent=2)


class JSONBox(forms.CharField):
    """A textarea of JSON, read into its value (empty: `empty`); text that is not JSON is refused
    with where the parser stopped."""

    def __init__(self, *, empty, **kwargs):
        self.empty = empty
        attrs = {"rows": 12, "dir": "ltr", "spellcheck": "false", "class": "font-monospace"}
        super().__init__(required=False, strip=False, widget=forms.Textarea(attrs=attrs), **kwargs)

    def to_python(self, value):
        text = super().to_python(value).strip()
        if not text:
            return self.empty() if callable(self.empty) else self.empty
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                gettext("This is not JSON: %(problem)s (line %(line)s, column %(column)s).")
                % {"problem": error.msg, "line": error.lineno, "column": error.colno}
            ) from None

    def prepare_value(self, value):
        return value if isinstance(value, str) else as_json(value)


def _choice(records, label) -> list[tuple[str, str]]:
    return [(str(record.pk), label(record)) for record in records]


class ItemForm(BootstrapForm):
    organisation = forms.ChoiceField(
        label=_("Organisation"),
        required=False,
        help_text=_("Empty: the item is offered to every organisation (a shared item)."),
    )
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Short name in addresses and the API, such as password-reset."),
    )
    icon = forms.ChoiceField(label=_("Icon"), choices=Icon.choices)
    service = forms.ChoiceField(label=_("Service"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    delivery_days = forms.IntegerField(
        label=_("Delivery time (business days)"),
        min_value=0,
        max_value=365,
        help_text=_("Shown to the requester."),
    )
    audience = forms.ChoiceField(label=_("Who may request it"), choices=Audience.choices)
    groups = ModelChoices(
        label=_("Client groups that may request it"),
        queryset=None,
        required=False,
        help_text=_("Only when members of chosen groups may request it."),
    )
    fulfilment_group = forms.ChoiceField(
        label=_("Fulfilment group"), required=False, help_text=_("The group a request goes to.")
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    form_fields = JSONBox(
        label=_("Form"),
        empty=None,
        help_text=_(
            'A list of fields, each {"key", "type", "label", "help", "required", "choices", '
            '"show_when"}. Saving a changed form writes a new version; requests keep the version '
            "they were made with."
        ),
    )
    approval_steps = JSONBox(
        label=_("Approval chain"), empty=list, help_text=_("A list of steps; empty: nothing to approve.")
    )
    fulfilment_plan = JSONBox(
        label=_("Fulfilment plan"),
        empty=dict,
        help_text=_('{"tasks": [...], "actions": [...]}; empty: the desk fulfils it by hand.'),
    )

    def __init__(self, *args, organisations, services, categories, client_groups, support_groups, **kwargs):
        super().__init__(*args, **kwargs)
        for language, _name in LANGUAGES:  # BootstrapForm made them follow what is typed
            for text in TEXTS:
                widget = self.fields[f"{text}_{language}"].widget
                widget.attrs["dir"] = "rtl" if language in RIGHT_TO_LEFT else "ltr"
        for name in JSON_BOXES:  # JSON reads left to right, whatever the page's language
            self.fields[name].widget.attrs["dir"] = "ltr"
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["organisation"].choices = [
            ("", _("Every organisation (shared)")),
            *_choice(organisations, lambda o: o.name),
        ]
        self.services = {str(s.pk): s for s in services}
        self.fields["service"].choices = [
            ("", "—"),
            *_choice(services, lambda s: f"{s.name} · {s.organisation.name}"),
        ]
        self.categories = {str(c.pk): c for c in categories}
        self.fields["category"].choices = [
            ("", "—"),
            *_choice(
                categories,
                lambda c: c.path if c.organisation is None else f"{c.path} · {c.organisation.name}",
            ),
        ]
        self.support_groups = {str(g.pk): g for g in support_groups}
        self.fields["fulfilment_group"].choices = [("", "—"), *_choice(support_groups, lambda g: g.name)]
        self.fields["groups"].queryset = client_groups
        self.fields["groups"].label_from_instance = lambda g: f"{g.name} · {g.organisation.name}"

    def clean_organisation(self):
        return self.organisations.get(self.cleaned_data["organisation"])

    def clean_service(self):
        return self.services.get(self.cleaned_data["service"])

    def clean_category(self):
        return self.categories.get(self.cleaned_data["category"])

    def clean_fulfilment_group(self):
        return self.support_groups.get(self.cleaned_data["fulfilment_group"])

    def text_rows(self):
        """(language name, name box, description box) per language, for the page."""
        return [
            (name, self[f"name_{language}"], self[f"description_{language}"]) for language, name in LANGUAGES
        ]

    def settings_fields(self):
        names = ("organisation", "code", "icon", "service", "category", "delivery_days")
        names += ("audience", "groups", "fulfilment_group", "is_active")
        return [self[name] for name in names if name in self.fields]

    def item_fields(self) -> dict:
        """After is_valid: what save_item takes (the form aside)."""
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in (
                "code",
                "icon",
                "service",
                "category",
                "delivery_days",
                "audience",
                "fulfilment_group",
                "approval_steps",
                "fulfilment_plan",
                "is_active",
            )
        }
        fields["groups"] = list(data["groups"])
        if "organisation" in self.fields:
            fields["organisation"] = data["organisation"]
        for text in TEXTS:
            fields[text] = {
                language: data[f"{text}_{language}"].strip()
                for language, _name in LANGUAGES
                if data[f"{text}_{language}"].strip()
            }
        return fields

    def place(self, errors: dict) -> None:
        """Put a service's problems ({field: messages}) beside their boxes; others above the form."""
        for field, messages in errors.items():
            name = PLACES.get(field, field)
            messages = messages if isinstance(messages, list | tuple) else [messages]
            self.add_error(name if name in self.fields else None, [str(message) for message in messages])


def _text_boxes() -> None:
    """A name and a description box per language, written in that language's direction."""
    for language, name in LANGUAGES:
        attrs = {"lang": language, "dir": "rtl" if language in RIGHT_TO_LEFT else "ltr"}
        ItemForm.base_fields[f"name_{language}"] = forms.CharField(
            label=format_lazy(_("Name ({language})"), language=name),
            required=language == "en",
            max_length=200,
            widget=forms.TextInput(attrs=attrs),
        )
        ItemForm.base_fields[f"description_{language}"] = forms.CharField(
            label=format_lazy(_("Description ({language})"), language=name),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2, **attrs}),
        )


_text_boxes()


def initial_of(item: CatalogItem | None, current_fields) -> dict:
    """What the page shows of a stored item (a new one: the model's defaults)."""
    if item is None:
        return {"icon": "question", "delivery_days": 1, "audience": Audience.EVERYONE, "is_active": True}
    initial = {
        "organisation": str(item.organisation_id or ""),
        "code": item.code,
        "icon": item.icon,
        "service": str(item.service_id or ""),
        "category": str(item.category_id or ""),
        "delivery_days": item.delivery_days,
        "audience": item.audience,
        "groups": list(item.groups.all()),
        "fulfilment_group": str(item.fulfilment_group_id or ""),
        "is_active": item.is_active,
        "form_fields": as_json(current_fields),
        "approval_steps": as_json(item.approval_steps),
        "fulfilment_plan": as_json(item.fulfilment_plan),
    }
    for text in TEXTS:
        for language, _name in LANGUAGES:
            initial[f"{text}_{language}"] = (getattr(item, text) or {}).get(language, "")
    return initial


class DryRunForm(BootstrapForm):
    """For whom, and with which answers, the plan on the page is tried."""

    person = forms.CharField(
        label=_("For the person (user name)"),
        max_length=150,
        widget=forms.TextInput(attrs={"dir": "ltr", "list": "dry-run-people", "autocomplete": "off"}),
    )
    answers = JSONBox(
        label=_("Their answers"),
        empty=dict,
        help_text=_('The form\'s answers the plan takes, such as {"folder_group": "cn=finance,..."}.'),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="dry", **kwargs)
        self.fields["answers"].widget.attrs.update(rows=3, dir="ltr")
        self.fields["person"].widget.attrs["dir"] = "ltr"
