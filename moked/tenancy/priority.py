"""The impact × urgency priority matrix (pure: no Django imports).

Impact and urgency run from 1 (high) to 3 (low); priority from 1 (P1, critical) to 4 (P4, low).
A matrix is a list of three rows, one per impact, each a list of three priorities, one per urgency.
"""

from collections.abc import Sequence

IMPACTS = URGENCIES = (1, 2, 3)
PRIORITIES = (1, 2, 3, 4)

# The ITIL-style default: high impact and high urgency is P1; low and low is P4.
DEFAULT_MATRIX: tuple[tuple[int, int, int], ...] = (
    (1, 2, 3),  # impact 1: whole organisation or a critical service
    (2, 3, 4),  # impact 2: a department or several people
    (3, 4, 4),  # impact 3: one person
)


class InvalidMatrix(ValueError):
    """The value is not a 3 × 3 matrix of priorities 1..4."""


def validate_matrix(matrix: object) -> None:
    """Raise InvalidMatrix unless `matrix` is three rows of three priorities in 1..4."""
    if not isinstance(matrix, list | tuple) or len(matrix) != len(IMPACTS):
        raise InvalidMatrix("expected 3 rows, one per impact")
    for row in matrix:
        if not isinstance(row, list | tuple) or len(row) != len(URGENCIES):
            raise InvalidMatrix("expected 3 priorities per row, one per urgency")
        for value in row:
            if type(value) is not int or value not in PRIORITIES:
                raise InvalidMatrix(f"{value!r} is not a priority 1..4")


def priority_for(impact: int, urgency: int, matrix: Sequence[Sequence[int]] | None = None) -> int:
    """Priority (1..4) for an impact and urgency (each 1..3), by `matrix` or the default one."""
    if impact not in IMPACTS:
        raise ValueError(f"impact must be 1, 2 or 3, not {impact!r}")
    if urgency not in URGENCIES:
        raise ValueError(f"urgency must be 1, 2 or 3, not {urgency!r}")
    return (matrix or DEFAULT_MATRIX)[impact - 1][urgency - 1]
