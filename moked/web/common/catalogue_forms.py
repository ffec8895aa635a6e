"""A catalogue item's request form as a page shows it, for the portal and the phone desk alike:
one control per field of the form version (moked.catalog.request_forms), texts in the reader's
language (English when the item has none in it), and the answers of a request, labelled from
the version it was made with.

The page's form only draws the controls and checks the files; what is accepted is decided by
`clean_answers` (in moked.servicerequests.services.submit_request), whose refusals are put next
to their fields."""

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from moked.catalog import request_forms as rf
from moked.multilingual import in_language as texts_in_language
from moked.servicerequests.selectors import labelled_answers
from moked.servicerequests.services import token_of

from ..templatetags.moked_numbers import localized
from .forms import BootstrapForm, checked_file

# What the answers' controls are called on the page: "answer-<key>" (and id "id_answer-<key>"),
# apart from the page's own fields (the person the request is for, the CSRF token).
PREFIX = "answer"


def in_language(texts: object) -> str:
    """`texts` ({"en": ..., "fi": ...}) in the active language (moked.multilingual.in_language)."""
    return texts_in_language(texts, translation.get_language() or "en")


class _CheckedFile(forms.FileField):
    def clean(self, data, initial=None):
        return checked_file(super().clean(data, initial))


class _Answer(forms.Field):
    """A value taken as the browser sent it (a text, or a list of choices): clean_answers judges it."""


def yes_no_choices():
    return [("true", _("Yes")), ("false", _("No"))]


class AnswersForm(BootstrapForm):
    """The controls of one form version's fields (built by `answers_form`); none is required
    here (a field may be hidden by a condition), each required one marked so."""

    definitions: list[Mapping[str, Any]] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix=PREFIX, **kwargs)
        required = {item["key"] for item in self.definitions if item.get("required")}
        for name, field in self.fields.items():
            field.template_name = "web/portal/catalogue/field.html"
            if isinstance(field.widget, forms.RadioSelect):  # the radios and the checkboxes
                field.widget.attrs["class"] = "form-check-input"
                field.widget.template_name = "web/portal/catalogue/choices.html"
                field.widget.option_template_name = "web/portal/catalogue/choice.html"
            field.marked_required = name in required  # web/portal/catalogue/required.html

    def answers_and_files(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """After is_valid: the answers as clean_answers takes them ({key: value}; a file's name
        for an attachment) and the files ({key: upload})."""
        answers: dict[str, Any] = {}
        uploads: dict[str, Any] = {}
        for item in self.definitions:
            key = item["key"]
            value = self.cleaned_data.get(key)
            if item["type"] == rf.ATTACHMENT:
                if value:
                    uploads[key] = value
                    answers[key] = token_of(value)
            elif value not in (None, "", []):
                answers[key] = value
        return answers, uploads


def answers_form(fields: Sequence[Mapping[str, Any]], *args, people=(), **kwargs) -> AnswersForm:
    """The form of one version's `fields`, bound to `args` (data, files) like any form; `people`:
    whom a person field may name."""
    people_choices = [("", "—")] + [(str(person.pk), person.name) for person in people]
    declared = {item["key"]: _field(item, people_choices) for item in fields}
    form_class = type(AnswersForm)("AnswersForm", (AnswersForm,), {**declared, "definitions": list(fields)})
    return form_class(*args, **kwargs)


def _field(item: Mapping[str, Any], people_choices) -> forms.Field:
    kind = item["type"]
    options: dict[str, Any] = {
        "label": in_language(item.get("label")),
        "help_text": in_language(item.get("help")),
        "required": False,
    }
    choices = [(choice["value"], in_language(choice["label"])) for choice in item.get("choices", [])]
    if kind == rf.TEXT:
        return forms.CharField(max_length=item.get("max_length") or rf.MAX_TEXT, strip=False, **options)
    if kind == rf.LONG_TEXT:
        return forms.CharField(
            max_length=item.get("max_length") or rf.MAX_LONG_TEXT,
            strip=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            **options,
        )
    if kind == rf.NUMBER:
        return _Answer(widget=forms.TextInput(attrs={"inputmode": "decimal", "dir": "ltr"}), **options)
    if kind == rf.DATE:
        return _Answer(widget=forms.DateInput(attrs={"type": "date"}), **options)
    if kind == rf.CHOICE:
        return _Answer(widget=forms.Select(choices=[("", "—"), *choices]), **options)
    if kind == rf.MULTIPLE_CHOICE:
        return _Answer(widget=forms.CheckboxSelectMultiple(choices=choices), **options)
    if kind == rf.YES_NO:
        return _Answer(widget=forms.RadioSelect(choices=yes_no_choices()), **options)
    if kind == rf.EMAIL:
        return _Answer(widget=forms.EmailInput(attrs={"dir": "ltr"}), **options)
    if kind == rf.PERSON:
        return _Answer(widget=forms.Select(choices=people_choices), **options)
    if kind == rf.ATTACHMENT:
        return _CheckedFile(**options)
    raise ValueError(f"unknown field type {kind!r}")


def shown_answers(
    fields: Sequence[Mapping[str, Any]], answers: Mapping[str, Any], *, files=()
) -> list[dict[str, Any]]:
    """A request's answers as its page shows them: servicerequests' rows (labelled from the form
    version it was made with, in the reader's language), with what only a page adds: a date to
    write in the reader's calendar, a number in their digits, an attachment's link among `files`."""
    language = translation.get_language() or "en"
    by_name = {attachment.filename: attachment for attachment in files}
    shown = []
    for row in labelled_answers(list(fields), dict(answers), language):
        shown_row: dict[str, Any] = {"key": row.key, "type": row.type, "label": row.label, "text": row.text}
        if row.type == rf.DATE:
            shown_row["date"] = datetime.date.fromisoformat(row.value)
        elif row.type == rf.NUMBER:
            shown_row["text"] = localized(row.value)
        elif row.type == rf.ATTACHMENT:
            shown_row["attachment"] = by_name.get(row.value)
        shown.append(shown_row)
    return shown
