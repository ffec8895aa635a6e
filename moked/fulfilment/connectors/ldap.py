"""The LDAP connector (ldap3): accounts are entries under `people_base` found by their
`user_id_attribute` (uid), groups are groupOfNames under `groups_base` found by `group_id_attribute`
(cn) whose `member` values are the accounts' DNs.

- reset_password: the password modify extended operation (RFC 3062); with `force_password_change`
  (the ppolicy overlay), pwdReset is set so the person must choose their own at the next bind.
- unlock: removes ppolicy's pwdAccountLockedTime when present (slapd clears the failures with it).
- reset_mfa: removes every value of the configured `mfa_attribute` (the directory's TOTP secret).
- add_to_group / remove_from_group: MODIFY_ADD / MODIFY_DELETE of one member value.
- create_user: adds an entry with `user_object_classes`, without a password (reset one after).

Every value from outside (account ids, group names) is escaped before it goes into a filter
(escape_filter_chars) or a DN (escape_rdn). Plain Python: no Django.
"""

from __future__ import annotations

import logging
import ssl
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import ldap3
from ldap3.core import exceptions as ldap_exceptions
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import escape_rdn, safe_dn

from .base import Action, ActionResult, Connector, ConnectorError, TemporaryPassword

logger = logging.getLogger(__name__)

# LDAP result codes the connector reads (RFC 4511).
ATTRIBUTE_OR_VALUE_EXISTS = 20
NO_SUCH_ATTRIBUTE = 16
ENTRY_ALREADY_EXISTS = 68
OBJECT_CLASS_VIOLATION = 65
INSUFFICIENT_ACCESS = 50

LOCKED_TIME = "pwdAccountLockedTime"  # ppolicy's lock
# Attributes create_user does not take: a password is set by reset_password, never passed around.
REFUSED_CREATE_ATTRIBUTES = frozenset({"userpassword", "objectclass"})


@dataclass(frozen=True)
class LdapSettings:
    url: str  # ldap://host:389 or ldaps://host:636
    bind_dn: str
    bind_password: str = field(repr=False)
    people_base: str
    groups_base: str
    user_id_attribute: str = "uid"
    group_id_attribute: str = "cn"
    member_attribute: str = "member"
    mfa_attribute: str = ""  # e.g. the attribute holding the TOTP secret; empty: reset_mfa refuses
    start_tls: bool = False  # StartTLS on an ldap:// URL (ldaps:// is TLS from the start)
    verify_certificate: bool = True
    ca_certificates_file: str = ""
    force_password_change: bool = False  # sets ppolicy's pwdReset with a new password
    user_object_classes: tuple[str, ...] = ("top", "person", "organizationalPerson", "inetOrgPerson")
    timeout: int = 10  # seconds (ldap3 takes whole seconds)


