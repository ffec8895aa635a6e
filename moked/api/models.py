import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """An API key of a person. Only its SHA-256 is stored: a leaked database does not leak keys."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("What the token is for."))
    prefix = models.CharField(
        _("prefix"), max_length=8, help_text=_("The first characters, to recognise it.")
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.person})"

    @classmethod
    def issue(cls, person, name: str = "") -> tuple["ApiToken", str]:
        """A new token for `person`; returns it with the key, which is shown once and never stored."""
        key = secrets.token_hex(20)
        token = cls.objects.create(person=person, name=name, prefix=key[:8], key_hash=hash_key(key))
        return token, key
