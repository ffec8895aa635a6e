"""The knowledge base's staff pages (/desk/knowledge/): the list of articles, writing and
translating them, their versions, the review lifecycle, readers' follow-ups and images."""
