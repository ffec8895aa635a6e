"""A known error's sections in its Markdown body: joined under headings in the variant's language,
split back for editing, and a body of anything else left whole."""

from moked.knowledge.sections import join, split


def test_sections_join_under_headings_in_the_variants_language():
    parts = {"symptom": "Ei tulosta.", "cause": "", "workaround": " Käynnistä uudelleen. "}
    assert join("fi", parts) == "## Oire\n\nEi tulosta.\n\n## Kiertotie\n\nKäynnistä uudelleen."
    assert join("he", {"symptom": "לא מדפיס"}) == "## תסמין\n\nלא מדפיס"


def test_a_joined_body_splits_back_whatever_its_language():
    parts = {"symptom": "Slow.\n\nVery slow.", "cause": "Disk full.", "workaround": "Free space."}
    for language in ("en", "he", "fa", "fi"):
        assert split(join(language, parts)) == parts
    assert split("") == {"symptom": "", "cause": "", "workaround": ""}


def test_a_body_of_anything_else_does_not_split():
    assert split("Intro.\n\n## Symptom\n\nx") is None
    assert split("## Symptom\n\nx\n\n## Symptom\n\ny") is None
    assert split("## Background\n\nx") is None
