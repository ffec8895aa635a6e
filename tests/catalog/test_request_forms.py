"""Request forms (pure): definitions, conditions top to bottom, and the answers kept."""

import pytest

from moked.catalog.request_forms import InvalidForm, check_form, clean_answers, visible_keys

ACCESS = [
    {
        "key": "access_type",
        "type": "choice",
        "required": True,
        "label": {"en": "What do you need?", "fi": "Mitä tarvitset?"},
        "choices": [
            {"value": "shared_folder", "label": {"en": "A shared folder", "fi": "Jaettu kansio"}},
            {"value": "application", "label": {"en": "An application", "fi": "Sovellus"}},
        ],
    },
    {
        "key": "folder_path",
        "type": "text",
        "required": True,
        "label": {"en": "Folder path", "fi": "Kansion polku"},
        "max_length": 200,
        "show_when": [{"field": "access_type", "operator": "is", "value": "shared_folder"}],
    },
    {
        "key": "write",
        "type": "yes_no",
        "label": "Do you need to change files?",
        "show_when": [{"field": "folder_path", "operator": "is_set"}],
    },
    {"key": "reason", "type": "long_text", "label": "Why?", "required": True},
    {"key": "until", "type": "date", "label": "Until"},
    {"key": "seats", "type": "number", "label": "Seats", "min": 1, "max": 50},
    {"key": "manager", "type": "person", "label": "Manager"},
    {"key": "copy_to", "type": "email", "label": "Copy to"},
    {
        "key": "systems",
        "type": "multiple_choice",
        "label": "Systems",
        "choices": [{"value": "erp"}, {"value": "crm"}, {"value": "hr"}],
    },
    {"key": "screenshot", "type": "attachment", "label": "Screenshot"},
]


@pytest.fixture
def form():
    return check_form(ACCESS)


def messages(problems):
    return [template % params for template, params in problems]


def test_a_form_is_kept_in_stored_form_with_texts_per_language(form):
    assert [item["key"] for item in form] == [item["key"] for item in ACCESS]
    assert form[2]["label"] == {"en": "Do you need to change files?"}
    assert form[5]["min"] == "1" and form[5]["max"] == "50"
    assert form[8]["choices"][0] == {"value": "erp", "label": {"en": "erp"}}
    assert form[0]["show_when"] == [] and not form[3]["help"]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ("not a list", "A form is a list of fields."),
        ([{"key": "Bad Key", "type": "text", "label": "x"}], "Field 1 needs a key"),
        (
            [{"key": "a", "type": "text", "label": "x"}, {"key": "a", "type": "text", "label": "y"}],
            "Two fields have the key a.",
        ),
        ([{"key": "a", "type": "colour", "label": "x"}], "Field a has an unknown type."),
        ([{"key": "a", "type": "text"}], "Field a needs a label."),
        ([{"key": "a", "type": "text", "label": {"de": "x"}}], "one per language"),
        ([{"key": "a", "type": "choice", "label": "x"}], "Field a needs its choices."),
        ([{"key": "a", "type": "number", "label": "x", "min": 5, "max": 1}], "minimum of field a is above"),
        (
            [
                {
                    "key": "a",
                    "type": "text",
                    "label": "x",
                    "show_when": [{"field": "b", "operator": "is_set"}],
                },
                {"key": "b", "type": "text", "label": "y"},
            ],
            "only on a field above it",
        ),
        (
            [
                {"key": "a", "type": "choice", "label": "x", "choices": [{"value": "v"}]},
                {
                    "key": "b",
                    "type": "text",
                    "label": "y",
                    "show_when": [{"field": "a", "operator": "is", "value": "w"}],
                },
            ],
            "for a value it does not offer",
        ),
        (
            [
                {"key": "a", "type": "text", "label": "x"},
                {
                    "key": "b",
                    "type": "text",
                    "label": "y",
                    "show_when": [{"field": "a", "operator": "gt", "value": 1}],
                },
            ],
            "an operator that field does not take",
        ),
    ],
)
def test_a_form_that_cannot_work_is_refused_with_every_reason(fields, expected):
    with pytest.raises(InvalidForm) as refused:
        check_form(fields)
    assert any(expected in message for message in messages(refused.value.problems)), refused.value


