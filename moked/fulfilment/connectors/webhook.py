"""The webhook connector: for any directory Moked has no connector for, each action is POSTed as
JSON to the installation's own receiver, which does it and answers what it did.

The request is signed as webhooks are (`moked.signing`: ``X-Moked-Signature`` is ``sha256=`` and
the HMAC-SHA256, keyed with the connector's secret, of ``X-Moked-Timestamp``, a dot and the body),
with ``X-Moked-Action`` naming the action. The body:

    {"action": "add_to_group", "account": "aino", "group": "finance-share", "attributes": {},
     "dry_run": false, "password": null}

A password reset carries the new temporary password Moked made (``password``; null in a dry run):
the receiver sets it, and Moked hands it to its person through a one-time link. The receiver
answers 2xx with ``{"changed": true|false, "summary": "..."}`` (what was already so is
``changed: false``); any other answer is a failure, whose ``{"error": "..."}`` (or the start of the
text) the agent reads. A summary or error that repeats the password has it blotted out.

Plain Python (no Django): the caller gives `urlopen`, which decides which addresses may be called
(Moked passes `moked.network.urlopen`: public addresses only, no proxy, no redirects).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from moked.signing import sign

from .base import Action, ActionResult, Connector, ConnectorError, TemporaryPassword

USER_AGENT = "Moked-Fulfilment"
EXCERPT = 500  # characters of a receiver's answer an error keeps
MAX_ANSWER = 64 * 1024

URLOpen = Callable[..., Any]  # urllib's urlopen(request, timeout=...) or moked.network.urlopen


@dataclass(frozen=True)
class WebhookSettings:
    url: str
    secret: str = field(repr=False)
    timeout: float = 10.0  # seconds, to connect and for each read


class WebhookConnector(Connector):
    kind = "webhook"

    def __init__(self, settings: WebhookSettings, urlopen: URLOpen) -> None:
        if not settings.url.lower().startswith(("http://", "https://")):
            raise ConnectorError("A webhook connector's URL starts with http:// or https://.")
        self.settings = settings
        self._urlopen = urlopen

    def __repr__(self) -> str:
        return f"WebhookConnector({self.settings.url!r})"

    def reset_password(self, account: str, *, dry_run: bool = False) -> ActionResult:
        password = None if dry_run else TemporaryPassword.generate()
        return self._send(Action.RESET_PASSWORD, account, dry_run=dry_run, password=password)

    def unlock(self, account: str, *, dry_run: bool = False) -> ActionResult:
        return self._send(Action.UNLOCK, account, dry_run=dry_run)

    def reset_mfa(self, account: str, *, dry_run: bool = False) -> ActionResult:
        return self._send(Action.RESET_MFA, account, dry_run=dry_run)

    def add_to_group(self, account: str, group: str, *, dry_run: bool = False) -> ActionResult:
        return self._send(Action.ADD_TO_GROUP, account, dry_run=dry_run, group=group)

    def remove_from_group(self, account: str, group: str, *, dry_run: bool = False) -> ActionResult:
        return self._send(Action.REMOVE_FROM_GROUP, account, dry_run=dry_run, group=group)

    def create_user(
        self, account: str, attributes: Mapping[str, str | Sequence[str]], *, dry_run: bool = False
    ) -> ActionResult:
        values = {
            name: value if isinstance(value, str) else list(value) for name, value in attributes.items()
        }
        return self._send(Action.CREATE_USER, account, dry_run=dry_run, attributes=values)

    def _send(
        self,
        action: Action,
        account: str,
        *,
        dry_run: bool,
        group: str | None = None,
        attributes: dict[str, Any] | None = None,
        password: TemporaryPassword | None = None,
    ) -> ActionResult:
        if not isinstance(account, str) or not account.strip():
            raise ConnectorError("No account given.")
        body = json.dumps(
            {
                "action": str(action),
                "account": account.strip(),
                "group": group,
                "attributes": attributes or {},
                "dry_run": dry_run,
                "password": password.reveal() if password is not None else None,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        timestamp = int(time.time())
        request = urllib.request.Request(  # noqa: S310 (http and https only, checked above)
            self.settings.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                "X-Moked-Action": str(action),
                "X-Moked-Timestamp": str(timestamp),
                "X-Moked-Signature": sign(self.settings.secret, timestamp, body),
            },
        )
        hide = password.reveal() if password is not None else ""
        try:
            with self._urlopen(request, timeout=self.settings.timeout) as response:
                answer = _answer(response.read(MAX_ANSWER))
        except urllib.error.HTTPError as refusal:
            said = _answer(_read(refusal))
            reason = _hidden(str(said.get("error") or said.get("text") or refusal.reason), hide)[:EXCERPT]
            raise ConnectorError(
                f"The receiver at {self.settings.url} refused to {_doing(action)} {account!r}: "
                f"HTTP {refusal.code} {reason}".rstrip()
            ) from None
        except (urllib.error.URLError, OSError, ValueError) as failure:
            why = getattr(failure, "reason", failure)
            raise ConnectorError(
                f"Could not reach the receiver at {self.settings.url}: {type(failure).__name__} "
                f"({_hidden(str(why), hide)[:EXCERPT]})."
            ) from None
        changed = answer.get("changed")
        if not isinstance(changed, bool):
            raise ConnectorError(
                f"The receiver at {self.settings.url} answered without saying whether it changed "
                'anything: it must answer {"changed": true|false, "summary": "..."}.'
            )
        summary = answer.get("summary")
        if not isinstance(summary, str) or not summary.strip():
            verb = "Would" if dry_run else "Did"
            summary = f"{verb} {_doing(action)} {account.strip()} (the receiver said nothing more)."
        details = {"group": group} if group else {}
        return ActionResult(
            action=action,
            account=account.strip(),
            changed=changed,
            summary=_hidden(summary.strip(), hide)[:EXCERPT],
            dry_run=dry_run,
            details=details,
            temporary_password=password,
        )


def _doing(action: Action) -> str:
    return str(action).replace("_", " ")


def _read(response: Any) -> bytes:
    try:
        data = response.read(MAX_ANSWER)
        return data if isinstance(data, bytes) else b""
    except OSError:
        return b""


def _answer(data: bytes) -> dict[str, Any]:
    """The receiver's JSON answer, or {"text": its start} when it is not JSON."""
    text = data.decode("utf-8", "replace")
    try:
        parsed = json.loads(text) if text.strip() else {}
    except ValueError:
        return {"text": text.strip()[:EXCERPT]}
    return parsed if isinstance(parsed, dict) else {"text": text.strip()[:EXCERPT]}


def _hidden(text: str, secret: str) -> str:
    return text.replace(secret, "<hidden>") if secret else text
