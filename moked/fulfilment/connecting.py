"""From a Connector record to a working connector: its settings checked, its secret decrypted,
a webhook's address checked against the networks the installation allows (moked.network)."""

import dataclasses
from typing import Any

from django.utils.translation import gettext as _

from moked import encryption, network

from .connectors.base import Connector as DirectoryConnector
from .connectors.base import ConnectorError
from .connectors.ldap import LdapConnector, LdapSettings
from .connectors.webhook import WebhookConnector, WebhookSettings

LDAP = "ldap"
WEBHOOK = "webhook"
_SECRET_FIELDS = {LDAP: "bind_password", WEBHOOK: "secret"}
_SETTINGS = {LDAP: LdapSettings, WEBHOOK: WebhookSettings}
_REQUIRED = {LDAP: ("url", "bind_dn", "people_base", "groups_base"), WEBHOOK: ("url",)}


def setting_names(kind: str) -> list[str]:
    """The settings a kind of connector takes (its secret aside)."""
    settings = _SETTINGS.get(kind)
    if settings is None:
        return []
    return [f.name for f in dataclasses.fields(settings) if f.name != _SECRET_FIELDS[kind]]


def settings_problems(kind: str, settings: Any) -> list[str]:
    """What is wrong with a connector's settings (translated), empty when nothing is."""
    if kind not in _SETTINGS:
        return [_("A connector is an LDAP directory or a webhook.")]
    if not isinstance(settings, dict):
        return [_("The settings are names and values.")]
    problems = []
    names = setting_names(kind)
    unknown = sorted(set(settings) - set(names))
    if _SECRET_FIELDS[kind] in settings:
        problems.append(_("The secret is not a setting: give it as the connector's secret."))
        unknown.remove(_SECRET_FIELDS[kind])
    if unknown:
        problems.append(
            _("Unknown settings: %(names)s. The settings are: %(known)s.")
            % {"names": ", ".join(unknown), "known": ", ".join(names)}
        )
    missing = [name for name in _REQUIRED[kind] if not str(settings.get(name) or "").strip()]
    if missing:
        problems.append(_("Settings needed: %(names)s.") % {"names": ", ".join(missing)})
    url = str(settings.get("url") or "")
    if kind == WEBHOOK and url:
        if not url.lower().startswith(("http://", "https://")):
            problems.append(_("A webhook's URL starts with http:// or https://."))
        else:
            try:
                network.check_url(url)
            except network.AddressRefused as refused:
                problems.append(str(refused))
    if kind == LDAP and url and not url.lower().startswith(("ldap://", "ldaps://")):
        problems.append(_("An LDAP URL starts with ldap:// or ldaps://."))
    if not problems:
        try:
            _settings(kind, settings, "")
        except (TypeError, ValueError):
            problems.append(_("A setting has a value of the wrong kind."))
    return problems


def _settings(kind: str, settings: dict, secret: str):
    values = {name: settings[name] for name in setting_names(kind) if name in settings}
    if kind == LDAP:
        if "user_object_classes" in values:
            values["user_object_classes"] = tuple(values["user_object_classes"])
        for name in ("timeout",):
            if name in values:
                values[name] = int(values[name])
        for name in ("start_tls", "verify_certificate", "force_password_change"):
            if name in values and not isinstance(values[name], bool):
                raise TypeError(name)
    if kind == WEBHOOK and "timeout" in values:
        values["timeout"] = float(values["timeout"])
    return _SETTINGS[kind](**values, **{_SECRET_FIELDS[kind]: secret})


def directory_connector(record) -> DirectoryConnector:
    """The connector a record describes. ConnectorError when it is switched off, its settings
    do not work or its secret cannot be decrypted."""
    if not record.is_active:
        raise ConnectorError(f"The connector {record.code} is switched off.")
    problems = settings_problems(record.kind, record.settings)
    if problems:
        raise ConnectorError(f"The connector {record.code} is not set up right: {' '.join(problems)}")
    try:
        secret = encryption.readable(record.secret)
    except encryption.SecretUnreadable as unreadable:
        raise ConnectorError(str(unreadable)) from None
    settings = _settings(record.kind, record.settings, secret)
    if record.kind == LDAP:
        return LdapConnector(settings)
    return WebhookConnector(settings, network.urlopen)
