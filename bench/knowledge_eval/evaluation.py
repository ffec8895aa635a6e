"""The knowledge search's evaluation set: reading it, loading it through the real import, and
measuring how often the expected article comes first (recall@1) or among the first three
(recall@3), per language, for `search_articles` and `suggest_articles`.

articles.txt: "## key | kind" starts an article; "@xx Title" starts its variant in language xx
(the first is the source) and the lines after it are its body. queries.tsv: language, the
expected article's key ("-": nothing should be suggested), the kind of query, the query.
"""

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
LANGUAGES = ("he", "fa", "fi", "en")
RECALLS = ("search@1", "search@3", "suggest@1", "suggest@3")


@dataclass(frozen=True)
class EvalQuery:
    language: str
    expected: str | None  # None: nothing should be suggested
    kind: str
    text: str


def import_lines(path: Path = HERE / "articles.txt") -> list[str]:
    """The articles as `moked knowledge import` lines, one a variant."""
    records: list[dict] = []
    key = kind = None
    source_key = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            key, kind = (part.strip() for part in line[3:].split("|"))
            source_key = None
        elif line.startswith("@"):
            language, title = line[1:3], line[4:].strip()
            record = {"key": key, "language": language, "title": title, "body": "", "kind": kind}
            if source_key is None:
                source_key = key
            else:
                record["key"] = f"{key}.{language}"
                record["translation_of"] = source_key
            records.append(record)
        elif records and line.strip() and not line.startswith("#"):
            records[-1]["body"] += line + "\n"
    return [json.dumps(record, ensure_ascii=False) for record in records]


def read_queries(path: Path = HERE / "queries.tsv") -> list[EvalQuery]:
    queries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        language, expected, kind, text = line.split("\t")
        queries.append(EvalQuery(language, None if expected == "-" else expected, kind, text))
    return queries


def load(*, train: bool = True) -> int:
    """Import the articles (published, for every client) and train the semantic model; returns
    how many variants were imported."""
    from moked.knowledge.importing import import_articles
    from moked.knowledge.search_model import train_search_model

    changed = import_articles(None, import_lines())
    if train:
        train_search_model()
    return changed


def evaluate(readers: dict, queries: list[EvalQuery]) -> dict:
    """Per language: recall@1 and recall@3 of search and of suggestions, how many queries, and
    how many nonsense texts got a suggestion; per kind of query, how many found their article
    among the first three searched. `readers` maps a language to the person asking."""
    from moked.knowledge.search import search_articles, suggest_articles

    counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: list[str] = []
    for query in queries:
        person = readers[query.language]
        tally = counts[query.language]
        if query.expected is None:
            tally["nonsense"] += 1
            tally["nonsense_suggested"] += bool(suggest_articles(person, query.text))
            continue
        tally["queries"] += 1
        found = [match.article.key for match in search_articles(person, query.text, limit=3)]
        suggested = [match.article.key for match in suggest_articles(person, query.text, limit=3)]
        tally["search@1"] += found[:1] == [query.expected]
        tally["search@3"] += query.expected in found
        kinds[query.kind][0] += query.expected in found
        kinds[query.kind][1] += 1
        tally["suggest@1"] += suggested[:1] == [query.expected]
        tally["suggest@3"] += query.expected in suggested
        if query.expected not in found:
            misses.append(f"{query.language} {query.kind}: {query.text!r} -> {found} (want {query.expected})")
    results = {}
    for language in LANGUAGES:
        tally = counts[language]
        total = tally["queries"] or 1
        results[language] = {
            "queries": int(tally["queries"]),
            **{
                name: round(tally[name] / total, 3)
                for name in ("search@1", "search@3", "suggest@1", "suggest@3")
            },
            "nonsense_suggested": f"{int(tally['nonsense_suggested'])}/{int(tally['nonsense'])}",
        }
    by_kind = {kind: f"{found}/{total}" for kind, (found, total) in sorted(kinds.items())}
    return {"results": results, "by_kind": by_kind, "misses": misses}


def make_readers() -> dict:
    """An end user of one organisation per language."""
    from moked.people.models import Person, Role
    from moked.tenancy.models import Organisation

    organisation, _created = Organisation.objects.get_or_create(
        code="EVAL", defaults={"name": "Evaluation", "timezone": "Europe/Helsinki", "country": "FI"}
    )
    return {
        language: Person.objects.get_or_create(
            username=f"eval-{language}",
            defaults={
                "name": f"Reader {language}",
                "role": Role.END_USER,
                "organisation": organisation,
                "language": language,
            },
        )[0]
        for language in LANGUAGES
    }
