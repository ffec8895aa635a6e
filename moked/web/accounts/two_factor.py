"""Two-factor sign-in for the provider's staff: an authenticator app (TOTP) with recovery codes.

allauth.mfa does the work: its pages under /accounts/2fa/ (with Moked's templates in
templates/mfa/) set it up, show the recovery codes and remove it, and its sign-in step asks
whoever has it for a code. Moked adds the rule: a support group may require it of its members and
team leads (`SupportGroup.requires_two_factor`, see moked.people), and then
- `TwoFactorMiddleware` keeps those who have not set it up yet on the set-up page;
- `StaffMFAAdapter` refuses to remove it from someone who must keep it, and keeps the TOTP keys
  and recovery-code seeds encrypted (moked.encryption).
"""

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_htmx.http import HttpResponseClientRedirect

from moked import encryption
from moked.people.models import Person
from moked.people.selectors import two_factor_required

SET_UP = "mfa_activate_totp"
API_PREFIX = "/api/"

# The pages where one manages one's own second factor: offered to the provider's staff only.
MANAGEMENT = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_deactivate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
    }
)
# What someone who still has to set it up may reach: the set-up, with its recovery codes and the
# password (or code) confirmation allauth may ask for first; signing in and out; the health check.
ALWAYS_OPEN = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_reauthenticate",
        "mfa_authenticate",
        "account_reauthenticate",
        "account_login",
        "account_logout",
        "health",
    }
)


def has_authenticator_app(person: Person) -> bool:
    return Authenticator.objects.filter(user_id=person.pk, type=Authenticator.Type.TOTP).exists()


def must_set_up(person: Person) -> bool:
    """Whether `person` must use two-factor sign-in and has no authenticator app yet."""
    return two_factor_required(person) and not has_authenticator_app(person)


def with_authenticator_app(person_ids) -> set[int]:
    """Of these people, the ids of those who have set up an authenticator app (one query)."""
    return set(
        Authenticator.objects.filter(type=Authenticator.Type.TOTP, user_id__in=person_ids).values_list(
            "user_id", flat=True
        )
    )


def _url_name(path: str) -> str | None:
    try:
        return resolve(path).url_name
    except Resolver404:
        return None


def _sends_api_token(request) -> bool:
    words = request.headers.get("Authorization", "").split()
    return bool(words) and words[0].lower() == "token"


class TwoFactorMiddleware:
    """Sends staff who must use two-factor sign-in, and have not set it up, to set it up.

    Until they do, they reach only the ALWAYS_OPEN addresses and static files: a workspace page
    (or Django's admin site) redirects to the set-up, an htmx request makes the browser go there,
    and the API refuses their browser session with 403. The pages that manage a second factor are
    the staff's: anyone else gets 403 there.

    API clients that send `Authorization: Token <key>` are let through. A token is issued to a
    program by an admin (`moked create-token`) and is a credential of its own, which no session
    and no sign-in stands behind, so there is no sign-in step to add a code to; and since the API
    refuses a wrong token outright (without falling back to the session), sending one cannot
    smuggle an unfinished browser session past this check.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Static files first: they need neither the session nor the person.
        if request.path_info.startswith(settings.STATIC_URL) or not request.user.is_authenticated:
            return self.get_response(request)
        name = _url_name(request.path_info)
        if not request.user.is_staff_member:
            if name in MANAGEMENT:
                raise PermissionDenied
            return self.get_response(request)
        if name in ALWAYS_OPEN or _sends_api_token(request) or not must_set_up(request.user):
            return self.get_response(request)
        if request.path_info.startswith(API_PREFIX):
            message = _("Your group requires two-factor sign-in: set it up before using Moked.")
            return JsonResponse({"code": "two_factor_required", "message": message}, status=403)
        if request.htmx:
            return HttpResponseClientRedirect(reverse(SET_UP))
        return redirect(SET_UP)


class StaffMFAAdapter(DefaultMFAAdapter):
    """allauth's MFA with Moked's rule: whoever a group requires it of cannot remove it."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": gettext_lazy(
            "A group you belong to requires two-factor sign-in, so you cannot remove it."
        ),
    }

    def encrypt(self, text: str) -> str:
        """TOTP keys and recovery-code seeds are stored encrypted (moked.encryption)."""
        return encryption.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return encryption.decrypt(encrypted_text)

    def get_totp_issuer(self) -> str:
        """The name the authenticator app shows beside the codes."""
        return settings.MOKED_PROVIDER_NAME

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type != Authenticator.Type.TOTP:
            return True
        return not two_factor_required(authenticator.user)
