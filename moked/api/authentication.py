"""`Authorization: Token <key>` authentication against hashed API tokens."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from . import credentials
from .models import ApiToken, hash_key

# Recording every use would turn each read into a write; once an hour says enough.
LAST_USED_PRECISION = timedelta(hours=1)


class ApiTokenAuthentication(TokenAuthentication):
    keyword = "Token"
    model = ApiToken

    def authenticate_credentials(self, key):
        key_hash = hash_key(key)
        known = credentials.remembered(key_hash)
        if known is None:
            try:
                token = ApiToken.objects.select_related("person").get(key_hash=key_hash)
            except ApiToken.DoesNotExist:
                raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
            credentials.remember(token)
            token_id, last_used_at, person = token.pk, token.last_used_at, token.person
        else:
            token_id, last_used_at, person = known
            token = ApiToken(pk=token_id, person=person, key_hash=key_hash, last_used_at=last_used_at)
        if not person.is_active:
            raise exceptions.AuthenticationFailed(_("This account is disabled."))
        now = timezone.now()
        if last_used_at is None or now - last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
            token.last_used_at = now
            credentials.remember(token)
        return person, token
