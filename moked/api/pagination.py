from rest_framework.pagination import CursorPagination


class NewestFirstCursorPagination(CursorPagination):
    """Keyset pagination, newest first: stable under inserts and as fast on page 1,000 as on page 1."""

    ordering = "-id"
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200


class OldestFirstCursorPagination(CursorPagination):
    """Histories read from the start: a ticket's conversation and timeline, an article's history."""

    ordering = "id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
