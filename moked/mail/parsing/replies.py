"""Quoted history and signatures cut from replies (mail-parser-reply, with Hebrew, Persian and Finnish)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

from mailparser_reply import EmailMessage as _LibraryReplyMessage
from mailparser_reply.constants import QUOTED_MATCH_INCLUDE

_Q = QUOTED_MATCH_INCLUDE


_BIDI = "[\u200e\u200f\u202a-\u202e\u2066-\u2069]*"  # RTL mail clients put direction marks around lines


_FROM_BLOCK = (
    r"((?:(?:^|\n|\n"
    + _Q
    + r")[* \u200e\u200f\u202a-\u202e]*(?:{names}):[ *]*(?:\s{{,2}}).*){{2,}}(?:\n.*){{,1}})"
)


# Patterns in mail-parser-reply's language format (see mailparser_reply.constants.MAIL_LANGUAGES):
# every entry has exactly one capturing group, the text of the header or signature line.
_EXTRA_LANGUAGES: dict[str, dict[str, str | list[str]]] = {
    "en": {
        # The library's closings also match "Thanks, it works now" and cut the rest of the reply;
        # ours must stand alone on their line.
        "signatures": [
            rf"(?:Best regards|Kind regards|Warm regards|Best wishes|Regards|Best|Cheers|Thanks|Thank you"
            rf"|Many thanks|Thanks again|All the best|Sincerely|Yours sincerely)[,.!]?{_BIDI}$"
        ],
    },
    "he": {
        "wrote_header": [
            # Gmail "בתאריך יום ב׳, 3 במרץ 2025 ב-10:15 מאת Dana <dana@x>:", Apple/Outlook
            # "ב-3 במרץ 2025, בשעה 10:15, Dana <dana@x> כתב/ה:", Thunderbird "ב־03/03/2025 10:15, Dana כתב:";
            # possibly wrapped over two lines.
            rf"^({_Q}{_BIDI}(?:בתאריך|ב[־-]?(?=\d|יום))[^\n]*?\d[^\n]*?(?:\n[^\n]*?)?"
            rf"(?:\sכתב(?:/ה|ה)?|\sמאת\s[^\n]+?){_BIDI}:{_BIDI})$",
            rf"^({_Q}{_BIDI}-{{3,}}\s?הודעה מקורית\s?-{{3,}}{_BIDI})$",
        ],
        "from_header": _FROM_BLOCK.format(names="מאת|נשלח|תאריך|אל|עותק|נושא"),
        "signatures": [rf"(?:בברכה|בברכה רבה|בתודה|תודה רבה|תודה|בכבוד רב|שלך)[,.!]?{_BIDI}$"],
        "sent_from": r"נשלח מה?-?|נשלח באמצעות",
    },
    "fa": {  # [یي] and [کك]: Farsi letters (Gmail, UTF-8) or their Arabic twins (windows-1256 mail)
        "wrote_header": [
            # Gmail "در تاریخ دوشنبه ۳ مارس ۲۰۲۵ ساعت ۱۰:۱۵ Dana <dana@x> نوشت:", possibly wrapped.
            rf"^({_Q}{_BIDI}در(?:\s+تار[یي]خ)?\s[^\n]*?\d[^\n]*?(?:\n[^\n]*?)?"
            rf"\sنوشت(?:ه(?: است)?)?\s?{_BIDI}:{_BIDI})$",
            rf"^({_Q}{_BIDI}-{{3,}}\s?پ[یي]ام اصل[یي]\s?-{{3,}}{_BIDI})$",
        ],
        "from_header": _FROM_BLOCK.format(
            names="از|فرستنده|ارسال شده|ارسال|تار[یي]خ|به|گ[یي]رنده|رونوشت|موضوع"
        ),
        "signatures": [rf"(?:با تش[کك]ر|با سپاس|سپاس|ممنون|با احترام|ارادتمند(?: شما)?)[,.!،]?{_BIDI}$"],
        "sent_from": r"ارسال شده از|ارسال‌شده از",
    },
    "fi": {
        "wrote_header": [
            # Gmail "ma 3. maalisk. 2025 klo 10.15 Dana <dana@x> kirjoitti:", Apple
            # "3.3.2025 kello 10.15, Dana <dana@x> kirjoitti:", Outlook/Thunderbird
            # "Dana <dana@x> kirjoitti 3.3.2025 klo 10.15:"; the first two possibly wrapped.
            rf"^({_Q}(?:(?:(?:ma|ti|ke|to|pe|la|su)\.?\s+)?\d[^\n]*?(?:\n[^\n]*?)?\skirjoitti"
            rf"|[^\n]+?\skirjoitti\s[^\n]*?\d[^\n]*?)\s?:)$",
            rf"^({_Q}-{{3,}}\s?Alkuperäinen viesti\s?-{{3,}})$",
        ],
        "from_header": _FROM_BLOCK.format(
            names="Lähettäjä|Lähetetty|Vastaanottaja|Kopio|Aihe|Päivämäärä|Päiväys"
        ),
        "signatures": [
            r"(?:Ystävällisin terveisin|Ystävällisesti|Parhain terveisin|Terveisin|Kiitos"
            r"|Yst\. terv\.|t\.)[,.!]?$"
        ],
        "sent_from": r"Lähetetty(?: \w+-)?|Hanki Outlook",
    },
}


_REPLY_LANGUAGES = ["en", "he", "fa", "fi", "sv", "de"]


@dataclass
class _ReplyPatterns(_LibraryReplyMessage):  # type: ignore[misc]  # the library publishes no types
    """mail-parser-reply's message, reading language patterns from `_EXTRA_LANGUAGES` before its own
    table. Only its compiled HEADER_REGEX and SIGNATURE_REGEX are used (built once): its own
    `read()` strips every line, which would lose the indentation of pasted logs and code."""

    def _get_language_regex(self, language: str, regex_key: str) -> str:
        extra = _EXTRA_LANGUAGES.get(language, {}).get(regex_key)
        if extra is not None:
            return "|".join(extra) if isinstance(extra, list) else extra
        return cast(str, super()._get_language_regex(language, regex_key))


_REPLY_PATTERNS = _ReplyPatterns(text="", languages=list(_REPLY_LANGUAGES), keep_hyphen_lists=True)


# The library searches with these at every character; on trimmed lines they can only match at a line
# start (signatures also at the newline before one), so we try only there: same matches, ~10x faster.
_QUOTE_HEADER = _REPLY_PATTERNS.HEADER_REGEX


_SIGNATURE_AT_LINE = re.compile(
    r"\n?(?:" + _REPLY_PATTERNS.SIGNATURE_REGEX.pattern + ")", _REPLY_PATTERNS.SIGNATURE_REGEX.flags
)


# Left at the end of a reply once history is cut: blank lines, quotes, rules, "--- Forwarded message ---".
_TRAILING_NOISE = re.compile(r"^(?:\s*|\s*>.*|\s*[_=\-]{5,}\s*|\s*-{2,}[^\n]*-{2,}\s*)$")


def strip_quoted_text(text: str) -> str:
    """`text` without quoted history ("On … wrote:", Outlook header blocks, "-----Original
    Message-----", in English, Hebrew, Persian, Finnish, Swedish, German), the signature ("-- ",
    closings, "Sent from my …") and trailing ">" quotes. A reply written below the quotes (the
    history header is the first line) keeps its unquoted lines. Lines keep their indentation.
    Returns `text` unchanged when nothing would be left."""
    reply = _text_before_history(_TrimmedLines(text))
    if not reply.strip():
        reply = _text_before_history(_TrimmedLines(_unquoted_after_first_header(_TrimmedLines(text))))
    return reply if reply.strip() else text


class _TrimmedLines:
    """A text's lines and a copy with every line trimmed, as the library's patterns expect.
    Trimming keeps line numbers, so a match in the copy maps back to lines of the original."""

    def __init__(self, text: str):
        self.lines = text.split("\n")
        self.trimmed_lines = [line.strip() for line in self.lines]
        self.trimmed = "\n".join(self.trimmed_lines)
        self.starts = [0]
        for line in self.trimmed_lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)

    def line_at(self, position: int) -> int:
        """How many lines lie before `position`, counting a line cut in its middle as before it."""
        lines = self.trimmed.count("\n", 0, position)
        return lines if position == 0 or self.trimmed[position - 1] == "\n" else lines + 1

    def first_history_header(self) -> tuple[int, int] | None:
        """(start, end) of the first quote header, located by its captured text as the library does.
        Every header the patterns know has a colon on its (last) line or is a dashed separator, so
        only such lines and the line before them (a header wrapped over two lines) are tried."""
        for index in self._header_candidates():
            match = _QUOTE_HEADER.match(self.trimmed, self.starts[index])
            if match:
                group = next((g for g in range(1, (match.lastindex or 0) + 1) if match.group(g)), 0)
                return match.start(group), match.end(group)
        return None

    def _header_candidates(self) -> list[int]:
        candidates: set[int] = set()
        for index, line in enumerate(self.trimmed_lines):
            if ":" in line or line.lstrip("> ").startswith("-"):
                candidates.update((index - 1, index) if index else (index,))
        return sorted(candidates)

    def first_signature(self, end: int) -> int | None:
        """Start of the first signature line before `end`."""
        for start in self.starts:
            if start >= end:
                break
            match = _SIGNATURE_AT_LINE.match(self.trimmed, max(start - 1, 0), end)
            if match:
                return match.start()
        return None


def _text_before_history(text: _TrimmedLines) -> str:
    header = text.first_history_header()
    cut = header[0] if header else len(text.trimmed)
    signature = text.first_signature(cut)
    if signature is not None:
        cut = signature
    kept = text.lines[: text.line_at(cut)]
    while kept and _TRAILING_NOISE.match(kept[-1]):
        kept.pop()
    return "\n".join(kept).strip("\n").rstrip()


def _unquoted_after_first_header(text: _TrimmedLines) -> str:
    header = text.first_history_header()
    if not header:
        return ""
    after = text.lines[text.line_at(header[1]) :]
    return "\n".join(line for line in after if not line.lstrip().startswith(">"))
