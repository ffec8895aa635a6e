"""Connectors: the directories each organisation's catalogue requests are fulfilled in (an LDAP
directory, or a webhook for everything else). Written by moked.fulfilment.services; the secret
(bind password, signing key) is write-only: never shown back, an empty box keeps it."""

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from moked.fulfilment import connecting
from moked.fulfilment.models import Connector, ConnectorKind
from moked.fulfilment.selectors import visible_connectors
from moked.fulfilment.services import create_connector, delete_connector, update_connector
from moked.people.selectors import visible_organisations

from ..common import refusals
from ..common.forms import BootstrapForm
from ..common.saving import attempt
from .access import admin_page
from .fields import WordListField

SECTION = (gettext_lazy("Connectors"), "administration-connectors")

# The settings of each kind the form asks for, in order: (name, label, help).
LDAP_SETTINGS = (
    ("url", gettext_lazy("Server URL"), gettext_lazy("ldap://host:389 or ldaps://host:636")),
    ("bind_dn", gettext_lazy("Bind DN"), gettext_lazy("The account Moked signs in as.")),
    ("people_base", gettext_lazy("People base DN"), gettext_lazy("Where the accounts are.")),
    ("groups_base", gettext_lazy("Groups base DN"), gettext_lazy("Where the groups are.")),
    ("user_id_attribute", gettext_lazy("User name attribute"), ""),
    ("group_id_attribute", gettext_lazy("Group name attribute"), ""),
    ("member_attribute", gettext_lazy("Member attribute"), ""),
    (
        "mfa_attribute",
        gettext_lazy("Multi-factor attribute"),
        gettext_lazy("The attribute holding the enrolment; empty: multi-factor resets are refused."),
    ),
    ("ca_certificates_file", gettext_lazy("CA certificates file"), ""),
)
LDAP_FLAGS = (
    ("start_tls", gettext_lazy("StartTLS on an ldap:// URL")),
    ("verify_certificate", gettext_lazy("Verify the server's certificate")),
    ("force_password_change", gettext_lazy("Ask for a new password at the next sign-in after a reset")),
)
LDAP_DEFAULTS = {
    "user_id_attribute": "uid",
    "group_id_attribute": "cn",
    "member_attribute": "member",
    "verify_certificate": True,
    "timeout": 10,
    "user_object_classes": ["top", "person", "organizationalPerson", "inetOrgPerson"],
}
WEBHOOK_PREFIX = "webhook_"