def test_a_field_is_shown_when_its_conditions_hold_on_fields_shown_above_it(form):
    assert "folder_path" not in visible_keys(form, {"access_type": "application"})
    shown = visible_keys(form, {"access_type": "shared_folder", "folder_path": r"\\files\sales"})
    assert {"folder_path", "write"} <= set(shown)
    # A hidden field hides what depends on it, whatever value was sent for it
    assert "write" not in visible_keys(form, {"access_type": "application", "folder_path": r"\\files\sales"})


def test_the_answers_kept_are_the_visible_fields_in_stored_form(form):
    answers = clean_answers(
        form,
        {
            "access_type": "shared_folder",
            "folder_path": "  \\\\files\\sales   2026 ",
            "write": "on",
            "reason": "  New in the sales team.\nNeeds the price lists. ",
            "until": "2027-01-31",
            "seats": "3",
            "manager": "42",
            "copy_to": " boss@sisu.example ",
            "systems": ["hr", "erp", "hr"],
            "screenshot": "upload-1",
        },
        known_people=lambda ids: {42},
        known_attachments=lambda tokens: {"upload-1"},
    )
    assert answers.ok, answers.errors
    assert answers.values == {
        "access_type": "shared_folder",
        "folder_path": "\\\\files\\sales 2026",
        "write": True,
        "reason": "New in the sales team.\nNeeds the price lists.",
        "until": "2027-01-31",
        "seats": "3",
        "manager": 42,
        "copy_to": "boss@sisu.example",
        "systems": ["erp", "hr"],
        "screenshot": "upload-1",
    }


def test_a_hidden_fields_value_is_never_kept_nor_required_nor_judged(form):
    answers = clean_answers(
        form, {"access_type": "application", "folder_path": "x" * 999, "write": "maybe", "reason": "ERP"}
    )
    assert answers.ok, answers.errors
    assert answers.values == {"access_type": "application", "reason": "ERP"}


def test_every_problem_is_told_against_its_field_and_nothing_is_kept_silently_wrong(form):
    answers = clean_answers(
        form,
        {
            "access_type": "shared_folder",
            "folder_path": "",
            "seats": "51",
            "until": "31.1.2027",
            "manager": "7",
            "copy_to": "not an address",
            "systems": ["erp", "payroll"],
            "screenshot": "someone-elses-upload",
            "is_admin": True,
        },
        known_people=lambda ids: set(),
        known_attachments=lambda tokens: set(),
    )
    problems = {key: messages(found) for key, found in answers.errors.items()}
    assert problems == {
        "": ["The form has no field 'is_admin'."],
        "folder_path": ["This field is required."],
        "reason": ["This field is required."],
        "seats": ["Give a number of at most 50."],
        "until": ["Give a date as year-month-day."],
        "manager": ["Choose a person of your organisation."],
        "copy_to": ["Give an e-mail address."],
        "systems": ["Choose among the values offered."],
        "screenshot": ["Attach the file again."],
    }


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("access_type", ["shared_folder", "application"], "Choose one."),
        ("reason", "a\x00b", "The answer holds a character that is not allowed."),
        ("reason", 12, "Give this answer as text."),
        ("seats", "NaN", "Give a number."),
        ("seats", "1e400", "Give a number."),
        ("manager", True, "Choose a person of your organisation."),
    ],
)
def test_values_of_the_wrong_shape_are_refused(form, key, value, problem):
    answers = clean_answers(form, {"access_type": "application", "reason": "x", key: value})
    assert problem in messages(answers.errors[key])
