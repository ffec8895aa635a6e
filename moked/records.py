"""Saving plain configuration records (organisations, people, groups, services, categories).

Tickets have their own services with events; these records are changed by admins, validated by
their model, and saved under a row lock so that two admins' edits apply one after the other.
"""

from django.db import models, transaction


def save_new(model: type[models.Model], fields: dict) -> models.Model:
    """Create a record after the model's full validation; raises ValidationError and writes nothing."""
    record = model(**fields)
    record.full_clean()
    record.save()
    return record


def save_changes(record: models.Model, changes: dict, *, before_save=None, after_save=None) -> models.Model:
    """Apply `changes` to the freshly locked record, validate and save it; returns it as saved.

    `before_save(record)` may adjust it (a password, say); `after_save(record)` may write what
    hangs off it (many-to-many links), inside the same transaction.
    """
    with transaction.atomic():
        record = type(record).objects.select_for_update().get(pk=record.pk)
        for field, value in changes.items():
            setattr(record, field, value)
        if before_save:
            before_save(record)
        record.full_clean()
        record.save()
        if after_save:
            after_save(record)
    return record
