"""Rule conditions: what may be tested, how, and when a set of them holds. Pure: no database."""

import pytest

from moked.automation import conditions

FACTS = {
    "status": "new",
    "priority": 3,
    "subject": "Password change does not work",
    "description": "I tried to change my password twice.",
    "tags": ["vpn", "Laptop"],
    "organisation_tags": ["vip"],
    "assignee": None,
    "business_hours": False,
    "changed": {"priority"},
    "previous": {"priority": 4},
}


def check(conditions_set):
    return conditions.matches(conditions.validate(conditions_set), FACTS)


@pytest.mark.parametrize(
    ("field", "operator", "value", "expected"),
    [
        ("status", "is", "new", True),
        ("status", "is_not", "new", False),
        ("status", "in", ["assigned", "new"], True),
        ("status", "not_in", ["assigned", "new"], False),
        ("priority", "lt", 4, True),
        ("priority", "gte", 4, False),
        ("priority", "is", "3", True),  # written by people in JSON: "3" is 3
        ("subject", "contains", "PASSWORD", True),
        ("subject", "not_contains", "printer", True),
        ("subject", "matches", r"pass\s*word|salasana|סיסמה", True),
        ("description", "matches", r"^printer", False),
        ("tags", "contains", "laptop", True),
        ("tags", "not_contains", "vpn", False),
        ("organisation_tags", "contains", "vip", True),
        ("assignee", "is_set", None, False),
        ("assignee", "is_not_set", None, True),
        ("business_hours", "is", False, True),
        ("priority", "changed", None, True),
        ("status", "changed", None, False),
        ("priority", "changed_to", 3, True),
        ("priority", "changed_from", 4, True),
        ("priority", "changed_from", 2, False),
    ],
)
def test_each_operator(field, operator, value, expected):
    condition = {"field": field, "operator": operator}
    if value is not None:
        condition["value"] = value
    assert check({"all": [condition]}) is expected


def test_all_must_hold_and_one_of_any():
    priority_high = {"field": "priority", "operator": "lte", "value": 2}
    is_new = {"field": "status", "operator": "is", "value": "new"}
    about_password = {"field": "subject", "operator": "contains", "value": "password"}
    assert check({"all": [is_new], "any": [priority_high, about_password]})
    assert not check({"all": [is_new], "any": [priority_high]})
    assert not check({"all": [is_new, priority_high]})
    assert check({})  # no conditions: always


def test_text_is_matched_in_any_script():
    facts = {"subject": "המדפסת לא עובדת", "text": "چاپگر کار نمی‌کند"}
    assert conditions.matches(
        {"all": [{"field": "subject", "operator": "contains", "value": "מדפסת"}]}, facts
    )
    assert conditions.matches({"all": [{"field": "text", "operator": "matches", "value": "چاپگر"}]}, facts)


@pytest.mark.parametrize(
    ("bad", "says"),
    [
        ({"all": [{"field": "colour", "operator": "is", "value": "red"}]}, "unknown field"),
        ({"all": [{"field": "subject", "operator": "gt", "value": 3}]}, "cannot be tested with"),
        ({"all": [{"field": "subject", "operator": "matches", "value": "(unclosed"}]}, "not a valid regular"),
        ({"all": [{"field": "subject", "operator": "matches", "value": "a" * 501}]}, "at most 500"),
        ({"all": [{"field": "status", "operator": "is"}]}, "needs a value"),
        ({"all": [{"field": "status", "operator": "in", "value": []}]}, "non-empty list"),
        ({"all": [{"field": "priority", "operator": "lt", "value": "high"}]}, "needs a number"),
        ({"all": [{"field": "business_hours", "operator": "is", "value": "yes"}]}, "true or false"),
        ({"none": []}, "Unknown condition group"),
        (["status"], "two lists"),
    ],
)
def test_bad_conditions_are_refused_with_a_reason(bad, says):
    with pytest.raises(conditions.InvalidConditions) as refused:
        conditions.validate(bad)
    assert says in " ".join(refused.value.messages())


def test_every_problem_is_reported_where_it_is():
    with pytest.raises(conditions.InvalidConditions) as refused:
        conditions.validate(
            {
                "all": [
                    {"field": "status", "operator": "is", "value": "new"},
                    {"field": "x", "operator": "is"},
                ],
                "any": [{"field": "subject", "operator": "matches", "value": "["}],
            }
        )
    messages = refused.value.messages()
    assert len(messages) == 2
    assert messages[0].startswith("all #2:") and messages[1].startswith("any #1:")


def test_messages_are_translated_by_the_caller():
    with pytest.raises(conditions.InvalidConditions) as refused:
        conditions.validate({"all": [{"field": "colour", "operator": "is", "value": 1}]})
    assert refused.value.messages(lambda template: f"«{template}»") == ["all #1: «unknown field 'colour'.»"]


def test_the_stored_form_keeps_only_what_counts():
    stored = conditions.validate(
        {"all": [{"field": "assignee", "operator": "is_set", "value": 5, "note": "x"}]}
    )
    assert stored == {"all": [{"field": "assignee", "operator": "is_set"}], "any": []}
