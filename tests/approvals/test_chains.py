"""Checking an approval chain's definition (pure)."""

import pytest

from moked.approvals.chains import InvalidChain, check_chain


def good(**changes):
    step = {
        "name": {"en": "Manager", "fi": " Esihenkilö "},
        "approvers": [{"kind": "manager"}, {"kind": "person", "person": 4}, {"kind": "group", "group": 2}],
        "rule": "at_least",
        "count": 2,
        "remind_after_hours": 8,
        "expire_after_hours": 40.5,
        "on_expiry": "escalate",
    }
    step.update(changes)
    return step


def problems(steps) -> list[str]:
    with pytest.raises(InvalidChain) as refused:
        check_chain(steps)
    return [template % params for template, params in refused.value.problems]


def test_a_good_chain_comes_back_in_stored_form():
    [step] = check_chain([good()])
    assert step["name"] == {"en": "Manager", "fi": "Esihenkilö"}
    assert step["count"] == 2 and step["remind_after_hours"] == 8 and step["expire_after_hours"] == 40.5
    [plain] = check_chain([{"name": {"he": "מנהל"}, "approvers": [{"kind": "client_managers"}]}])
    assert plain == {
        "name": {"he": "מנהל"},
        "approvers": [{"kind": "client_managers"}],
        "rule": "all",
        "count": 1,
        "remind_after_hours": None,
        "expire_after_hours": None,
        "on_expiry": "reject",
    }
    assert check_chain([]) == []


def test_every_problem_is_named_with_its_step():
    found = problems(
        [
            good(rule="most"),
            good(count=0),
            good(approvers=[]),
            good(
                approvers=[{"kind": "person"}, {"kind": "wizard"}, {"kind": "manager"}, {"kind": "manager"}]
            ),
            good(remind_after_hours=50, expire_after_hours=40),
            good(on_expiry="escalate", expire_after_hours=None, remind_after_hours=None),
            good(name={"de": "Chef"}),
            good(name={}),
            good(expire_after_hours=True),
            "a step",
        ]
    )
    assert found == [
        "Step 1 has an unknown rule.",
        "Step 2 needs a number of approvals between 1 and 100.",
        "Step 3 needs at least one approver.",
        "Step 4: an approver of kind person needs its person's id.",
        "Step 4 has an approver of an unknown kind.",
        "Step 4 names the same approver twice.",
        "Step 5 reminds only before it expires.",
        "Step 6 escalates when it expires, so it needs an expiry.",
        "Step 7 has a name in an unknown language (de).",
        "Step 8 needs a name.",
        "Step 9: hours are a number above 0 and at most 8760.",
        "Step 10 is not a step definition.",
    ]


@pytest.mark.parametrize("steps", ["manager", None, {"name": "x"}, b"steps"])
def test_a_chain_is_a_list(steps):
    assert problems(steps) == ["An approval chain is a list of steps."]


def test_a_chain_has_at_most_ten_steps():
    assert problems([good()] * 11) == ["An approval chain has at most 10 steps."]
