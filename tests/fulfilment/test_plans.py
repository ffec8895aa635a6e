"""Fulfilment plans (pure): what a plan may hold, and an action's values taken from the request."""

import pytest

from moked.fulfilment.plans import InvalidPlan, action_parameters, check_plan, stages


def problems(plan, **kwargs) -> str:
    with pytest.raises(InvalidPlan) as invalid:
        check_plan(plan, **kwargs)
    return str(invalid.value)


def test_a_plan_is_returned_in_stored_form():
    plan = check_plan(
        {
            "tasks": [
                {"title": "Order the laptop", "checklist": ["Model", {"fi": "Telakka"}], "group": 3},
                {"title": {"en": "Hand it over", "he": "למסור"}, "stage": 2},
            ],
            "actions": [
                {"connector": "corp-ldap", "action": "add_to_group", "group": "answer:share"},
                {
                    "connector": "corp-ldap",
                    "action": "create_user",
                    "user": "answer:login",
                    "attributes": {"cn": "answer:name", "sn": "Starter"},
                },
            ],
        }
    )
    assert plan["tasks"] == [
        {
            "title": {"en": "Order the laptop"},
            "checklist": [{"en": "Model"}, {"fi": "Telakka"}],
            "group": 3,
            "stage": 1,
        },
        {"title": {"en": "Hand it over", "he": "למסור"}, "checklist": [], "group": None, "stage": 2},
    ]
    assert plan["actions"][0] == {
        "connector": "corp-ldap",
        "action": "add_to_group",
        "user": "requested_for",
        "group": "answer:share",
    }
    assert plan["actions"][1]["attributes"] == {"cn": "answer:name", "sn": "Starter"}
    assert stages(plan["tasks"]) == [1, 2]
    assert check_plan(None) == check_plan({}) == {"tasks": [], "actions": []}


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        ([], "has tasks and actions"),
        ({"steps": []}, "only tasks and actions"),
        ({"tasks": "x"}, "tasks of a plan are a list"),
        ({"tasks": [{"checklist": []}]}, "Task 1 needs a title"),
        ({"tasks": [{"title": {"de": "Hallo"}}]}, "Task 1 needs a title"),
        ({"tasks": [{"title": "A", "stage": 0}]}, "stage of task 1"),
        ({"tasks": [{"title": "A", "group": "desk"}]}, "group of task 1"),
        ({"tasks": [{"title": "A", "checklist": [""]}]}, "checklist of task 1 has no text"),
        ({"actions": [{"connector": "c", "action": "format_disk"}]}, "Action 1 is none of"),
        ({"actions": [{"connector": "", "action": "unlock"}]}, "code of a connector"),
        ({"actions": [{"connector": "c", "action": "add_to_group"}]}, "needs its group"),
        ({"actions": [{"connector": "c", "action": "unlock", "user": "answer:Bad Key"}]}, "no valid key"),
        (
            {"actions": [{"connector": "c", "action": "create_user", "attributes": {"1x": "a"}}]},
            "no valid name",
        ),
        ({"tasks": [{"title": "A"}] * 51}, "at most 50 tasks"),
    ],
)
def test_a_bad_plan_is_refused_with_each_problem(plan, expected):
    assert expected in problems(plan)


def test_an_action_may_take_only_answers_the_form_asks():
    plan = {"actions": [{"connector": "c", "action": "add_to_group", "group": "answer:share"}]}
    assert "which the form does not ask" in problems(plan, answer_keys={"reason"})
    assert check_plan(plan, answer_keys={"share"})["actions"][0]["group"] == "answer:share"


def test_values_come_from_the_request():
    action = check_plan(
        {
            "actions": [
                {
                    "connector": "c",
                    "action": "create_user",
                    "user": "answer:login",
                    "attributes": {
                        "cn": "answer:name",
                        "manager": "answer:manager",
                        "mail": "requested_for",
                        "o": "Acme",
                    },
                }
            ]
        }
    )["actions"][0]
    logins = {7: "mira"}
    parameters = action_parameters(
        action, {"login": " aino ", "name": "Aino Virtanen", "manager": 7}, "dana", person_login=logins.get
    )
    assert parameters == {
        "account": "aino",
        "attributes": {"cn": "Aino Virtanen", "manager": "mira", "mail": "dana", "o": "Acme"},
    }


def test_a_missing_answer_is_refused():
    action = check_plan({"actions": [{"connector": "c", "action": "add_to_group", "group": "answer:share"}]})[
        "actions"
    ][0]
    with pytest.raises(InvalidPlan) as invalid:
        action_parameters(action, {"share": ""}, "aino")
    assert "no group" in str(invalid.value)
    with pytest.raises(InvalidPlan):
        action_parameters(action, {"share": ["a", "b"]}, "aino")  # one group, not a list
    assert action_parameters(action, {"share": "finance"}, "aino") == {"account": "aino", "group": "finance"}
