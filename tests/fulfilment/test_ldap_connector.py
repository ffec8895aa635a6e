"""The LDAP connector against a real slapd (conftest): every action changes the directory, is
idempotent, has a dry run that changes nothing, and never shows the temporary password."""

import logging

import ldap3
import pytest

from moked.fulfilment.connectors.base import Action, ConnectorError, TemporaryPassword
from moked.fulfilment.connectors.ldap import LdapConnector

from .conftest import ADMIN_PASSWORD, MFA_ATTRIBUTE, ldap_settings


def lock_by_failed_binds(directory, uid):
    for _ in range(3):
        assert not directory.can_bind(uid, "wrong-password")
    assert "pwdAccountLockedTime" in directory.read(directory.dn(uid), "pwdAccountLockedTime")


def test_reset_password_sets_a_password_the_person_can_bind_with(connector, directory, caplog):
    caplog.set_level(logging.DEBUG)
    result = connector.reset_password(directory.uid)
    password = result.temporary_password.reveal()
    assert result.action == Action.RESET_PASSWORD and result.changed and not result.dry_run
    assert directory.can_bind(directory.uid, password)
    assert not directory.can_bind(directory.uid, "initial-Pass-1")
    assert len(password) == 20
    # The password is nowhere but in reveal(): not the logs, the summary, any repr or str.
    assert password not in caplog.text
    for text in (
        result.summary,
        repr(result),
        str(result),
        repr(result.temporary_password),
        str(result.temporary_password),
        f"{result.temporary_password}",
        str(result.details),
    ):
        assert password not in text
    assert "hidden" in repr(result.temporary_password)
    assert directory.dn(directory.uid) in result.summary


def test_each_reset_sets_a_new_password(connector, directory):
    first = connector.reset_password(directory.uid).temporary_password.reveal()
    second = connector.reset_password(directory.uid).temporary_password.reveal()
    assert first != second
    assert directory.can_bind(directory.uid, second) and not directory.can_bind(directory.uid, first)


def test_reset_password_dry_run_changes_nothing(connector, directory):
    before = directory.snapshot()
    result = connector.reset_password(directory.uid, dry_run=True)
    assert result.dry_run and result.changed and result.temporary_password is None
    assert result.summary.startswith("Would set a new temporary password")
    assert directory.snapshot() == before
    assert directory.can_bind(directory.uid, "initial-Pass-1")


def test_reset_password_can_require_a_change_at_the_next_sign_in(slapd, directory):
    connector = LdapConnector(ldap_settings(slapd, force_password_change=True))
    result = connector.reset_password(directory.uid)
    assert directory.read(directory.dn(directory.uid), "pwdReset")["pwdReset"] == [True]
    assert "changed at the next sign-in" in result.summary
    assert directory.can_bind(directory.uid, result.temporary_password.reveal())


def test_unlock_clears_a_lockout_from_failed_binds(connector, directory):
    lock_by_failed_binds(directory, directory.uid)
    assert not directory.can_bind(directory.uid, "initial-Pass-1")  # locked: the right password fails too

    dry = connector.unlock(directory.uid, dry_run=True)
    assert dry.changed and dry.summary.startswith("Would unlock")
    assert not directory.can_bind(directory.uid, "initial-Pass-1")

    result = connector.unlock(directory.uid)
    assert result.changed and result.summary.startswith("Unlocked")
    assert directory.can_bind(directory.uid, "initial-Pass-1")
    assert directory.read(directory.dn(directory.uid), "pwdAccountLockedTime", "pwdFailureTime") == {}
    # The failures were forgotten with the lock: three more are needed to lock it again.
    assert not directory.can_bind(directory.uid, "wrong-password")
    assert directory.can_bind(directory.uid, "initial-Pass-1")

    again = connector.unlock(directory.uid)
    assert not again.changed and "was not locked" in again.summary


def test_unlock_of_an_account_not_locked_changes_nothing(connector, directory):
    before = directory.snapshot()
    result = connector.unlock(directory.uid)
    assert not result.changed and "was not locked" in result.summary
    assert directory.snapshot() == before


def test_reset_mfa_removes_the_enrolment(connector, directory):
    dn = directory.dn(directory.uid)
    before = directory.snapshot()
    dry = connector.reset_mfa(directory.uid, dry_run=True)
    assert dry.changed and dry.summary.startswith("Would remove")
    assert directory.snapshot() == before

    result = connector.reset_mfa(directory.uid)
    assert result.changed and MFA_ATTRIBUTE in result.summary
    assert MFA_ATTRIBUTE not in directory.read(dn, MFA_ATTRIBUTE)
    assert "JBSWY3DPEHPK3PXP" not in result.summary + dry.summary  # the TOTP secret is not shown

    again = connector.reset_mfa(directory.uid)
    assert not again.changed and "had no multi-factor enrolment" in again.summary


def test_reset_mfa_without_a_configured_attribute_is_refused(slapd, directory):
    connector = LdapConnector(ldap_settings(slapd, mfa_attribute=""))
    with pytest.raises(ConnectorError, match="no multi-factor attribute"):
        connector.reset_mfa(directory.uid)


