"""The administration start page: every area an admin configures, one link each."""

from django.shortcuts import render
from django.urls import path, reverse

from .access import admin_page


def sections():
    """(label, address) of each administration area, in the order the start page lists them."""
    from .urls import AREAS

    return [(area.SECTION[0], reverse(area.SECTION[1])) for area in AREAS if area.SECTION]


@admin_page
def start(request):
    return render(request, "web/administration/index.html", {"sections": sections()})


urlpatterns = [path("", start, name="administration-start")]
