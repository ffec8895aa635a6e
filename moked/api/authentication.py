"""`Authorization: Token <key>` authentication against hashed API tokens."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models import ApiToken, hash_key

# Recording every use would turn each read into a write; once an hour says enough.
LAST_USED_PRECISION = timedelta(hours=1)


class ApiTokenAuthentication(TokenAuthentication):
    keyword = "Token"
    model = ApiToken

    def authenticate_credentials(self, key):
        try:
            token = ApiToken.objects.select_related("person").get(key_hash=hash_key(key))
        except ApiToken.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not token.person.is_active:
            raise exceptions.AuthenticationFailed(_("This account is disabled."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.person, token
