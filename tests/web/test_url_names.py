"""Every named address is named once: `{% url %}` and `reverse()` find the first route of a name,
so a page and an API route sharing one would send links to the wrong place."""

from collections import defaultdict

from django.urls import URLPattern, URLResolver, get_resolver


def without_format_suffix(route: str) -> str:
    """DRF's router adds each route again with a format suffix (.json), under the same name."""
    return route.split(r"\.(?P<format>")[0].removesuffix("/<drf_format_suffix:format>").rstrip("$/")


def routes(patterns, namespace="", prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from routes(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", without_format_suffix(prefix + str(pattern.pattern))


def test_no_two_routes_share_a_name():
    by_name = defaultdict(set)
    for name, route in routes(get_resolver().url_patterns):
        by_name[name].add(route)
    assert {name: sorted(found) for name, found in by_name.items() if len(found) > 1} == {}
