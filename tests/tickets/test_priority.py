import pytest

from moked.tenancy import priority


@pytest.mark.parametrize(
    ("impact", "urgency", "expected"),
    [(1, 1, 1), (1, 2, 2), (1, 3, 3), (2, 1, 2), (2, 2, 3), (2, 3, 4), (3, 1, 3), (3, 2, 4), (3, 3, 4)],
)
def test_default_matrix(impact, urgency, expected):
    assert priority.priority_for(impact, urgency) == expected


def test_an_organisations_matrix_overrides_the_default():
    strict = [[1, 1, 2], [1, 2, 3], [2, 3, 4]]
    assert priority.priority_for(2, 1, strict) == 1
    assert priority.priority_for(2, 1) == 2


@pytest.mark.parametrize(("impact", "urgency"), [(0, 1), (4, 1), (1, 0), (1, 4), ("1", 1), (None, 2)])
def test_impact_and_urgency_out_of_range_are_refused(impact, urgency):
    with pytest.raises(ValueError, match="must be 1, 2 or 3"):
        priority.priority_for(impact, urgency)


@pytest.mark.parametrize(
    "matrix",
    [
        None,
        "1,2,3",
        [[1, 2, 3], [2, 3, 4]],
        [[1, 2, 3], [2, 3, 4], [3, 4]],
        [[1, 2, 3], [2, 3, 4], [3, 4, 5]],
        [[1, 2, 3], [2, 3, 4], [3, 4, 0]],
        [[1, 2, 3], [2, 3, 4], [3, 4, "4"]],
        [[1, 2, 3], [2, 3, 4], [3, 4, True]],
        [[1, 2, 3], [2, 3, 4], [3, 4, 2.0]],
    ],
)
def test_invalid_matrices_are_refused(matrix):
    with pytest.raises(priority.InvalidMatrix):
        priority.validate_matrix(matrix)


def test_a_valid_matrix_passes():
    priority.validate_matrix([[4, 4, 4], [4, 4, 4], [1, 1, 1]])
