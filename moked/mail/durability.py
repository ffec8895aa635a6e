"""Keeping an accepted message on disk before anyone is told it was taken.

The IMAP server deletes (moves) a message, and an SMTP client forgets one, once Moked says it has
it. So the raw bytes are written to a temporary file, flushed to the disk (fsync), renamed into
place and the directory flushed as well (a rename lives in its directory), and the record that
points to them is committed durably, before that. A crash at any point leaves either no file
under the message's name or the whole of it; a partial file left by an older version is written
again.

An import of .eml files skips the flushing (about 10 ms a message on a virtual disk): its files
stay where they are, and running it again after a crash takes up what was lost.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import uuid
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection


def keep(name: str, raw: bytes, *, sync: bool = True) -> str:
    """Write `raw` under `name` in the default storage, whole or not at all, and with `sync` on the
    disk before this returns; returns the stored name. Bytes already there whole (the same message
    again) are left as they are."""
    try:
        target = Path(default_storage.path(name))
    except NotImplementedError:  # a storage without local files (an object store) keeps its own promises
        return name if default_storage.exists(name) else default_storage.save(name, ContentFile(raw))
    if _holds(target, raw):
        return name
    created = _make_directories(target.parent)
    temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(temporary, "wb") as file:
            file.write(raw)
            file.flush()
            if sync:
                os.fsync(file.fileno())
        if default_storage.file_permissions_mode is not None:
            os.chmod(temporary, default_storage.file_permissions_mode)
        os.replace(temporary, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    for directory in [target.parent, *created] if sync else []:
        _fsync_directory(directory)
    return name


def _holds(target: Path, raw: bytes) -> bool:
    try:
        if target.stat().st_size != len(raw):
            return False
        return hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(raw).digest()
    except FileNotFoundError:
        return False


def _make_directories(directory: Path) -> list[Path]:
    """Create `directory` and its missing parents; returns the parents of those created, whose
    entries (the new directories) must reach the disk too."""
    missing = []
    while not directory.exists():
        missing.append(directory)
        directory = directory.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):  # another process made it a moment before
            path.mkdir()
            if default_storage.directory_permissions_mode is not None:
                os.chmod(path, default_storage.directory_permissions_mode)
    return [path.parent for path in missing]


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def durable_commit(sync: bool = True):
    """Inside, a commit reaches the disk before it returns. PostgreSQL does so by default; SQLite
    in WAL mode with synchronous=NORMAL (Moked's setting, fast for everything else) may lose the
    last commits to a power cut, so it syncs fully for this one."""
    if not sync or connection.vendor != "sqlite" or connection.in_atomic_block:  # or an outer one commits
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        previous = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA synchronous=FULL")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous={previous:d}")
