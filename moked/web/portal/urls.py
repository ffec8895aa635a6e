from django.urls import path, re_path

from moked.tickets import numbering

from . import catalogue, knowledge, views

REFERENCE = rf"(?P<reference>{numbering.REFERENCE_PATTERN})"

urlpatterns = [
    path("", views.portal, name="portal"),
    path("new/", views.portal_new, name="portal-new"),
    path("catalogue/", catalogue.portal_catalogue, name="portal-catalogue"),
    path("catalogue/<int:pk>/", catalogue.portal_catalogue_item, name="portal-catalogue-item"),
    path("knowledge/", knowledge.portal_knowledge, name="portal-knowledge"),
    path("knowledge/<int:pk>/", knowledge.portal_article, name="portal-article"),
    path("new/suggestions/", knowledge.portal_suggestions, name="portal-suggestions"),
    path("new/left/", knowledge.portal_left, name="portal-left"),
    path("solved/", knowledge.portal_solved, name="portal-solved"),
    re_path(rf"^tickets/{REFERENCE}/$", views.portal_ticket, name="portal-ticket"),
]
