"""Similar tickets (reads): the tickets of a ticket's organisation most like it in text, open and
resolved, the resolved ones with their resolution, for the staff who work the ticket.

Candidates come from the tickets' full-text index (`tickets.search.matching`), never from
reading all of an organisation's tickets: a search for the ticket's most telling words (every
one of the first few together, then each on its own), each bounded, plus the organisation's
latest tickets, where duplicates usually are. The few hundred candidates are then ranked by the
knowledge base's text similarity (`textsimilarity.ranking.TextIndex`: Hebrew prefixes, Persian
spellings, Finnish inflections and typos), and those below a threshold are left out.

A search word is a stem (a long word's first letters), which the index matches as a word prefix:
"salasanani" searches "salasa*", so that it finds "salasana" and "salasanan" too. Tickets merged
into another and the ticket itself are never candidates.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_

import rules
from django.db.models import QuerySet
from django.db.models.functions import Left
from django.utils.translation import gettext as _

from moked.textsimilarity.normalise import guess_language, hebrew_variants, persian_variants, words
from moked.textsimilarity.ranking import Document, Query, TextIndex
from moked.textsimilarity.snippets import snippet
from moked.tickets import lifecycle
from moked.tickets.models import Ticket
from moked.tickets.search import matching
from moked.tickets.selectors import visible_tickets

SHOWN = 5
# Scores run from 0 to 1: the share of the ticket's words (each weighted by how rare it is, see
# CORPUS_SIZE) that the other ticket has, for the subject and for the whole text, averaged.
# About a third is a ticket about the same thing in other words; unrelated tickets that share a
# word or two stay below.
THRESHOLD = 0.35
VERY_SIMILAR = 0.6
# What is compared: the subject and the start of the description (a long description's end is
# signatures, logs and quoted mail, which say little about what it is about).
QUERY_LENGTH = 600
SUBJECT_WEIGHT = 0.5
TEXT_LENGTH = 1500
# Candidates: the latest tickets, every one of the first words together, then each word alone.
LATEST = 30
ALL_OF = 3
ALL_OF_CANDIDATES = 40
SEARCH_WORDS = 6
PER_WORD = 25
MIN_WORD_LENGTH = 3
STEM_LENGTH = 6
SNIPPET_LENGTH = 160
# The candidates are a small part of the organisation's tickets, most of them chosen for sharing
# the ticket's words: counted among themselves, those words would seem common and weigh nothing
# (ten tickets about the scanner would each make "scanner" worthless). Blank documents added
# after them stand for the rest of the tickets, so that a word weighs by how rare it is in a
# corpus of this size.
CORPUS_SIZE = 200
# Words that say nothing about what a ticket is about, in Moked's languages: left out of the
# comparison, where they would otherwise make any two tickets look a little alike.
COMMON_WORDS = frozenset(
    """a an and are as at be but by can cannot do does for from has have how i in is it its me my no
    not of on or our please since so that the there this to was we what when why will with you your
    ei en ja jo kun mutta niin on ole se sen tai voi että ovat olen
    את אני אין גם הוא היא זה לא של על עם כי אבל או יש מה
    از با به برای که را این آن و یا در است نیست هم من ما""".split()
)

_SHOWN_FIELDS = (
    "id",
    "organisation_id",
    "ticket_type",
    "number",
    "subject",
    "status",
    "resolution_code",
    "resolution_text",
    "created_at",
    "resolved_at",
)


@dataclass(frozen=True)
class SimilarTicket:
    ticket: Ticket
    score: float  # from 0 to 1, higher is more alike; at least THRESHOLD
    snippet: str  # plain text of the description, around the words the two tickets share
    resolution: str  # plain text of the resolution, shortened; "" when there is none

    @property
    def is_done(self) -> bool:
        return self.ticket.status in lifecycle.DONE_STATUSES

    @property
    def very_similar(self) -> bool:
        return self.score >= VERY_SIMILAR

    @property
    def label(self) -> str:
        return _("Very similar") if self.very_similar else _("Similar")


def similar_tickets(actor, ticket: Ticket, limit: int = SHOWN) -> list[SimilarTicket]:
    """Up to `limit` tickets of `ticket`'s organisation that `actor` may see, most alike first,
    none below THRESHOLD. Only staff who work the ticket are answered: anyone else gets []."""
    if limit <= 0 or not actor.is_staff_member or not rules.has_perm("tickets.work_ticket", actor, ticket):
        return []
    pool = (
        visible_tickets(actor)
        .filter(organisation_id=ticket.organisation_id, merged_into__isnull=True)
        .exclude(pk=ticket.pk)
    )
    ids = candidate_ids(pool, ticket)
    if not ids:
        return []
    candidates = {
        candidate.pk: candidate
        for candidate in pool.filter(pk__in=ids)
        .only(*_SHOWN_FIELDS)
        .annotate(text_start=Left("description", TEXT_LENGTH))
    }
    index = TextIndex()
    index.add(
        Document(key=pk, group=pk, language="", title=found.subject, body=found.text_start)
        for pk, found in candidates.items()
    )
    index.add(
        Document(key=-blank, group=-blank, language="", title="", body="", terms=())
        for blank in range(1, CORPUS_SIZE - len(candidates) + 1)
    )
    index.settle()
    query = index.query(telling_text(f"{ticket.subject}\n{ticket.description[:QUERY_LENGTH]}"))
    scores = _scores(index, query, index.query(telling_text(ticket.subject)))
    best = sorted(scores.items(), key=lambda item: (-item[1], -item[0]))[:limit]
    return [_shown(candidates[pk], score, query) for pk, score in best if score >= THRESHOLD]


def _scores(index: TextIndex, query: Query, subject: Query) -> dict[int, float]:
    """Per candidate, its score against the whole text and against the subject, averaged: the
    subject says what the ticket is about, where descriptions share greetings and boilerplate.
    A subject of common words only ("Help") leaves the whole text to decide."""
    scores = {scored.group: scored.score for scored in index.rank(query)}
    if not subject.slots:
        return scores
    by_subject = {scored.group: scored.score for scored in index.rank(subject)}
    return {
        pk: (1 - SUBJECT_WEIGHT) * scores.get(pk, 0.0) + SUBJECT_WEIGHT * by_subject.get(pk, 0.0)
        for pk in scores.keys() | by_subject.keys()
    }


def _shown(found: Ticket, score: float, query: Query) -> SimilarTicket:
    wanted = query.matching_terms
    resolution = ""
    if found.status in lifecycle.DONE_STATUSES and found.resolution_text.strip():
        resolution = snippet(found.resolution_text, wanted, length=SNIPPET_LENGTH)
    return SimilarTicket(
        ticket=found,
        score=round(score, 3),
        snippet=snippet(found.text_start, wanted, length=SNIPPET_LENGTH),
        resolution=resolution,
    )


def telling_text(text: str) -> str:
    """The text's words without the common ones (normalised, one space between them)."""
    return " ".join(word for word in words(text) if word not in COMMON_WORDS)


