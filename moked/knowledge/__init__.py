"""Knowledge base: articles, their variants in each language (versions kept, stale translations
flagged), visibility by organisation, the review lifecycle, importing articles from JSON lines,
and deflection (what happened to portal request forms that suggested articles, and its figures).
"""