def test_add_to_group_and_remove_are_idempotent(connector, directory):
    dn = directory.dn(directory.uid).lower()
    before = directory.snapshot()
    dry = connector.add_to_group(directory.uid, directory.group, dry_run=True)
    assert dry.changed and dry.summary.startswith("Would add")
    assert directory.snapshot() == before

    added = connector.add_to_group(directory.uid, directory.group)
    assert added.changed and added.details["group"] == directory.group_dn
    assert dn in directory.members()

    again = connector.add_to_group(directory.uid, directory.group)
    assert not again.changed and "already a member" in again.summary
    assert directory.members().count(dn) == 1

    before = directory.snapshot()
    dry = connector.remove_from_group(directory.uid, directory.group, dry_run=True)
    assert dry.changed and dry.summary.startswith("Would remove")
    assert directory.snapshot() == before

    removed = connector.remove_from_group(directory.uid, directory.group)
    assert removed.changed and dn not in directory.members()
    assert directory.dn(directory.other_uid).lower() in directory.members()

    again = connector.remove_from_group(directory.uid, directory.group)
    assert not again.changed and "was not a member" in again.summary


def test_a_member_stored_with_another_case_is_already_a_member(connector, directory):
    directory.admin.modify(
        directory.group_dn,
        {"member": [(ldap3.MODIFY_ADD, [f"UID={directory.uid},OU=People,DC=example,DC=test"])]},
    )
    assert not connector.add_to_group(directory.uid, directory.group).changed
    assert connector.remove_from_group(directory.uid, directory.group).changed
    assert directory.dn(directory.uid).lower() not in directory.members()


def test_removing_the_last_member_says_why_it_cannot(connector, directory):
    with pytest.raises(ConnectorError, match="last member"):
        connector.remove_from_group(directory.other_uid, directory.group)
    assert directory.dn(directory.other_uid).lower() in directory.members()


def test_create_user_creates_once(connector, directory):
    uid = f"new-{directory.uid}"
    attributes = {"cn": "Uusi Työntekijä", "sn": "Työntekijä", "mail": "uusi@example.test"}
    before = directory.snapshot()
    dry = connector.create_user(uid, attributes, dry_run=True)
    assert dry.changed and dry.summary.startswith("Would create")
    assert directory.snapshot() == before

    created = connector.create_user(uid, attributes)
    assert created.changed
    entry = directory.read(directory.dn(uid), "cn", "mail", "objectClass")
    assert entry["cn"] == ["Uusi Työntekijä"] and entry["mail"] == ["uusi@example.test"]
    assert "inetOrgPerson" in entry["objectClass"]

    again = connector.create_user(uid, {**attributes, "cn": "Another"})
    assert not again.changed and "already exists" in again.summary
    assert directory.read(directory.dn(uid), "cn")["cn"] == ["Uusi Työntekijä"]

    password = connector.reset_password(uid).temporary_password.reveal()
    assert directory.can_bind(uid, password)


def test_create_user_refuses_a_password_among_the_attributes(connector, directory):
    with pytest.raises(ConnectorError, match="userPassword"):
        connector.create_user(f"new-{directory.uid}", {"cn": "x", "sn": "y", "userPassword": "p"})


@pytest.mark.parametrize("action", ["reset_password", "unlock", "reset_mfa"])
def test_a_filter_injection_finds_nothing_and_changes_nothing(connector, directory, action):
    before = directory.snapshot()
    for uid in ("*)(uid=*", "*", f"{directory.uid})(|(uid=*", "*)(objectClass=*"):
        with pytest.raises(ConnectorError, match="No account"):
            getattr(connector, action)(uid)
    assert directory.snapshot() == before


def test_a_filter_injection_in_a_group_name_finds_nothing(connector, directory):
    before = directory.snapshot()
    with pytest.raises(ConnectorError, match="No account"):
        connector.add_to_group("*)(uid=*", directory.group)
    with pytest.raises(ConnectorError, match="No group"):
        connector.add_to_group(directory.uid, "*)(cn=*")
    with pytest.raises(ConnectorError, match="No group"):
        connector.remove_from_group(directory.other_uid, "*")
    assert directory.snapshot() == before


def test_create_user_escapes_the_dn(connector, directory):
    uid = f"o,ou=groups+x-{directory.uid}"
    assert connector.create_user(uid, {"cn": "x", "sn": "y"}).changed
    assert connector.create_user(uid, {"cn": "x", "sn": "y"}).changed is False
    assert connector.reset_password(uid).changed


@pytest.mark.parametrize("uid", ["nobody-here", "", "   "])
def test_an_unknown_account_is_a_connector_error(connector, directory, uid):
    with pytest.raises(ConnectorError):
        connector.reset_password(uid)


def test_an_unknown_group_is_a_connector_error(connector, directory):
    with pytest.raises(ConnectorError, match="No group 'nope'"):
        connector.add_to_group(directory.uid, "nope")


def test_a_wrong_bind_password_is_a_clear_error_without_the_password(slapd, directory):
    connector = LdapConnector(ldap_settings(slapd, bind_password="wrong-bind-Secret"))
    with pytest.raises(ConnectorError, match="refused the connector's bind") as caught:
        connector.unlock(directory.uid)
    assert "wrong-bind-Secret" not in str(caught.value)
    assert ADMIN_PASSWORD not in repr(connector) + repr(connector.settings)


def test_an_unreachable_server_is_a_clear_error():
    from .conftest import free_port

    connector = LdapConnector(ldap_settings(f"ldap://127.0.0.1:{free_port()}", timeout=2))
    with pytest.raises(ConnectorError, match="Could not reach the LDAP server"):
        connector.unlock("aino")


def test_a_temporary_password_shows_only_through_reveal():
    password = TemporaryPassword.generate()
    value = password.reveal()
    assert value not in repr(password) + str(password) + f"{password}" + format(password, "")
    assert (
        any(c.isupper() for c in value)
        and any(c.islower() for c in value)
        and any(c.isdigit() for c in value)
    )
    assert TemporaryPassword.generate().reveal() != value
    with pytest.raises(TypeError):
        import pickle

        pickle.dumps(password)
