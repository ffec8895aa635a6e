"""Short-lived memories of one process: what classifying a new ticket reads on every ticket.

Opening a ticket predicts its fields, and would otherwise read the organisation's settings, its
models in use and the records its labels may name, every time. Each process keeps those for
`LIFETIME` seconds: a change made in this process (a mode switched, a model trained) is seen at
once, as each writer forgets what it changed; one made in another process is seen within the
lifetime. Whatever is acted on (a value set automatically) is read afresh.
"""

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

LIFETIME = 30.0

_kept: dict[Hashable, tuple[float, Any]] = {}
_lock = threading.Lock()


def remembered(key: Hashable, compute: Callable[[], Any]) -> Any:
    """The value kept under `key` if it is younger than LIFETIME, else `compute()` kept anew."""
    now = time.monotonic()
    with _lock:
        found = _kept.get(key)
    if found is not None and now - found[0] < LIFETIME:
        return found[1]
    value = compute()
    with _lock:
        _kept[key] = (now, value)
    return value


def forget(kind: str) -> None:
    """Forget every value kept under a key whose first part is `kind`."""
    with _lock:
        for key in [key for key in _kept if isinstance(key, tuple) and key[0] == kind]:
            del _kept[key]


def forget_all() -> None:
    with _lock:
        _kept.clear()
