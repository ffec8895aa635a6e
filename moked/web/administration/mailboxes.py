"""Mailboxes: the addresses each organisation's people write to, and how their mail comes in
(polled over IMAP, or delivered by SMTP and the mail gate). The IMAP password is write-only."""

from datetime import timedelta

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moked.mail import configuration
from moked.mail.models import Mailbox
from moked.mail.selectors import mailboxes_with_recent_mail, visible_mailboxes
from moked.people.selectors import visible_organisations

from ..common.forms import BootstrapForm
from ..common.saving import attempt
from .access import admin_page

SECTION = (_("Mailboxes"), "mailboxes")

RECENT = timedelta(days=1)


def _model_field(name: str, **overrides) -> forms.Field:
    """The form field of a Mailbox field: its label, help, limits and choices in one place."""
    return Mailbox._meta.get_field(name).formfield(**overrides)


class MailboxForm(BootstrapForm):
    """Every setting of a mailbox an admin gives; the password is never sent back to the page."""

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    address = _model_field("address")
    name = _model_field("name")
    is_active = _model_field("is_active")
    unknown_senders = _model_field("unknown_senders")
    sender_limit_per_hour = _model_field("sender_limit_per_hour", min_value=1, max_value=10_000)
    tagged_reply_address = _model_field("tagged_reply_address")
    imap_host = _model_field("imap_host", help_text=_("Empty: mail arrives by SMTP or the mail gate."))
    imap_port = _model_field("imap_port", min_value=1, max_value=65535)
    imap_security = _model_field("imap_security")
    imap_username = _model_field("imap_username")
    imap_password = forms.CharField(
        label=_("IMAP password"),
        required=False,
        max_length=255,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    imap_folder = _model_field("imap_folder")
    imap_processed_folder = _model_field("imap_processed_folder")

    GENERAL = (
        *("organisation", "address", "name", "is_active"),
        *("unknown_senders", "sender_limit_per_hour", "tagged_reply_address"),
    )
    IMAP = (*configuration.IMAP_SETTINGS, "imap_processed_folder")

    def __init__(self, *args, organisations, password_stored=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if password_stored:
            self.fields["imap_password"].help_text = _("A password is stored. Leave this empty to keep it.")

    def general_fields(self):
        return [self[name] for name in self.GENERAL]

    def imap_fields(self):
        return [self[name] for name in self.IMAP]


def _initial(mailbox: Mailbox | None) -> dict:
    """A mailbox's settings as the form shows them (a new one starts from the model's defaults)."""
    if mailbox is None:
        return {}
    names = [name for name in MailboxForm.base_fields if name not in ("organisation", "imap_password")]
    return {name: getattr(mailbox, name) for name in names} | {"organisation": mailbox.organisation_id}


@admin_page
def mailbox_list(request):
    mailboxes = mailboxes_with_recent_mail(request.user, timezone.now() - RECENT).order_by(
        "organisation__name", "address"
    )
    return render(request, "web/administration/mailboxes_list.html", {"mailboxes": mailboxes})


@admin_page
def mailbox_new(request):
    return _edit(request, None)


@admin_page
def mailbox_edit(request, pk):
    mailbox = visible_mailboxes(request.user).filter(pk=pk).first()
    if mailbox is None:
        raise Http404
    return _edit(request, mailbox)


def _edit(request, mailbox: Mailbox | None):
    """The form of a new or existing mailbox; its "test the connection" button posts the same form
    with action=check (through htmx, which shows only the answer; without script, the whole page)."""
    form = MailboxForm(
        request.POST or None,
        initial=_initial(mailbox),
        organisations=visible_organisations(request.user).order_by("name"),
        password_stored=bool(mailbox and mailbox.imap_password),
    )
    check = None
    if request.method == "POST" and request.POST.get("action") == "check":
        check = _check_connection(request, form, mailbox)
        if request.htmx:
            return render(request, "web/administration/mailboxes_connection.html", {"check": check})
    elif request.method == "POST" and form.is_valid() and _save(request, form, mailbox):
        return redirect("mailboxes")
    context = {"mailbox": mailbox, "form": form, "check": check}
    return render(request, "web/administration/mailboxes_form.html", context)


def _check_connection(request, form: MailboxForm, mailbox: Mailbox | None) -> configuration.ConnectionCheck:
    form.is_valid()
    wrong = [form[name].label for name in configuration.IMAP_SETTINGS if name in form.errors]
    if wrong:
        return configuration.ConnectionCheck(
            False,
            _("Correct these IMAP settings first: %(fields)s.") % {"fields": ", ".join(map(str, wrong))},
        )
    settings = {name: form.cleaned_data.get(name) for name in configuration.IMAP_SETTINGS}
    return configuration.check_imap_connection(request.user, settings, mailbox)


def _save(request, form: MailboxForm, mailbox: Mailbox | None) -> bool:
    """Save through the mail configuration service; its refusals land on the form's fields (those
    naming a setting the form lacks, above the form)."""
    if mailbox is None:
        return bool(
            attempt(request, lambda: configuration.create_mailbox(request.user, **form.cleaned_data), form)
        )
    return bool(
        attempt(request, lambda: configuration.update_mailbox(request.user, mailbox, form.cleaned_data), form)
    )


urlpatterns = [
    path("mailboxes/", mailbox_list, name="mailboxes"),
    path("mailboxes/new/", mailbox_new, name="mailbox-new"),
    path("mailboxes/<int:pk>/", mailbox_edit, name="mailbox"),
]
