"""The connector interface: the actions fulfilment may take on a directory (plain Python).

Every action is idempotent (doing it twice leaves the directory as doing it once; a change already
made is a success that says so), has a dry run (`dry_run=True` says what would change and changes
nothing) and returns an `ActionResult` whose summary, fit for the audit trail, never holds a secret.
A failure raises `ConnectorError`, whose message is for an agent and never holds a secret either.

A password reset is the one action whose outcome differs each time: every reset sets a new
temporary password, which only `TemporaryPassword.reveal()` gives; its repr and str hide it.
"""

from __future__ import annotations

import secrets
import string
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class ConnectorError(Exception):
    """An action that could not be done, with a message an agent can act on (never a secret)."""


class Action(StrEnum):
    RESET_PASSWORD = "reset_password"  # noqa: S105  (an action's name)
    UNLOCK = "unlock"
    RESET_MFA = "reset_mfa"
    ADD_TO_GROUP = "add_to_group"
    REMOVE_FROM_GROUP = "remove_from_group"
    CREATE_USER = "create_user"


# Letters and digits without the ones people misread (0/O, 1/l/I).
PASSWORD_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
PASSWORD_SYMBOLS = "-_.!@#%+="  # noqa: S105  (the symbols a password may hold)
PASSWORD_LENGTH = 20


class TemporaryPassword:
    """A generated password. Its value shows only through `reveal()`: not in repr, str or format,
    so logging the object, a result or an exception holding it never writes the password."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    @classmethod
    def generate(cls, length: int = PASSWORD_LENGTH) -> TemporaryPassword:
        """A random password (secrets) with lower and upper case letters, a digit and a symbol,
        which the usual directory password policies accept."""
        if length < 8:
            raise ValueError("a temporary password has at least 8 characters")
        while True:
            chars = [secrets.choice(PASSWORD_ALPHABET) for _ in range(length - 1)]
            chars.insert(secrets.randbelow(length), secrets.choice(PASSWORD_SYMBOLS))
            value = "".join(chars)
            if (
                any(c.islower() for c in value)
                and any(c.isupper() for c in value)
                and any(c.isdigit() for c in value)
            ):
                return cls(value)

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "TemporaryPassword(<hidden>)"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TemporaryPassword):
            return NotImplemented
        return secrets.compare_digest(self._value, other._value)

    def __hash__(self) -> int:
        return id(self)

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("a temporary password is not pickled")


@dataclass(frozen=True)
class ActionResult:
    """What an action did (or, in a dry run, would do): `changed` is False when the directory
    already was as asked. `summary` is for the audit trail and holds no secret."""

    action: Action
    account: str
    changed: bool
    summary: str
    dry_run: bool = False
    details: Mapping[str, str] = field(default_factory=dict)
    temporary_password: TemporaryPassword | None = field(default=None, repr=False, compare=False)


class Connector(ABC):
    """A directory fulfilment acts on. `account` is the account's identifier in the directory
    (an LDAP uid, for instance); `group` a group's name. Both are untrusted input."""

    kind: str = ""

    @abstractmethod
    def reset_password(self, account: str, *, dry_run: bool = False) -> ActionResult:
        """Sets a new TemporaryPassword (in the result's `temporary_password`, None in a dry run)."""

    @abstractmethod
    def unlock(self, account: str, *, dry_run: bool = False) -> ActionResult: ...

    @abstractmethod
    def reset_mfa(self, account: str, *, dry_run: bool = False) -> ActionResult:
        """Removes the account's multi-factor enrolment, so it enrols again at its next sign-in."""

    @abstractmethod
    def add_to_group(self, account: str, group: str, *, dry_run: bool = False) -> ActionResult: ...

    @abstractmethod
    def remove_from_group(self, account: str, group: str, *, dry_run: bool = False) -> ActionResult: ...

    @abstractmethod
    def create_user(
        self, account: str, attributes: Mapping[str, str | Sequence[str]], *, dry_run: bool = False
    ) -> ActionResult:
        """Creates the account with `attributes`; an account that exists already is left as it is."""
