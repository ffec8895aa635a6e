"""Sign-in through allauth: accounts are made by the provider (or by e-mail intake), never by
signing up."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from django.conf import settings
from django.utils import translation

from .languages import language_of, speak_to


class ClosedSignupAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Account mail (the password reset link) in the person's language, through Moked's outbox:
        stored, then sent and retried by the worker like every other message."""
        from moked.mail import outbound

        person = context.get("user")
        language = (language_of(person) if person is not None else None) or translation.get_language()
        with translation.override(language):
            message = self.render_mail(
                template_prefix, email, {**context, "provider_name": settings.MOKED_PROVIDER_NAME}
            )
        html = next((body for body, kind in getattr(message, "alternatives", []) if kind == "text/html"), "")
        outbound.queue_account_mail(email, message.subject, message.body, html)

    def format_email_subject(self, subject: str) -> str:
        return subject  # the provider's name is in the subject's own words

    def login(self, request, user) -> None:
        """Sign in, and speak the person's language at once: the page was in the browser's."""
        super().login(request, user)
        speak_to(request, user)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """Not in the first minutes after signing in: the password (and code) just given prove as
        much as giving them again, so someone sent to set up two-factor sign-in is not asked twice."""
        request = context.request
        if request is not None and request.user.is_authenticated:
            records = get_authentication_records(request, request.user)
            if records and time.time() - records[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT:
                return False
        return super().is_reauthentication_required(app=app, **kwargs)
