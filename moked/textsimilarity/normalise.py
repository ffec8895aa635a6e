"""Language-aware normalisation of text into comparable terms (pure: no Django).

Every text goes through `normalise` (NFKC, case folding, no Hebrew or Arabic-script diacritics,
one spelling of the Persian letters and digits that have two). `terms` then splits it into words
and adds, per language, the variants that plain word matching would miss: a Hebrew word without
the prefix letters glued to it, a Persian word without its separable prefix or plural suffix.
Inflected and compound Finnish (and any other) words are matched by `char_ngrams` instead, since
their shared stems share most of their character n-grams.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Literal

Script = Literal["hebrew", "arabic", "latin"]

_DELETED = [
    *range(0x0591, 0x05BE),  # Hebrew cantillation marks and niqqud
    0x05BF,
    0x05C1,
    0x05C2,
    0x05C4,
    0x05C5,
    0x05C7,
    0x05F3,  # geresh and gershayim: ג׳ and צה״ל are written with and without them
    0x05F4,
    *range(0x0610, 0x061B),  # Arabic-script honorifics and small high marks
    *range(0x064B, 0x0660),  # harakat: fatha, damma, kasra, tanwin, shadda, sukun, hamza marks
    0x0640,  # tatweel, a stretching stroke with no meaning
    0x0670,  # superscript alef
    *range(0x06D6, 0x06DD),
    *range(0x06DF, 0x06E5),
    0x06E7,
    0x06E8,
    *range(0x06EA, 0x06EE),
    *range(0x08D3, 0x08E2),
    *range(0x08E3, 0x0900),
    # The zero-width non-joiner binds Persian prefixes and suffixes to their word (می‌خواهم); it is
    # often left out (میخواهم) or typed as a space (می خواهم). Dropping it joins the first two;
    # `terms` joins the third.
    0x200C,
]

_REPLACED = {
    "ي": "ی",  # Arabic yeh to Persian yeh
    "ى": "ی",  # alef maksura
    "ې": "ی",
    "ے": "ی",  # yeh barree
    "ك": "ک",  # Arabic kaf to Persian keheh
    "ة": "ه",  # teh marbuta
    "ۀ": "ه",  # heh with hamza above
    "ہ": "ه",  # heh goal
    "أ": "ا",
    "إ": "ا",
    "ٱ": "ا",
    **{chr(0x0660 + digit): str(digit) for digit in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + digit): str(digit) for digit in range(10)},  # Persian digits
}

_TRANSLATION = str.maketrans({**dict.fromkeys(_DELETED), **_REPLACED})

# A quotation mark between two Hebrew letters stands for gershayim (מנכ"ל), not for a quotation.
_HEBREW_ABBREVIATION_MARK = re.compile(r"(?<=[\u05d0-\u05ea])[\"'](?=[\u05d0-\u05ea])")
_WORD = re.compile(r"[^\W_]+")

HEBREW_PREFIX_LETTERS = frozenset("והבלמשכ")
# Up to three glued prefix letters (ו+ש+ב: "and that in"), and only when a real word remains:
# shorter remainders ("שלום" -> "ום") are noise that matches unrelated words.
_HEBREW_MAX_PREFIX = 3
_MIN_REMAINDER = 3

PERSIAN_PREFIXES = ("نمی", "می")
PERSIAN_SUFFIXES = ("هایی", "های", "ها")

_PASSES_TO_SETTLE = 4


def normalise(text: str) -> str:
    """One spelling for what readers take as the same text; `normalise(normalise(t)) == normalise(t)`."""
    for _ in range(_PASSES_TO_SETTLE):
        settled = _normalise_once(text)
        if settled == text:
            break
        text = settled
    return text


def _normalise_once(text: str) -> str:
    # Case folding can undo the NFKC form, and deleting a mark can let its neighbours compose:
    # normalising again after each keeps the result stable.
    text = unicodedata.normalize("NFKC", text).casefold()
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATION)
    text = _HEBREW_ABBREVIATION_MARK.sub("", text)
    return unicodedata.normalize("NFKC", text)


def words(text: str) -> list[str]:
    """The normalised words of a text, in order (letters and digits; everything else separates)."""
    return _WORD.findall(normalise(text))


def terms(text: str, language: str | None = None) -> list[str]:
    """The words of a text and, per language, their variants, in order; never an empty term.

    `language` is a language code ("he", "fa-IR", "fi", "en"); without one it is guessed from the
    script. Finnish, English and other languages get the plain words (see `char_ngrams`).
    """
    code = _language_code(language) or guess_language(text)
    found = words(text)
    if code == "he":
        return [variant for word in found for variant in hebrew_variants(word)]
    if code == "fa":
        return list(_persian_terms(found))
    return found


def hebrew_variants(word: str) -> list[str]:
    """The word, then the word without one, two or three glued prefix letters (ו ה ב ל מ ש כ).

    Final letters stay as written: they only end a word, and stripping prefixes never moves them.
    """
    variants = [word]
    for stripped in range(1, _HEBREW_MAX_PREFIX + 1):
        if word[stripped - 1 : stripped] not in HEBREW_PREFIX_LETTERS:
            break
        if len(word) - stripped < _MIN_REMAINDER:
            break
        variants.append(word[stripped:])
    return variants


def _persian_terms(found: list[str]) -> Iterator[str]:
    for position, word in enumerate(found):
        yield from persian_variants(word)
        following = found[position + 1] if position + 1 < len(found) else None
        if following is not None and (word in PERSIAN_PREFIXES or following in PERSIAN_SUFFIXES):
            # "می خواهم" written with a space: the joined word is what the other spellings give.
            yield word + following


def persian_variants(word: str) -> list[str]:
    """The word, then the word without its verbal prefix (می, نمی) or plural suffix (ها, های)."""
    variants = [word]
    for prefix in PERSIAN_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_REMAINDER:
            variants.append(word[len(prefix) :])
            break
    for suffix in PERSIAN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_REMAINDER:
            variants.append(word[: -len(suffix)])
            break
    return variants


def char_ngrams(text: str, n_min: int = 3, n_max: int = 5) -> list[str]:
    """The character n-grams of each normalised word, its boundaries marked with < and >.

    "salasanan" and "salasana", "sähköpostiosoite" and "sähköposti" share most of theirs. A word
    shorter than `n_min` (with its marks) is kept whole.
    """
    if not 1 <= n_min <= n_max:
        raise ValueError(f"n-gram sizes must satisfy 1 <= n_min <= n_max, not {n_min}, {n_max}")
    grams: list[str] = []
    for word in words(text):
        marked = f"<{word}>"
        if len(marked) < n_min:
            grams.append(marked)
            continue
        for size in range(n_min, min(n_max, len(marked)) + 1):
            grams.extend(marked[start : start + size] for start in range(len(marked) - size + 1))
    return grams


def guess_script(text: str) -> Script | None:
    """The script most of the text's letters are written in, among Hebrew, Arabic and Latin."""
    counts: dict[Script, int] = {"hebrew": 0, "arabic": 0, "latin": 0}
    for character in text:
        script = _script_of(character)
        if script is not None:
            counts[script] += 1
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else None


def guess_language(text: str) -> str | None:
    """A rough guess among he, fa, fi and en for a text of unknown language, from its letters.

    Hebrew script is taken as Hebrew and Arabic script as Persian (Moked's languages). Latin text
    is Finnish when it has ä or ö, English otherwise: both get the same terms, so a wrong guess
    between them changes nothing here.
    """
    script = guess_script(text)
    if script == "hebrew":
        return "he"
    if script == "arabic":
        return "fa"
    if script == "latin":
        folded = text.casefold()
        return "fi" if "ä" in folded or "ö" in folded else "en"
    return None


def _script_of(character: str) -> Script | None:
    code = ord(character)
    if 0x05D0 <= code <= 0x05EA or 0xFB1D <= code <= 0xFB4F:
        return "hebrew"
    if 0x0620 <= code <= 0x064A or 0x066E <= code <= 0x06D3 or 0x06FA <= code <= 0x06FF:
        return "arabic"
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFC:
        return "arabic"
    if character.isalpha() and (code < 0x0250 or 0x1E00 <= code <= 0x1EFF):
        return "latin"
    return None


def _language_code(language: str | None) -> str | None:
    if not language:
        return None
    return language.replace("_", "-").split("-")[0].casefold() or None
