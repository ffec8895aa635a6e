"""Knowledge base: articles, their variants in each language (versions kept, stale translations
flagged), visibility by organisation, the review lifecycle, and importing articles from JSON lines.
"""
