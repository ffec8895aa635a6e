"""How many examples a property-based test draws: the number it asks for in the full suite, a
tenth of it (at least 5) under `make test-fast` (MOKED_FAST_TESTS=1)."""

import os


def examples(full: int) -> int:
    if os.environ.get("MOKED_FAST_TESTS") == "1":
        return max(5, full // 10)
    return full
