"""Importing articles from another knowledge base: one variant per JSON line, all or nothing.

A line whose `translation_of` is empty is an article's source variant, keyed by its `key`; a
line naming another line's key in `translation_of` is that article's variant in its language.
Importing the same file again changes nothing. A file with bad lines keeps nothing, and every bad
line (up to `MAX_REPORTED`) is named with its number and what is wrong with it.
"""

import json
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from moked.nul_characters import holds_nul
from moked.people.permissions import require
from moked.tenancy.models import Organisation

from . import services
from .models import Article, ArticleEvent

LANGUAGES = {code for code, _name in settings.LANGUAGES}
# A file of bad lines is reported up to this many; the rest is not read.
MAX_REPORTED = 100


class ImportRefused(ValidationError):
    """The file had bad lines: `lines` holds each one's number and what is wrong with it; the
    messages say the same as "Line N: ...", in order."""

    def __init__(self, lines: list[tuple[int, str]]):
        self.lines = lines
        super().__init__(
            [_("Line %(number)d: %(error)s") % {"number": number, "error": error} for number, error in lines]
        )


def import_articles(actor, lines: Iterable[str | bytes]) -> int:
    """Import every line or none; returns how many lines changed something. `actor` None is the
    command line, run with the server's own rights. Lines may be bytes (UTF-8, a byte order mark
    allowed on the first). Bad lines raise ImportRefused, naming each."""
    if actor is not None:
        require(actor, "knowledge.import", message=_("Only admins import articles."))
    changed = 0
    refused: list[tuple[int, str]] = []
    with transaction.atomic():
        for number, line in enumerate(lines, start=1):
            try:
                text = _decoded(line, first=number == 1)
                if not text.strip():
                    continue
                # A savepoint per line: a bad line leaves nothing half-written behind it while the
                # rest of the file is still read for its own errors.
                with transaction.atomic():
                    changed += _import_line(actor, _parse(text))
            except ValidationError as error:
                refused.append((number, " ".join(error.messages)))
                if len(refused) == MAX_REPORTED:
                    break
        if refused:
            raise ImportRefused(refused)
    return changed


def _decoded(line: str | bytes, first: bool) -> str:
    if isinstance(line, str):
        return line.removeprefix("\ufeff") if first else line
    try:
        return line.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError:
        raise ValidationError(_("not UTF-8 text.")) from None


def _parse(line: str) -> dict:
    try:
        record = json.loads(line)
    except ValueError:
        record = None
    if not isinstance(record, dict):
        raise ValidationError(_("not a JSON object."))
    if holds_nul(record):  # PostgreSQL stores no NUL character, and no reader wants one
        raise ValidationError(_("a text holds a NUL character."))
    for field in ("key", "language", "title"):
        if not isinstance(record.get(field), str) or not record[field].strip():
            raise ValidationError(_("“%(field)s” is missing.") % {"field": field})
    if record["language"] not in LANGUAGES:
        raise ValidationError(_("unknown language “%(value)s”.") % {"value": record["language"]})
    kind = str(record.get("kind") or Article.Kind.HOW_TO).lower().replace("-", "_").replace(" ", "_")
    state = str(record.get("state") or Article.State.PUBLISHED).lower().replace(" ", "_")
    for value, choices in ((kind, Article.Kind), (state, Article.State)):
        if value not in choices.values:
            raise ValidationError(_("unknown value “%(value)s”.") % {"value": value})
    tags = record.get("tags") or []
    if isinstance(tags, str):
        tags = [tag.strip() for tag in tags.split(",") if tag.strip()]
    return {
        "key": record["key"].strip(),
        "language": record["language"],
        "title": record["title"].strip(),
        "body": str(record.get("body") or ""),
        "kind": kind,
        "state": state,
        "tags": [str(tag) for tag in tags],
        "organisation": _organisation(str(record.get("organisation") or "").strip()),
        "translation_of": str(record.get("translation_of") or "").strip(),
    }


def _organisation(code: str) -> Organisation | None:
    if not code:
        return None
    organisation = Organisation.objects.filter(code__iexact=code).first()
    if organisation is None:
        raise ValidationError(_("unknown organisation “%(value)s”.") % {"value": code})
    return organisation


def _import_line(actor, record: dict) -> int:
    if record["translation_of"]:
        article = Article.objects.filter(key=record["translation_of"]).first()
        if article is None:
            raise ValidationError(_("unknown article “%(value)s”.") % {"value": record["translation_of"]})
        if article.source_language == record["language"]:
            raise ValidationError(_("a translation needs a language other than its source's."))
        return _import_text(actor, article, record)
    article = Article.objects.filter(key=record["key"]).first()
    if article is None:
        article = Article(
            key=record["key"],
            source_language=record["language"],
            kind=record["kind"],
            tags=record["tags"],
            organisation=record["organisation"],
            state=record["state"],
            owner=actor,
        )
        article.full_clean()
        article.save()
        services.write_text(actor, article, record["language"], record["title"], record["body"])
        services.record(actor, article, ArticleEvent.Action.IMPORTED, article.variants.get())
        return 1
    if article.source_language != record["language"]:
        raise ValidationError(
            _("the article “%(value)s” is written in another language.") % {"value": article.key}
        )
    fields = {name: record[name] for name in ("kind", "tags", "organisation", "state")}
    changed_fields = [name for name, value in fields.items() if getattr(article, name) != value]
    for name in changed_fields:
        setattr(article, name, fields[name])
    if changed_fields:
        article.full_clean()
        article.save()
    return _import_text(actor, article, record, fields_changed=bool(changed_fields))


def _import_text(actor, article: Article, record: dict, fields_changed: bool = False) -> int:
    text_changed = services.write_text(actor, article, record["language"], record["title"], record["body"])
    if not (text_changed or fields_changed):
        return 0
    variant = article.variants.get(language=record["language"])
    services.record(actor, article, ArticleEvent.Action.IMPORTED, variant)
    return 1