class ConnectorForm(BootstrapForm):
    organisation = forms.ModelChoiceField(label=gettext_lazy("Organisation"), queryset=None)
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=50,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
        help_text=gettext_lazy("What fulfilment plans name it by, e.g. corp-ldap."),
    )
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ConnectorKind.choices)
    is_active = forms.BooleanField(label=gettext_lazy("Active"), required=False, initial=True)
    secret = forms.CharField(
        label=gettext_lazy("Secret"),
        required=False,
        max_length=500,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("LDAP: the bind password. Webhook: the signing key."),
    )
    user_object_classes = WordListField(
        label=gettext_lazy("Object classes of a new account"), help_text=gettext_lazy("Separated by spaces.")
    )
    timeout = forms.IntegerField(label=gettext_lazy("Timeout (seconds)"), min_value=1, max_value=120)
    webhook_url = forms.URLField(
        label=gettext_lazy("Webhook URL"),
        required=False,
        max_length=500,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"dir": "ltr"}),
    )

    GENERAL = ("organisation", "code", "name", "kind", "is_active", "secret")

    def __init__(self, *args, organisations, secret_stored=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if secret_stored:
            self.fields["secret"].help_text = _(
                "A secret is stored; it is never shown. Leave this empty to keep it."
            )
        for name in ("url", "bind_dn", "people_base", "groups_base", "code", "webhook_url"):
            self.fields[name].widget.attrs["dir"] = "ltr"

    def general_fields(self):
        return [self[name] for name in self.GENERAL]

    def ldap_fields(self):
        names = [name for name, _label, _help in LDAP_SETTINGS]
        names += [name for name, _label in LDAP_FLAGS] + ["user_object_classes", "timeout"]
        return [self[name] for name in names]

    def changes(self) -> dict:
        """After is_valid: what the fulfilment services take (the secret only when typed)."""
        data = self.cleaned_data
        kind = data["kind"]
        if kind == connecting.LDAP:
            settings = {
                name: data[name].strip() for name, _label, _help in LDAP_SETTINGS if data[name].strip()
            }
            settings |= {name: bool(data[name]) for name, _label in LDAP_FLAGS}
            settings["user_object_classes"] = data["user_object_classes"]
            settings["timeout"] = data["timeout"]
        else:
            settings = {"url": data["webhook_url"], "timeout": data["timeout"]}
        changes = {
            "organisation": data["organisation"],
            "code": data["code"].strip(),
            "name": data["name"],
            "kind": kind,
            "is_active": data["is_active"],
            "settings": settings,
        }
        if data["secret"]:
            changes["secret"] = data["secret"]
        return changes


def _settings_fields() -> None:
    for name, label, help_text in LDAP_SETTINGS:
        ConnectorForm.base_fields[name] = forms.CharField(
            label=label, required=False, max_length=500, help_text=help_text
        )
    for name, label in LDAP_FLAGS:
        ConnectorForm.base_fields[name] = forms.BooleanField(label=label, required=False)


_settings_fields()


def _initial(connector: Connector | None) -> dict:
    if connector is None:
        return {"kind": connecting.LDAP, "is_active": True, **LDAP_DEFAULTS}
    settings = connector.settings or {}
    initial = {
        "organisation": connector.organisation_id,
        "code": connector.code,
        "name": connector.name,
        "kind": connector.kind,
        "is_active": connector.is_active,
        "timeout": settings.get("timeout", 10),
    }
    if connector.kind == connecting.LDAP:
        initial |= LDAP_DEFAULTS | {name: value for name, value in settings.items() if name != "timeout"}
    else:
        initial["webhook_url"] = settings.get("url", "")
    return initial


def _has_secret(connector: Connector | None) -> bool:
    return connector is not None and (bool(connector.secret) or hasattr(connector.secret, "ciphertext"))


@admin_page
def connector_list(request):
    connectors = visible_connectors(request.user).order_by("organisation__name", "code")
    organisations = list(visible_organisations(request.user).order_by("name"))
    wanted = request.GET.get("organisation", "")
    chosen = next((o for o in organisations if str(o.pk) == wanted), None)
    if chosen is not None:
        connectors = connectors.filter(organisation=chosen)
    context = {"connectors": connectors, "organisations": organisations, "chosen": chosen}
    return render(request, "web/administration/connectors_list.html", context)


@admin_page
def connector_new(request):
    return _edit(request, None)


@admin_page
def connector_edit(request, pk):
    return _edit(request, _connector(request, pk))


def _connector(request, pk) -> Connector:
    connector = visible_connectors(request.user).filter(pk=pk).first()
    if connector is None:
        raise Http404
    return connector


def _edit(request, connector: Connector | None):
    initial = _initial(connector)
    if connector is None and request.GET.get("organisation", "").isdigit():
        initial["organisation"] = request.GET["organisation"]
    form = ConnectorForm(
        request.POST or None,
        initial=initial,
        organisations=visible_organisations(request.user).order_by("name"),
        secret_stored=_has_secret(connector),
    )
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        if connector is None:
            saved = attempt(request, lambda: create_connector(request.user, **changes), form)
        else:
            saved = attempt(request, lambda: update_connector(request.user, connector, changes), form)
        if saved:
            return redirect(_list_of(changes["organisation"]))
    context = {"form": form, "connector": connector, "refusals": refusals.pop(request)}
    return render(request, "web/administration/connectors_form.html", context)


def _list_of(organisation) -> str:
    return reverse("administration-connectors") + f"?{urlencode({'organisation': organisation.pk})}"


@admin_page
def connector_delete(request, pk):
    connector = _connector(request, pk)
    if request.method == "POST" and refusals.apply(
        request, lambda: delete_connector(request.user, connector)
    ):
        return redirect(_list_of(connector.organisation))
    context = {"connector": connector, "refusals": refusals.pop(request)}
    return render(request, "web/administration/connectors_delete.html", context)


urlpatterns = [
    path("connectors/", connector_list, name="administration-connectors"),
    path("connectors/new/", connector_new, name="administration-connector-new"),
    path("connectors/<int:pk>/", connector_edit, name="administration-connector"),
    path("connectors/<int:pk>/delete/", connector_delete, name="administration-connector-delete"),
]
