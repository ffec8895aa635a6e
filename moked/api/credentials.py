"""Who an API key belongs to, remembered between requests: a request with a known key reads no
table to learn its person and the organisations they serve.

The cache is shared by every process that serves the API (Redis with REDIS_URL, else files under
MOKED_DATA_DIR: a local-memory cache could not be told in one process that a key was revoked in
another). An entry is removed when its token is saved or deleted (revoked), when its person is
saved (deactivated, another role or organisation) or deleted, and when the organisations they serve
change; changes made around the ORM (SQL by hand, `QuerySet.update`) are picked up within
ENTRY_SECONDS.
"""

from datetime import datetime

from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from moked.people.access import served_organisation_ids
from moked.people.models import Person

from .models import ApiToken

CACHE = "credentials"
ENTRY_SECONDS = 300
# What a request needs of its person: everything but the password, which stays out of the cache
# (the instance has it deferred, so saving it never writes over the password).
_FIELDS = tuple(f.attname for f in Person._meta.concrete_fields if f.attname != "password")


def _key(key_hash: str) -> str:
    return f"api-token:{key_hash}"


def remembered(key_hash: str) -> tuple[int, datetime | None, Person] | None:
    """(token id, last used, person) for a key seen before, or None."""
    entry = caches[CACHE].get(_key(key_hash))
    if entry is None:
        return None
    token_id, last_used_at, values, served = entry
    person = Person.from_db("default", _FIELDS, values)
    if served is not None:
        person._served_organisation_ids = frozenset(served)
    return token_id, last_used_at, person


def remember(token: ApiToken) -> None:
    person = token.person
    served = served_organisation_ids(person)
    values = tuple(getattr(person, name) for name in _FIELDS)
    entry = (token.pk, token.last_used_at, values, None if served is None else sorted(served))
    caches[CACHE].set(_key(token.key_hash), entry, ENTRY_SECONDS)


def forget(key_hashes) -> None:
    """Remove the entries of these keys, now and once the transaction that changes them commits
    (a request between the two would otherwise remember what is about to change)."""
    keys = [_key(key_hash) for key_hash in key_hashes]
    if not keys:
        return
    caches[CACHE].delete_many(keys)
    transaction.on_commit(lambda: caches[CACHE].delete_many(keys))


def _forget_person(person_id) -> None:
    forget(ApiToken.objects.filter(person_id=person_id).values_list("key_hash", flat=True))


def _token_changed(sender, instance, **kwargs):
    forget([instance.key_hash])


def _person_changed(sender, instance, **kwargs):
    _forget_person(instance.pk)


def _organisations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        _forget_person(instance.pk)
    elif pk_set is not None:  # an organisation's staff changed from its side
        forget(ApiToken.objects.filter(person_id__in=pk_set).values_list("key_hash", flat=True))
    else:  # cleared from the organisation's side: whoever served it
        forget(
            ApiToken.objects.filter(person__role__in=("agent", "team_lead")).values_list(
                "key_hash", flat=True
            )
        )


def connect() -> None:
    post_save.connect(_token_changed, sender=ApiToken, dispatch_uid="credentials-token-saved")
    post_delete.connect(_token_changed, sender=ApiToken, dispatch_uid="credentials-token-deleted")
    post_save.connect(_person_changed, sender=Person, dispatch_uid="credentials-person-saved")
    post_delete.connect(_person_changed, sender=Person, dispatch_uid="credentials-person-deleted")
    m2m_changed.connect(
        _organisations_changed, sender=Person.organisations.through, dispatch_uid="credentials-organisations"
    )
