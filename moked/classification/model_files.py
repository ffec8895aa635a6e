"""Keeping trained models as files in Django's storage, and loading each once per process.

A model is written with joblib (scikit-learn's own format) as a new file whose SHA-256 is kept in
its `ClassifierModel` row; it is read back only when the digest matches, so that a file cut
short, damaged or replaced behind Moked's back gives no suggestion instead of an error or a
wrong one. Only the worker writes these files, into storage no request can write to: reading a
pickle is safe only for that reason.

Each process keeps the models it has loaded (the few most recently used), keyed by their file
and its digest: a new model is a new file, so the next prediction loads it and the old one is
forgotten in time.
"""

import hashlib
import io
import logging
import threading
from collections import OrderedDict

import joblib
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .field_models import FieldModels

logger = logging.getLogger(__name__)

DIRECTORY = "classification"
# Loaded models a process keeps; one per organisation served busily, plus the provider-wide one.
KEEP_LOADED = 32

_loaded: OrderedDict[tuple[str, str], FieldModels | None] = OrderedDict()
_lock = threading.Lock()


def save(models: FieldModels, owner: str) -> tuple[str, str, int]:
    """Write `models` as a new file; returns its name, SHA-256 and size."""
    buffer = io.BytesIO()
    joblib.dump(models, buffer)
    content = buffer.getvalue()
    digest = hashlib.sha256(content).hexdigest()
    name = default_storage.save(f"{DIRECTORY}/{owner}-{digest[:16]}.joblib", ContentFile(content))
    return name, digest, len(content)


def delete(name: str) -> None:
    if name and default_storage.exists(name):
        default_storage.delete(name)


def load(name: str, sha256: str) -> FieldModels | None:
    """The models of the file `name`, read once per process; None when the file is missing or not
    the one written (logged once)."""
    key = (name, sha256)
    with _lock:
        if key in _loaded:
            _loaded.move_to_end(key)
            return _loaded[key]
    models = _read(name, sha256)
    with _lock:
        _loaded[key] = models
        while len(_loaded) > KEEP_LOADED:
            _loaded.popitem(last=False)
    return models


def forget_loaded() -> None:
    """Forget every model this process loaded (tests; a process that must read afresh)."""
    with _lock:
        _loaded.clear()


def _read(name: str, sha256: str) -> FieldModels | None:
    try:
        with default_storage.open(name, "rb") as stored:
            content = stored.read()
    except OSError:
        logger.warning("Classification model %s is missing: no suggestions from it", name)
        return None
    if hashlib.sha256(content).hexdigest() != sha256:
        logger.warning("Classification model %s is not the file written: no suggestions from it", name)
        return None
    try:
        models = joblib.load(io.BytesIO(content))
    except Exception:  # a file of an older scikit-learn, or any other reason it cannot be read
        logger.exception("Classification model %s cannot be read: no suggestions from it", name)
        return None
    if not isinstance(models, FieldModels):
        logger.warning("Classification model %s holds no models: no suggestions from it", name)
        return None
    return models
