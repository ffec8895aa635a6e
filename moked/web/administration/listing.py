"""Lists of the administration pages: one page of rows at a time, keeping the search and filters."""

from django.core.paginator import Page, Paginator


def one_page(request, rows, size: int) -> tuple[Page, str]:
    """The page of `rows` that `?page=` asks for (the first for nonsense, the last past the end),
    and the query string of the other parameters, for links to the neighbouring pages."""
    page = Paginator(rows, size).get_page(request.GET.get("page"))
    others = request.GET.copy()
    others.pop("page", None)
    return page, others.urlencode()
