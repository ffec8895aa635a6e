"""Where the workplace's shared test data lives, and what a test does when it is missing.

The data sets are not in the repository (`../shared/data/` beside the checkout; the first
`shared/data` found walking up from it, or `$MOKED_SHARED_DATA`). A developer without them gets a
skip; under CI (`CI` set) a missing data set fails the run, so tests that read it cannot
silently stop running.
"""

import os
from pathlib import Path

import pytest

_CHECKOUT = Path(__file__).resolve().parents[1]


def _find() -> Path:
    if configured := os.environ.get("MOKED_SHARED_DATA"):
        return Path(configured)
    for folder in _CHECKOUT.parents:
        if (folder / "shared" / "data").is_dir():
            return folder / "shared" / "data"
    return _CHECKOUT.parent / "shared" / "data"


SHARED_DATA = _find()
MAIL_CORPUS = SHARED_DATA / "mail"


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def require(path: Path) -> Path:
    """`path`, or a skip (a failure under CI) saying where the data set was looked for."""
    if not path.exists():
        reason = f"the shared data set is not at {path} (set MOKED_SHARED_DATA)"
        if under_ci():
            pytest.fail(reason + "; under CI it must be present", pytrace=False)
        pytest.skip(reason)
    return path
