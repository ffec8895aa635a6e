"""A throw-away OpenLDAP server (Debian's slapd) for the LDAP connector's tests: the old slapd.conf
format, an mdb database in a temporary folder, the ppolicy overlay (lockout after 3 failed binds),
an attribute holding a TOTP secret, on a free loopback port; stopped and removed at the end."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import ldap3
import pytest

from moked.fulfilment.connectors.ldap import LdapConnector, LdapSettings
from tests.ports import free_port

SUFFIX = "dc=example,dc=test"
ADMIN_DN = f"cn=admin,{SUFFIX}"
ADMIN_PASSWORD = "admin-secret"
PEOPLE = f"ou=people,{SUFFIX}"
GROUPS = f"ou=groups,{SUFFIX}"
POLICY = f"cn=default,ou=policies,{SUFFIX}"
MFA_ATTRIBUTE = "mokedTotpSecret"

SLAPD_CONF = """include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
attributetype ( 1.3.6.1.4.1.32473.1.1.1 NAME 'mokedTotpSecret'
  EQUALITY caseExactMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )
objectclass ( 1.3.6.1.4.1.32473.1.2.1 NAME 'mokedMfaUser' AUXILIARY MAY mokedTotpSecret )
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload ppolicy
pidfile {d}/run/slapd.pid
database mdb
maxsize 104857600
suffix "{suffix}"
rootdn "{admin}"
rootpw {password}
directory {d}/db
overlay ppolicy
ppolicy_default "{policy}"
ppolicy_use_lockout
"""


def admin_connection(url: str) -> ldap3.Connection:
    return ldap3.Connection(
        ldap3.Server(url), ADMIN_DN, ADMIN_PASSWORD, auto_bind=True, raise_exceptions=True
    )


@pytest.fixture(scope="session")
def slapd():
    """The server's URL, with the base entries, a password policy and the ou's for people and groups."""
    if shutil.which("slapd") is None and not Path("/usr/sbin/slapd").exists():
        pytest.skip("OpenLDAP's slapd is not installed (`.ci/run` installs slapd and ldap-utils)")
    slapd_binary = shutil.which("slapd") or "/usr/sbin/slapd"
    directory = Path(tempfile.mkdtemp(prefix="slapd-"))
    directory.chmod(0o755)
    (directory / "db").mkdir()
    (directory / "run").mkdir()
    hashed = subprocess.run(
        [shutil.which("slappasswd") or "/usr/sbin/slappasswd", "-s", ADMIN_PASSWORD],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    conf = SLAPD_CONF.format(d=directory, suffix=SUFFIX, admin=ADMIN_DN, password=hashed, policy=POLICY)
    (directory / "slapd.conf").write_text(conf)
    port = free_port()
    url = f"ldap://127.0.0.1:{port}"
    started = subprocess.run(
        [slapd_binary, "-f", str(directory / "slapd.conf"), "-h", f"{url}/"], capture_output=True, text=True
    )
    if started.returncode != 0:
        shutil.rmtree(directory)
        pytest.fail(f"slapd did not start: {started.stderr}")
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), 0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    conn = admin_connection(url)
    conn.add(SUFFIX, ["top", "dcObject", "organization"], {"dc": "example", "o": "Example"})
    for ou in ("people", "groups", "policies"):
        conn.add(f"ou={ou},{SUFFIX}", ["top", "organizationalUnit"], {"ou": ou})
    conn.add(
        POLICY,
        ["top", "device", "pwdPolicy"],
        {
            "cn": "default",
            "pwdAttribute": "userPassword",
            "pwdMaxFailure": "3",
            "pwdLockout": "TRUE",
            "pwdLockoutDuration": "0",  # locked until unlocked
            "pwdFailureCountInterval": "0",
        },
    )
    conn.unbind()
    yield url
    pid_file = directory / "run" / "slapd.pid"
    if pid_file.exists():
        pid = int(pid_file.read_text().strip())
        os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
    shutil.rmtree(directory, ignore_errors=True)


class Directory:
    """Test data in the real directory, each test with its own people and group."""

    def __init__(self, url: str):
        self.url = url
        self.admin = admin_connection(url)
        suffix = uuid.uuid4().hex[:8]
        self.uid = f"aino-{suffix}"
        self.other_uid = f"dariush-{suffix}"
        self.group = f"finance-share-{suffix}"
        for uid in (self.uid, self.other_uid):
            self.admin.add(
                self.dn(uid),
                ["top", "person", "organizationalPerson", "inetOrgPerson", "mokedMfaUser"],
                {
                    "uid": uid,
                    "cn": uid,
                    "sn": "Test",
                    "userPassword": "initial-Pass-1",
                    MFA_ATTRIBUTE: "JBSWY3DPEHPK3PXP",
                },
            )
        # A groupOfNames needs a member: the other person starts in it.
        self.admin.add(
            self.group_dn, ["top", "groupOfNames"], {"cn": self.group, "member": [self.dn(self.other_uid)]}
        )

    @staticmethod
    def dn(uid: str) -> str:
        return f"uid={uid},{PEOPLE}"

    @property
    def group_dn(self) -> str:
        return f"cn={self.group},{GROUPS}"

    def read(self, dn: str, *attributes: str) -> dict[str, list]:
        self.admin.search(dn, "(objectClass=*)", ldap3.BASE, attributes=list(attributes))
        entry = self.admin.entries[0]
        return {name: list(entry[name].values) for name in entry.entry_attributes if entry[name].values}

    def members(self) -> list[str]:
        return [m.lower() for m in self.read(self.group_dn, "member").get("member", [])]

    def can_bind(self, uid: str, password: str) -> bool:
        conn = ldap3.Connection(ldap3.Server(self.url), self.dn(uid), password)
        try:
            return conn.bind()
        finally:
            conn.unbind()

    def snapshot(self) -> list[tuple[str, dict]]:
        """Everything under the suffix with operational attributes, to show nothing changed."""
        self.admin.search(SUFFIX, "(objectClass=*)", ldap3.SUBTREE, attributes=["*", "+"])
        return sorted(
            (entry.entry_dn, {k: sorted(map(str, v)) for k, v in entry.entry_attributes_as_dict.items()})
            for entry in self.admin.entries
        )


@pytest.fixture
def directory(slapd):
    d = Directory(slapd)
    yield d
    d.admin.unbind()


def ldap_settings(url: str, **changes) -> LdapSettings:
    options = {
        "url": url,
        "bind_dn": ADMIN_DN,
        "bind_password": ADMIN_PASSWORD,
        "people_base": PEOPLE,
        "groups_base": GROUPS,
        "mfa_attribute": MFA_ATTRIBUTE,
    } | changes
    return LdapSettings(**options)


@pytest.fixture
def connector(slapd) -> LdapConnector:
    return LdapConnector(ldap_settings(slapd))
