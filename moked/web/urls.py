from django.urls import include, path, re_path
from django.views.generic import RedirectView

from . import pages, secret_page
from .knowledge import images as knowledge_images

urlpatterns = [
    path("", pages.home, name="home"),
    path("health/", pages.health, name="health"),
    path("favicon.ico", pages.favicon, name="favicon"),
    path("start/", pages.start, name="start"),
    path("desk/", include("moked.web.workspace.urls")),
    path("desk/knowledge/", include("moked.web.knowledge.urls")),
    # An article's image, for staff and readers alike (whoever may see the article).
    path("knowledge/images/<int:pk>/", knowledge_images.serve, name="knowledge-image"),
    path("desk/administration/", include("moked.web.administration.urls")),
    # The administration's earlier address: bookmarks keep working.
    re_path(
        r"^desk/admin/(?P<rest>.*)$",
        RedirectView.as_view(url="/desk/administration/%(rest)s", permanent=True, query_string=True),
        name="administration-old-address",
    ),
    path("portal/", include("moked.web.portal.urls")),
    # A new temporary password's one-time link (moked.fulfilment.services.secret_path).
    path("secrets/<str:token>/", secret_page.one_time_secret, name="one-time-secret"),
    path("", include("moked.web.accounts.urls")),
]
