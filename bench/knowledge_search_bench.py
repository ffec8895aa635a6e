"""Knowledge search benchmark: suggestions among 10,000 published articles in four languages, and
the cost of indexing one article.

    .venv/bin/python bench/knowledge_search_bench.py --databases sqlite,postgresql [--articles 10000]

For each database, a fresh one holding N published articles (for every client), each with a
variant in he, fa, fi and en (4N search documents), written from templates: a device or service,
a problem and a system code, with a body of three sentences. The rows are bulk-inserted and
indexed with `indexing.reindex_all` (the path `moked knowledge reindex` takes), then the semantic
model is trained. Measured, in-process (server time, no HTTP):
  - cold: the first search in a new process (reading every search document into the index);
  - suggest: `suggest_articles` for an end user of a client organisation, for request texts in
    the four languages (some with typos), 400 times after 20 warm-ups;
  - index: writing one more article through the services (create, three translations, submit,
    publish: the search documents of its four variants written on the way); indexing its four
    variants alone (`indexing.index_variant`); and the first suggestion after it, which reads
    the new documents into the process's index;
  - after start: in a new process, the first suggestion without the warm-up (it builds the
    index), at once after the warm-up starts (it waits for it), and once the warm-up is over;
  - after retraining: the first suggestion after a new model (from the index in hand), the
    background build with the new model, and the first suggestion after it.
Reports medians and p95 in milliseconds.
"""

import sys

# This folder goes last on the path: bench/email.py must not hide the standard library's email.
sys.path.append(sys.path.pop(0))

import argparse
import json
import os
import random
import statistics
import subprocess
import time

from databases import run_child_per_database

