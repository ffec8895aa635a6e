"""Sign-in through allauth: accounts are made by the provider (or by e-mail intake), never by
signing up. Failed sign-ins are counted per account and client address, in the shared cache."""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.core.internal import ratelimit
from django.conf import settings
from django.db.models import Q
from django.utils import translation

from moked.people.models import Person

from ..common.client_address import client_address
from ..common.languages import language_of, speak_to

# The counters of sign-ins that did not succeed (rates in settings.ACCOUNT_RATE_LIMITS): one
# account from one address, one address for any account, one account from any address. Counting
# by the client's address, never the proxy's, keeps one person's mistakes from refusing everyone.
FAILURE_COUNTERS = ("login_failed_account_address", "login_failed_address", "login_failed_account")


class ClosedSignupAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request) -> str:
        """The client's address behind MOKED_TRUSTED_PROXIES reverse proxies (every rate limit
        of allauth counts by it)."""
        meta = request.META
        address = client_address(
            meta.get("REMOTE_ADDR", ""), meta.get("HTTP_X_FORWARDED_FOR", ""), settings.MOKED_TRUSTED_PROXIES
        )
        return address or "unknown"

    def pre_authenticate(self, request, **credentials) -> None:
        """Count this attempt on every failure counter first (so that attempts sent at once are
        all counted), refusing it when one is full; a right password gives it back (authenticate)."""
        account = _account_key(credentials)
        keys = {
            "login_failed_account_address": f"{account}|{self.get_client_ip(request)}",
            "login_failed_address": None,
            "login_failed_account": account,
        }
        counted = ratelimit.RateLimitUsage(usage=[])
        for action in FAILURE_COUNTERS:
            usage = ratelimit.consume(request, app="allauth.account", action=action, key=keys[action])
            if usage is None:
                counted.rollback()
                raise self.validation_error("too_many_login_attempts")
            counted.usage.extend(usage.usage)
        self._counted_attempt = counted

    def authenticate(self, request, **credentials):
        person = super().authenticate(request, **credentials)
        if person is not None:
            self._counted_attempt.rollback()
        return person

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


def _account_key(credentials: dict) -> str:
    """One key per account, whether it is named by user name or e-mail address (and one per
    unknown login, which is counted all the same)."""
    login = str(credentials.get("username") or credentials.get("email") or "").strip().lower()
    found = (
        Person.objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return f"person:{found}" if found is not None else f"login:{login}"
