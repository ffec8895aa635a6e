from django.urls import include, path

from . import pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("health/", pages.health, name="health"),
    path("favicon.ico", pages.favicon, name="favicon"),
    path("start/", pages.start, name="start"),
    path("desk/", include("moked.web.workspace.urls")),
    path("desk/admin/", include("moked.web.administration.urls")),
    path("portal/", include("moked.web.portal.urls")),
    path("", include("moked.web.accounts.urls")),
]
