"""Knowledge search evaluation: recall@1 and recall@3 per language on the labelled set in
bench/knowledge_eval/ (40 articles in he, fa, fi and en; 177 queries).

    .venv/bin/python bench/knowledge_search_eval.py --databases sqlite,postgresql [--lexical]

For each database, a fresh one: the articles are imported through `moked knowledge import`'s
code, the semantic model is trained (unless --lexical), and every query goes through the real
`search_articles` and `suggest_articles` as an end user of a client organisation. Prints the
figures per language and the queries whose article was not among the first three.
"""

import sys

# This folder goes last on the path: bench/email.py must not hide the standard library's email.
sys.path.append(sys.path.pop(0))

import argparse
import json
import os

from databases import run_child_per_database


def child(lexical: bool, show_misses: bool) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moked.settings")
    django.setup()
    from knowledge_eval import evaluation

    evaluation.load(train=not lexical)
    outcome = evaluation.evaluate(evaluation.make_readers(), evaluation.read_queries())
    if show_misses:
        for miss in outcome["misses"]:
            print(miss)
    print(json.dumps({**outcome["results"], "by_kind": outcome["by_kind"]}, ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--lexical", action="store_true", help="no semantic model")
    parser.add_argument("--misses", action="store_true", help="list the queries that missed")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.lexical, args.misses)
        return
    child_args = [*(["--lexical"] if args.lexical else []), *(["--misses"] if args.misses else [])]
    run_child_per_database(__file__, "knowledge_eval", args.databases, child_args)


if __name__ == "__main__":
    main()