# Parallel vocabularies: the same index means the same thing in every language.
THINGS = {
    "en": [
        "printer",
        "laptop",
        "VPN",
        "e-mail",
        "Wi-Fi",
        "Teams",
        "shared folder",
        "phone",
        "monitor",
        "keyboard",
        "password",
        "OneDrive",
        "calendar",
        "scanner",
        "badge reader",
        "headset",
        "docking station",
        "browser",
        "network drive",
        "payroll system",
    ],
    "he": [
        "מדפסת",
        "מחשב נייד",
        "VPN",
        "דואר אלקטרוני",
        "Wi-Fi",
        "Teams",
        "תיקייה משותפת",
        "טלפון",
        "מסך",
        "מקלדת",
        "סיסמה",
        "OneDrive",
        "יומן",
        "סורק",
        "קורא תגים",
        "אוזניות",
        "תחנת עגינה",
        "דפדפן",
        "כונן רשת",
        "מערכת שכר",
    ],
    "fa": [
        "چاپگر",
        "لپ‌تاپ",
        "VPN",
        "ایمیل",
        "وای‌فای",
        "Teams",
        "پوشه اشتراکی",
        "تلفن",
        "مانیتور",
        "صفحه‌کلید",
        "رمز عبور",
        "OneDrive",
        "تقویم",
        "اسکنر",
        "کارت‌خوان",
        "هدست",
        "داک",
        "مرورگر",
        "درایو شبکه",
        "سامانه حقوق",
    ],
    "fi": [
        "tulostin",
        "kannettava",
        "VPN",
        "sähköposti",
        "Wi-Fi",
        "Teams",
        "jaettu kansio",
        "puhelin",
        "näyttö",
        "näppäimistö",
        "salasana",
        "OneDrive",
        "kalenteri",
        "skanneri",
        "kulkukortinlukija",
        "kuulokkeet",
        "telakka",
        "selain",
        "verkkoasema",
        "palkkajärjestelmä",
    ],
}
PROBLEMS = {
    "en": [
        "does not start",
        "is very slow",
        "shows an error",
        "cannot connect",
        "stopped working",
        "asks for a password",
        "is locked",
        "loses the connection",
        "gives no sound",
        "does not sync",
        "is missing",
        "needs an update",
        "prints blank pages",
        "freezes",
        "is not allowed",
        "reports a certificate error",
        "runs out of space",
        "is offline",
        "shows the wrong time",
        "needs a licence",
    ],
    "he": [
        "לא נדלק",
        "איטי מאוד",
        "מציג שגיאה",
        "לא מצליח להתחבר",
        "הפסיק לעבוד",
        "מבקש סיסמה",
        "נעול",
        "מאבד את החיבור",
        "אין קול",
        "לא מסתנכרן",
        "חסר",
        "צריך עדכון",
        "מדפיס דפים ריקים",
        "נתקע",
        "חסום",
        "מציג שגיאת אישור",
        "נגמר המקום",
        "לא מחובר",
        "מציג שעה שגויה",
        "צריך רישיון",
    ],
    "fa": [
        "روشن نمی‌شود",
        "خیلی کند است",
        "خطا نشان می‌دهد",
        "وصل نمی‌شود",
        "از کار افتاده",
        "رمز می‌خواهد",
        "قفل شده",
        "اتصال را از دست می‌دهد",
        "صدا ندارد",
        "همگام نمی‌شود",
        "پیدا نمی‌شود",
        "به‌روزرسانی لازم دارد",
        "صفحه سفید چاپ می‌کند",
        "هنگ می‌کند",
        "مجاز نیست",
        "خطای گواهی می‌دهد",
        "فضا ندارد",
        "آفلاین است",
        "ساعت اشتباه نشان می‌دهد",
        "مجوز لازم دارد",
    ],
    "fi": [
        "ei käynnisty",
        "on todella hidas",
        "näyttää virheen",
        "ei saa yhteyttä",
        "lakkasi toimimasta",
        "kysyy salasanaa",
        "on lukittu",
        "menettää yhteyden",
        "ei anna ääntä",
        "ei synkronoi",
        "puuttuu",
        "tarvitsee päivityksen",
        "tulostaa tyhjiä sivuja",
        "jumittuu",
        "ei ole sallittu",
        "antaa varmennevirheen",
        "täyttyy",
        "on offline-tilassa",
        "näyttää väärää aikaa",
        "tarvitsee lisenssin",
    ],
}
TEMPLATES = {
    "en": (
        "{thing} {problem} ({code})",
        "When the {thing} {problem} in {code}, restart it and sign in again. "
        "If the {thing} still {problem}, check the cable, the network and the settings of {code}. "
        "Call the service desk and name {code} if nothing helps.",
    ),
    "he": (
        "{thing} {problem} ({code})",
        "כאשר {thing} {problem} ב-{code}, הפעל מחדש והתחבר שוב. "
        "אם {thing} עדיין {problem}, בדוק את הכבל, את הרשת ואת ההגדרות של {code}. "
        "התקשר למוקד התמיכה וציין את {code} אם שום דבר לא עוזר.",
    ),
    "fa": (
        "{thing} {problem} ({code})",
        "وقتی {thing} در {code} {problem}، آن را دوباره راه‌اندازی کنید و دوباره وارد شوید. "
        "اگر {thing} هنوز {problem}، کابل، شبکه و تنظیمات {code} را بررسی کنید. "
        "اگر هیچ‌چیز کمک نکرد با میز خدمت تماس بگیرید و {code} را نام ببرید.",
    ),
    "fi": (
        "{thing}: {problem} ({code})",
        "Kun {thing} {problem} järjestelmässä {code}, käynnistä se uudelleen ja kirjaudu uudestaan. "
        "Jos {thing} yhä {problem}, tarkista kaapeli, verkko ja järjestelmän {code} asetukset. "
        "Soita palvelupisteeseen ja kerro {code}, jos mikään ei auta.",
    ),
}
REQUESTS = {
    "en": "Help please\nMy {thing} {problem} since this morning and I cannot work.",
    "he": "עזרה בבקשה\nה{thing} שלי {problem} מהבוקר ואני לא יכול לעבוד.",
    "fa": "کمک لطفاً\n{thing} من از صبح {problem} و نمی‌توانم کار کنم.",
    "fi": "Apua\n{thing} {problem} aamusta asti enkä pysty tekemään töitä.",
}
LANGUAGES = ("he", "fa", "fi", "en")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(times):
    return {"median_ms": round(statistics.median(times), 2), "p95_ms": round(percentile(times, 0.95), 2)}