class LdapConnector(Connector):
    kind = "ldap"

    def __init__(self, settings: LdapSettings) -> None:
        self.settings = settings

    def __repr__(self) -> str:
        return f"LdapConnector({self.settings.url!r}, bind_dn={self.settings.bind_dn!r})"

    # --- the actions ------------------------------------------------------------------------------

    def reset_password(self, account: str, *, dry_run: bool = False) -> ActionResult:
        with self._connection() as conn:
            dn = self._account_dn(conn, account)
            if dry_run:
                return self._result(
                    Action.RESET_PASSWORD,
                    account,
                    True,
                    dry_run,
                    f"Would set a new temporary password for {dn}.",
                )
            password = TemporaryPassword.generate()
            ok = conn.extend.standard.modify_password(user=dn, new_password=password.reveal())
            if not ok:
                raise self._error(conn, f"Could not set a new password for {dn}")
            if self.settings.force_password_change:
                self._modify(
                    conn,
                    dn,
                    {"pwdReset": [(ldap3.MODIFY_REPLACE, ["TRUE"])]},
                    "require a password change for",
                )
            logger.info("LDAP: new temporary password set for %s", dn)
            return self._result(
                Action.RESET_PASSWORD,
                account,
                True,
                dry_run,
                f"Set a new temporary password for {dn}"
                + (" (to be changed at the next sign-in)." if self.settings.force_password_change else "."),
                temporary_password=password,
            )

    def unlock(self, account: str, *, dry_run: bool = False) -> ActionResult:
        with self._connection() as conn:
            dn, entry = self._account(conn, account, (LOCKED_TIME,))
            if not _values(entry, LOCKED_TIME):
                return self._result(Action.UNLOCK, account, False, dry_run, f"{dn} was not locked.")
            if dry_run:
                return self._result(Action.UNLOCK, account, True, dry_run, f"Would unlock {dn}.")
            # slapd's ppolicy clears the failed attempts (pwdFailureTime, which no one may modify)
            # with the lock.
            self._delete_attributes(conn, dn, [LOCKED_TIME], "unlock")
            return self._result(Action.UNLOCK, account, True, dry_run, f"Unlocked {dn}.")

    def reset_mfa(self, account: str, *, dry_run: bool = False) -> ActionResult:
        attribute = self.settings.mfa_attribute
        if not attribute:
            raise ConnectorError(
                "This LDAP connector has no multi-factor attribute configured, so it cannot reset "
                "multi-factor sign-in: set the attribute that holds the enrolment."
            )
        with self._connection() as conn:
            dn, entry = self._account(conn, account, (attribute,))
            if not _values(entry, attribute):
                return self._result(
                    Action.RESET_MFA,
                    account,
                    False,
                    dry_run,
                    f"{dn} had no multi-factor enrolment ({attribute}).",
                )
            if dry_run:
                return self._result(
                    Action.RESET_MFA,
                    account,
                    True,
                    dry_run,
                    f"Would remove the multi-factor enrolment ({attribute}) of {dn}.",
                )
            self._delete_attributes(conn, dn, [attribute], "reset the multi-factor enrolment of")
            return self._result(
                Action.RESET_MFA,
                account,
                True,
                dry_run,
                f"Removed the multi-factor enrolment ({attribute}) of {dn}.",
            )

    def add_to_group(self, account: str, group: str, *, dry_run: bool = False) -> ActionResult:
        with self._connection() as conn:
            dn = self._account_dn(conn, account)
            group_dn, members = self._group(conn, group)

            def done(changed: bool, summary: str) -> ActionResult:
                return self._result(
                    Action.ADD_TO_GROUP, account, changed, dry_run, summary, {"group": group_dn}
                )

            already = f"{dn} is already a member of {group_dn}."
            if _contains_dn(members, dn):
                return done(False, already)
            if dry_run:
                return done(True, f"Would add {dn} to {group_dn}.")
            if not conn.modify(group_dn, {self.settings.member_attribute: [(ldap3.MODIFY_ADD, [dn])]}):
                if conn.result.get("result") == ATTRIBUTE_OR_VALUE_EXISTS:  # added meanwhile
                    return done(False, already)
                raise self._error(conn, f"Could not add {dn} to {group_dn}")
            return done(True, f"Added {dn} to {group_dn}.")

    def remove_from_group(self, account: str, group: str, *, dry_run: bool = False) -> ActionResult:
        with self._connection() as conn:
            dn = self._account_dn(conn, account)
            group_dn, members = self._group(conn, group)

            def done(changed: bool, summary: str) -> ActionResult:
                return self._result(
                    Action.REMOVE_FROM_GROUP, account, changed, dry_run, summary, {"group": group_dn}
                )

            not_member = f"{dn} was not a member of {group_dn}."
            present = [value for value in members if _same_dn(value, dn)]
            if not present:
                return done(False, not_member)
            if dry_run:
                return done(True, f"Would remove {dn} from {group_dn}.")
            if not conn.modify(group_dn, {self.settings.member_attribute: [(ldap3.MODIFY_DELETE, present)]}):
                code = conn.result.get("result")
                if code == NO_SUCH_ATTRIBUTE:  # removed meanwhile
                    return done(False, not_member)
                if code == OBJECT_CLASS_VIOLATION:
                    raise ConnectorError(
                        f"Could not remove {dn} from {group_dn}: it is the group's last member, and a "
                        "groupOfNames must keep at least one. Add another member first."
                    )
                raise self._error(conn, f"Could not remove {dn} from {group_dn}")
            return done(True, f"Removed {dn} from {group_dn}.")

    def create_user(
        self, account: str, attributes: Mapping[str, str | Sequence[str]], *, dry_run: bool = False
    ) -> ActionResult:
        account = _checked(account, "account")
        refused = sorted(name for name in attributes if name.lower() in REFUSED_CREATE_ATTRIBUTES)
        if refused:
            raise ConnectorError(
                f"A new account cannot be given {', '.join(refused)}: the object classes are the "
                "connector's, and a password is set with a password reset."
            )
        uid_attribute = self.settings.user_id_attribute
        dn = f"{uid_attribute}={escape_rdn(account)},{self.settings.people_base}"
        with self._connection() as conn:
            found = self._find_accounts(conn, account, ())
            if found:
                existing = found[0].entry_dn
                return self._result(
                    Action.CREATE_USER,
                    account,
                    False,
                    dry_run,
                    f"{existing} already exists; it was left as it is.",
                )
            values: dict[str, object] = {
                name: list(value) if not isinstance(value, str) else value
                for name, value in attributes.items()
                if name.lower() != uid_attribute.lower()
            }
            values[uid_attribute] = account
            if dry_run:
                names = ", ".join(sorted(values))
                return self._result(
                    Action.CREATE_USER, account, True, dry_run, f"Would create {dn} with {names}."
                )
            if not conn.add(dn, list(self.settings.user_object_classes), values):
                if conn.result.get("result") == ENTRY_ALREADY_EXISTS:
                    return self._result(
                        Action.CREATE_USER,
                        account,
                        False,
                        dry_run,
                        f"{dn} already exists; it was left as it is.",
                    )
                raise self._error(conn, f"Could not create {dn}")
            return self._result(Action.CREATE_USER, account, True, dry_run, f"Created {dn}.")

    # --- the directory ----------------------------------------------------------------------------

    @contextmanager
    def _connection(self) -> Iterator[ldap3.Connection]:
        s = self.settings
        tls = None
        if s.url.lower().startswith("ldaps://") or s.start_tls:
            tls = ldap3.Tls(
                validate=ssl.CERT_REQUIRED if s.verify_certificate else ssl.CERT_NONE,
                ca_certs_file=s.ca_certificates_file or None,
            )
        try:
            server = ldap3.Server(s.url, connect_timeout=int(s.timeout), tls=tls, get_info=ldap3.NONE)
            conn = ldap3.Connection(
                server,
                user=s.bind_dn,
                password=s.bind_password,
                receive_timeout=int(s.timeout),
                raise_exceptions=False,
            )
            if not conn.open() and conn.closed:
                raise ConnectorError(f"Could not reach the LDAP server at {s.url}.")
            if s.start_tls and not conn.start_tls():
                raise self._error(conn, f"Could not start TLS with the LDAP server at {s.url}")
            if not conn.bind():
                raise ConnectorError(
                    f"The LDAP server at {s.url} refused the connector's bind as {s.bind_dn} "
                    f"({_description(conn)}): check the bind DN and password."
                )
        except ldap_exceptions.LDAPException as error:
            raise ConnectorError(
                f"Could not reach the LDAP server at {s.url}: {type(error).__name__}."
            ) from None
        try:
            yield conn
        except ldap_exceptions.LDAPException as error:
            raise ConnectorError(f"The LDAP server at {s.url} failed: {type(error).__name__}.") from None
        finally:
            conn.unbind()

    def _find_accounts(
        self, conn: ldap3.Connection, account: str, attributes: Sequence[str]
    ) -> list[ldap3.Entry]:
        search_filter = f"({self.settings.user_id_attribute}={escape_filter_chars(account)})"
        ok = conn.search(
            self.settings.people_base,
            search_filter,
            ldap3.SUBTREE,
            attributes=list(attributes) or ldap3.NO_ATTRIBUTES,
        )
        if not ok and conn.result.get("result") not in (0, 32):  # 32: no such object (the base)
            raise self._error(conn, f"Could not search for the account {account!r}")
        return list(conn.entries)

    def _account(
        self, conn: ldap3.Connection, account: str, attributes: Sequence[str]
    ) -> tuple[str, ldap3.Entry]:
        account = _checked(account, "account")
        found = self._find_accounts(conn, account, attributes)
        if not found:
            s = self.settings
            raise ConnectorError(f"No account {account!r} ({s.user_id_attribute}) under {s.people_base}.")
        if len(found) > 1:
            raise ConnectorError(
                f"{len(found)} accounts have {self.settings.user_id_attribute}={account!r} under "
                f"{self.settings.people_base}: the directory must make it unique before this can be done."
            )
        return found[0].entry_dn, found[0]

    def _account_dn(self, conn: ldap3.Connection, account: str) -> str:
        return self._account(conn, account, ())[0]

    def _group(self, conn: ldap3.Connection, group: str) -> tuple[str, list[str]]:
        group = _checked(group, "group")
        s = self.settings
        search_filter = f"({s.group_id_attribute}={escape_filter_chars(group)})"
        ok = conn.search(s.groups_base, search_filter, ldap3.SUBTREE, attributes=[s.member_attribute])
        if not ok and conn.result.get("result") not in (0, 32):
            raise self._error(conn, f"Could not search for the group {group!r}")
        if not conn.entries:
            raise ConnectorError(f"No group {group!r} ({s.group_id_attribute}) under {s.groups_base}.")
        if len(conn.entries) > 1:
            raise ConnectorError(f"{len(conn.entries)} groups are named {group!r} under {s.groups_base}.")
        entry = conn.entries[0]
        return entry.entry_dn, _values(entry, s.member_attribute)

    def _modify(
        self, conn: ldap3.Connection, dn: str, changes: dict[str, list[tuple[str, list[str]]]], what: str
    ) -> None:
        if not conn.modify(dn, changes):
            raise self._error(conn, f"Could not {what} {dn}")

    def _delete_attributes(self, conn: ldap3.Connection, dn: str, names: Sequence[str], what: str) -> None:
        self._modify(conn, dn, {name: [(ldap3.MODIFY_DELETE, [])] for name in names}, what)

    def _error(self, conn: ldap3.Connection, what: str) -> ConnectorError:
        hint = ""
        if conn.result.get("result") == INSUFFICIENT_ACCESS:
            hint = f" The connector's account ({self.settings.bind_dn}) may not do this: grant it the right."
        return ConnectorError(f"{what}: the LDAP server answered {_description(conn)}.{hint}")

    def _result(
        self,
        action: Action,
        account: str,
        changed: bool,
        dry_run: bool,
        summary: str,
        details: Mapping[str, str] | None = None,
        temporary_password: TemporaryPassword | None = None,
    ) -> ActionResult:
        return ActionResult(
            action=action,
            account=account,
            changed=changed,
            summary=summary,
            dry_run=dry_run,
            details=dict(details or {}),
            temporary_password=temporary_password,
        )


def _checked(value: str, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConnectorError(f"No {what} given.")
    if "\x00" in value or len(value) > 256:
        raise ConnectorError(f"The {what} {value[:40]!r} is not a valid name.")
    return value.strip()


def _values(entry: ldap3.Entry, name: str) -> list[str]:
    if name not in entry.entry_attributes:
        return []
    return [str(value) for value in entry[name].values]


def _normal_dn(dn: str) -> str:
    try:
        return str(safe_dn(dn)).lower()
    except ldap_exceptions.LDAPException:
        return dn.strip().lower()


def _same_dn(a: str, b: str) -> bool:
    return _normal_dn(a) == _normal_dn(b)


def _contains_dn(values: Sequence[str], dn: str) -> bool:
    return any(_same_dn(value, dn) for value in values)


def _description(conn: ldap3.Connection) -> str:
    result = conn.result or {}
    text = result.get("description") or "an error"
    message = result.get("message") or ""
    return f"{text} ({message})" if message else str(text)
