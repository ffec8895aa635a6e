"""A known error's symptom, cause and workaround, kept in its Markdown body as sections headed in
the variant's own language (`## Symptom`, `## Oire`...), so that readers, search and the import
see one ordinary Markdown text."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

SECTIONS = ("symptom", "cause", "workaround")
HEADINGS = {"symptom": _("Symptom"), "cause": _("Cause"), "workaround": _("Workaround")}
_MARK = "## "


def heading(name: str, language: str) -> str:
    with translation.override(language):
        return str(HEADINGS[name])


def join(language: str, parts: dict[str, str]) -> str:
    """The body holding each section that has text, in order, headed in `language`."""
    return "\n\n".join(
        f"{_MARK}{heading(name, language)}\n\n{parts[name].strip()}"
        for name in SECTIONS
        if parts.get(name, "").strip()
    )


def _names_by_heading() -> dict[str, str]:
    """Each section's heading in every language Moked speaks, folded, to its name: a body written
    under one language's headings still splits after being copied into another's variant."""
    return {
        heading(name, language).casefold(): name
        for language, _label in settings.LANGUAGES
        for name in SECTIONS
    }


def split(body: str) -> dict[str, str] | None:
    """The sections of a body `join` wrote, each name to its text (every name present, empty when
    missing); None when the body holds anything else (text before the first section, a section
    twice, another heading), which is then edited as a whole."""
    names = _names_by_heading()
    parts: dict[str, list[str]] = {}
    current: str | None = None
    for line in body.splitlines():
        if line.startswith(_MARK):
            name = names.get(line[len(_MARK) :].strip().casefold())
            if name is None or name in parts:
                return None
            current = name
            parts[current] = []
        elif current is None:
            if line.strip():
                return None
        else:
            parts[current].append(line)
    return {name: "\n".join(parts.get(name, [])).strip() for name in SECTIONS}