def text_for(language, number):
    thing = THINGS[language][number % 20]
    problem = PROBLEMS[language][(number // 20) % 20]
    code = f"SYS-{number // 400:02d}{number % 7}"
    title, body = TEMPLATES[language]
    return title.format(thing=thing, problem=problem, code=code), body.format(
        thing=thing, problem=problem, code=code
    )


def with_typo(text, rng):
    words = text.split(" ")
    position = rng.randrange(len(words))
    word = words[position]
    if len(word) > 5:
        cut = rng.randrange(1, len(word) - 1)
        words[position] = word[:cut] + word[cut + 1 :]
    return " ".join(words)


def populate(count):
    from moked.knowledge.indexing import reindex_all
    from moked.knowledge.models import Article, ArticleVariant

    articles = [
        Article(
            key=f"bench-{number}",
            source_language=LANGUAGES[number % 4],
            state=Article.State.PUBLISHED,
            visibility=Article.Visibility.ALL_CLIENTS,
        )
        for number in range(count)
    ]
    Article.objects.bulk_create(articles, batch_size=1000)
    ids = dict(Article.objects.values_list("key", "pk"))
    variants = []
    for number in range(count):
        for language in LANGUAGES:
            title, body = text_for(language, number)
            source = LANGUAGES[number % 4] == language
            variants.append(
                ArticleVariant(
                    article_id=ids[f"bench-{number}"],
                    language=language,
                    title=title,
                    body=body,
                    translated_from_version=None if source else 1,
                )
            )
    ArticleVariant.objects.bulk_create(variants, batch_size=2000)
    return reindex_all()


def child(count):
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moked.settings")
    django.setup()
    from django.db import connection

    from moked.knowledge import indexing, services
    from moked.knowledge.search import suggest_articles
    from moked.knowledge.search_model import train_search_model
    from moked.people.models import Person, Role
    from moked.tenancy.models import Organisation

    begin = time.perf_counter()
    documents = populate(count)
    populate_s = time.perf_counter() - begin
    begin = time.perf_counter()
    train_search_model()
    train_s = time.perf_counter() - begin

    admin = Person.objects.create(username="admin", name="Admin", role=Role.ADMIN)
    organisation = Organisation.objects.create(
        code="BENCH", name="Bench", timezone="Europe/Helsinki", country="FI"
    )
    reader = Person.objects.create(
        username="reader", name="Reader", role=Role.END_USER, organisation=organisation, language="en"
    )
    rng = random.Random(14)
    texts = []
    for _ in range(420):
        language = rng.choice(LANGUAGES)
        number = rng.randrange(count)
        text = REQUESTS[language].format(
            thing=THINGS[language][number % 20], problem=PROBLEMS[language][(number // 20) % 20]
        )
        texts.append(with_typo(text, rng) if rng.random() < 0.3 else text)

    begin = time.perf_counter()
    indexing.current_index()
    cold_s = time.perf_counter() - begin

    times, found = [], 0
    for position, text in enumerate(texts):
        begin = time.perf_counter()
        matches = suggest_articles(reader, text)
        elapsed = (time.perf_counter() - begin) * 1000
        if position >= 20:
            times.append(elapsed)
            found += bool(matches)

    index_times, reindex_times, catch_up_times = [], [], []
    for number in range(count, count + 30):
        begin = time.perf_counter()
        title, body = text_for("en", number)
        article = services.create_article(admin, key=f"new-{number}", language="en", title=title, body=body)
        for language in ("he", "fa", "fi"):
            title, body = text_for(language, number)
            services.save_variant(admin, article, language=language, title=title, body=body)
        services.submit_for_review(admin, article)
        services.publish(admin, article)
        index_times.append((time.perf_counter() - begin) * 1000)
        begin = time.perf_counter()
        for variant in article.variants.all():
            indexing.index_variant(variant)
        reindex_times.append((time.perf_counter() - begin) * 1000)
        begin = time.perf_counter()
        suggest_articles(reader, texts[number % len(texts)])
        catch_up_times.append((time.perf_counter() - begin) * 1000)

    after_start = {mode: after_start_in_new_process(mode) for mode in AFTER_START_MODES}
    after_retraining = first_suggestions_after_retraining(reader, texts)

    print(
        json.dumps(
            {
                "database": connection.vendor,
                "articles": count,
                "documents": documents,
                "populate_and_reindex_s": round(populate_s, 1),
                "train_s": round(train_s, 1),
                "cold_first_search_s": round(cold_s, 2),
                "suggest": {**summary(times), "answered": f"{found}/{len(times)}"},
                "write_and_index_article": summary(index_times),
                "index_article_4_variants": summary(reindex_times),
                "first_suggestion_after_it": summary(catch_up_times),
                "first_suggestion_after_process_start": after_start,
                "after_retraining": after_retraining,
            }
        )
    )


# How a new process (a restarted web worker) meets its first suggestion:
#   without-warm-up: the suggestion builds the index (what every process did before the warm-up);
#   at-start: the warm-up starts and a suggestion comes at once (it waits for the warm-up);
#   after-warm-up: the warm-up starts and the suggestion comes once it is over.
AFTER_START_MODES = ("without-warm-up", "at-start", "after-warm-up")
FIRST_TEXT = "The printer shows error E-1042 and does not print"


def after_start_in_new_process(mode: str) -> dict:
    """Run `mode` in a new process against the same database; its figures."""
    done = subprocess.run(
        [sys.executable, __file__, "--after-start", mode], check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def after_start(mode: str) -> None:
    """In a new process, from the application being ready: the first suggestion's time and, with the
    warm-up, the time until the index was ready."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moked.settings")
    django.setup()
    from moked.knowledge import indexing
    from moked.knowledge.search import suggest_articles
    from moked.people.models import Person

    reader = Person.objects.get(username="reader")
    figures = {}
    start = time.perf_counter()
    if mode != "without-warm-up":
        indexing.warm_up_in_background()
    if mode == "after-warm-up":
        indexing.wait_for_background_build()
        figures["index_ready_s"] = round(time.perf_counter() - start, 2)
    begin = time.perf_counter()
    suggest_articles(reader, FIRST_TEXT)
    figures["first_suggestion_ms"] = round((time.perf_counter() - begin) * 1000, 1)
    print(json.dumps(figures))


def first_suggestions_after_retraining(reader, texts) -> dict:
    """A model trained anew: the first suggestion after it (answered from the index in hand while
    the new model's index is built in the background), the background build's time, and the first
    suggestion with the new index."""
    from moked.knowledge import indexing
    from moked.knowledge.search import suggest_articles
    from moked.knowledge.search_model import train_search_model

    train_search_model()
    begin = time.perf_counter()
    suggest_articles(reader, texts[0])
    first_ms = (time.perf_counter() - begin) * 1000
    indexing.wait_for_background_build()
    rebuilt_s = time.perf_counter() - begin
    begin = time.perf_counter()
    suggest_articles(reader, texts[1])
    return {
        "first_suggestion_ms": round(first_ms, 1),
        "background_build_s": round(rebuilt_s, 2),
        "first_with_new_model_ms": round((time.perf_counter() - begin) * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--after-start", choices=AFTER_START_MODES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.after_start:
        after_start(args.after_start)
        return
    if args.child:
        child(args.articles)
        return
    run_child_per_database(__file__, "knowledge_search", args.databases, ["--articles", str(args.articles)])


if __name__ == "__main__":
    main()
