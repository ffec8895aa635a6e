from django.urls import path, re_path

from moked.tickets import numbering

from . import views

REFERENCE = rf"(?P<reference>{numbering.REFERENCE_PATTERN})"

urlpatterns = [
    path("", views.portal, name="portal"),
    path("new/", views.portal_new, name="portal-new"),
    re_path(rf"^tickets/{REFERENCE}/$", views.portal_ticket, name="portal-ticket"),
]