def search_words(ticket: Ticket) -> list[list[str]]:
    """The words to search for, the subject's first and the longest first within each part, each
    as the stems it may be written with (a Hebrew word with and without a glued prefix letter)."""
    found: list[list[str]] = []
    seen: set[str] = set()
    for text in (ticket.subject, ticket.description[:QUERY_LENGTH]):
        language = guess_language(text)
        for word in sorted(dict.fromkeys(words(text)), key=len, reverse=True):
            if len(word) < MIN_WORD_LENGTH or word.isdigit() or word in COMMON_WORDS:
                continue
            stems = list(dict.fromkeys(_stem(spelling) for spelling in _spellings(word, language)))
            if stems[0] in seen:
                continue
            seen.update(stems)
            found.append(stems)
    return found


def _spellings(word: str, language: str | None) -> list[str]:
    if language == "he":
        return hebrew_variants(word)[:2]
    if language == "fa":
        return persian_variants(word)
    return [word]


def _stem(word: str) -> str:
    return word[:STEM_LENGTH]


def candidate_ids(pool: QuerySet[Ticket], ticket: Ticket) -> set[int]:
    """The ids of the tickets worth ranking: a few hundred at most, each search bounded."""
    ids = set(pool.order_by("-id").values_list("id", flat=True)[:LATEST])
    slots = search_words(ticket)
    if len(slots) > 1:
        together = pool
        for stems in slots[:ALL_OF]:
            together = _any_of(together, stems)
        ids.update(_some(together, ALL_OF_CANDIDATES))
    for stems in slots[:SEARCH_WORDS]:
        ids.update(_some(_any_of(pool, stems), PER_WORD))
    return ids


def _any_of(tickets: QuerySet[Ticket], stems: Iterable[str]) -> QuerySet[Ticket]:
    return reduce(or_, (matching(tickets, stem) for stem in stems))


def _some(tickets: QuerySet[Ticket], count: int) -> list[int]:
    """Up to `count` of the matches, in no particular order. Asking for the latest would let
    PostgreSQL walk the tickets newest first, testing each one's text (a second for a rare word
    in a large organisation); unordered, it reads a rare word's few matches from the index and
    stops after the first `count` of a common one."""
    return list(tickets.order_by().values_list("id", flat=True)[:count])
