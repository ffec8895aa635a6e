from django.urls import include, path, re_path

from moked.tickets import numbering

from . import portal, portal_links, ticket_lists, ticket_page, views

REFERENCE = rf"(?P<reference>{numbering.REFERENCE_PATTERN})"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("start/", views.start, name="start"),
    path("desk/", ticket_lists.desk_view, name="desk"),
    path("desk/views/<slug:name>/", ticket_lists.desk_view, name="desk-view"),
    path("desk/saved/", ticket_lists.save_view, name="save-view"),
    path("desk/saved/<int:pk>/", ticket_lists.saved_view_page, name="saved-view"),
    path("desk/bulk/", ticket_lists.bulk, name="bulk"),
    path("desk/counts/", views.desk_counts, name="desk-counts"),
    path("desk/phone/", views.phone_desk, name="phone-desk"),
    re_path(rf"^desk/tickets/{REFERENCE}/$", ticket_page.desk_ticket, name="desk-ticket"),
    path("desk/admin/", include("moked.web.administration.urls")),
    path("portal/", portal.portal, name="portal"),
    path("portal/new/", portal.portal_new, name="portal-new"),
    path("portal/link/<str:token>/", portal_links.portal_link, name="portal-link"),
    re_path(rf"^portal/tickets/{REFERENCE}/$", portal.portal_ticket, name="portal-ticket"),
]
