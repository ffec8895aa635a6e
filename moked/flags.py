"""Flags that a `with` block raises for everything it calls, in this thread or task only: they
keep mail, rules and webhooks quiet while the demo replays history."""

import contextvars
from contextlib import contextmanager


class Flag:
    def __init__(self, name: str):
        self._raised = contextvars.ContextVar(name, default=False)

    @contextmanager
    def raised(self):
        token = self._raised.set(True)
        try:
            yield
        finally:
            self._raised.reset(token)

    def __bool__(self) -> bool:
        return self._raised.get()
