"""Checking and storing uploaded files: size and type limits (per file, and per message together),
content hash, Django's storage API."""

import hashlib
import mimetypes
from contextlib import contextmanager
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .models import Attachment

# Types a browser would run or render as a page; never served back with them.
_ACTIVE_CONTENT_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "image/svg+xml",
    "application/javascript",
    "text/javascript",
)


def extension_of(filename: str) -> str:
    return PurePath(filename).suffix.lower().lstrip(".")


def check_upload(upload) -> None:
    """Refuse a file that is empty, too large or of a type not allowed (by extension)."""
    name = PurePath(upload.name or "").name
    limit = settings.MOKED_ATTACHMENT_MAX_BYTES
    if not name:
        raise ValidationError({"file": ValidationError(_("The file has no name."), code="invalid")})
    if upload.size == 0:
        raise ValidationError(
            {"file": ValidationError(_("The file “%(name)s” is empty."), code="empty", params={"name": name})}
        )
    if upload.size > limit:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("The file “%(name)s” is %(size)s; files may be at most %(limit)s."),
                    code="too_large",
                    params={
                        "name": name,
                        "size": filesizeformat(upload.size),
                        "limit": filesizeformat(limit),
                    },
                )
            }
        )
    allowed = {ext.lower() for ext in settings.MOKED_ATTACHMENT_EXTENSIONS}
    if extension_of(name) not in allowed:
        raise ValidationError(
            {
                "file": ValidationError(
                    _("Files of type “.%(ext)s” are not accepted. Accepted types: %(allowed)s."),
                    code="type_not_allowed",
                    params={"ext": extension_of(name) or "?", "allowed": ", ".join(sorted(allowed))},
                )
            }
        )


def check_uploads(uploads) -> None:
    """Refuse the files of one message unless each passes check_upload and together they are at
    most MOKED_ATTACHMENTS_PER_COMMENT files of MOKED_ATTACHMENTS_TOTAL_BYTES."""
    uploads = list(uploads)
    for upload in uploads:
        check_upload(upload)
    refusal = quota_refusal(len(uploads), sum(upload.size for upload in uploads))
    if refusal is not None:
        raise ValidationError({"files": refusal})


def quota_refusal(count: int, total: int) -> ValidationError | None:
    """Why `count` files of `total` bytes are too many for one message, or None."""
    most, most_bytes = settings.MOKED_ATTACHMENTS_PER_COMMENT, settings.MOKED_ATTACHMENTS_TOTAL_BYTES
    if count > most:
        return ValidationError(
            _("A message carries at most %(most)d files; this one has %(count)d."),
            code="too_many_files",
            params={"most": most, "count": count},
        )
    if total > most_bytes:
        return ValidationError(
            _("The files of a message come to at most %(limit)s together; these are %(size)s."),
            code="too_large_together",
            params={"limit": filesizeformat(most_bytes), "size": filesizeformat(total)},
        )
    return None


def stored_content_type(filename: str) -> str:
    """The type the file is served with: guessed from its (allowed) extension, never active content."""
    guessed = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    return "application/octet-stream" if guessed in _ACTIVE_CONTENT_TYPES else guessed


def store_attachment(ticket, upload, *, actor, public: bool, comment, at) -> Attachment:
    """Save a checked upload through the default storage and record it; the caller holds the transaction.

    An upload may carry a `content_id`: an image shown inside an e-mail (cid:) rather than beside it.
    """
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = PurePath(upload.name).name
    attachment = Attachment(
        ticket=ticket,
        comment=comment,
        filename=name[:255],
        content_type=stored_content_type(name),
        size=upload.size,
        sha256=digest.hexdigest(),
        content_id=getattr(upload, "content_id", "")[:255],
        is_public=public,
        uploaded_by=actor,
        created_at=at,
    )
    attachment.file.save(name, upload, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@contextmanager
def attachments_kept_on_success():
    """Collects the attachments stored inside; when the block fails, their files are deleted
    again (the database rows go with the transaction, the files would stay behind)."""
    stored: list[Attachment] = []
    try:
        yield stored
    except BaseException:
        for attachment in stored:
            attachment.file.delete(save=False)
        raise
