from rest_framework.pagination import CursorPagination


class NewestFirstCursorPagination(CursorPagination):
    """Keyset pagination, newest first: stable under inserts and as fast on page 1,000 as on page 1."""

    ordering = "-id"
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200
