from django.urls import path, re_path

from moked.tickets import numbering

from . import (
    deflection,
    phone_catalogue,
    request_panel,
    similar_tickets,
    ticket_articles,
    ticket_lists,
    ticket_page,
    ticket_suggestions,
    views,
)

REFERENCE = rf"(?P<reference>{numbering.REFERENCE_PATTERN})"

urlpatterns = [
    path("", ticket_lists.desk_view, name="desk"),
    path("views/<slug:name>/", ticket_lists.desk_view, name="desk-view"),
    path("saved/", ticket_lists.save_view, name="save-view"),
    path("saved/<int:pk>/", ticket_lists.saved_view_page, name="saved-view"),
    path("bulk/", ticket_lists.bulk, name="bulk"),
    path("counts/", views.desk_counts, name="desk-counts"),
    path("reports/deflection/", deflection.knowledge_deflection, name="knowledge-deflection"),
    path("reports/deflection.csv", deflection.knowledge_deflection_csv, name="knowledge-deflection-csv"),
    path("phone/", views.phone_desk, name="phone-desk"),
    path("tasks/", request_panel.my_tasks, name="desk-tasks"),
    path("phone/catalogue/", phone_catalogue.phone_catalogue, name="phone-catalogue"),
    path("phone/catalogue/<int:pk>/", phone_catalogue.phone_catalogue_item, name="phone-catalogue-item"),
    re_path(rf"^tickets/{REFERENCE}/$", ticket_page.desk_ticket, name="desk-ticket"),
    re_path(
        rf"^tickets/{REFERENCE}/articles/$", ticket_articles.ticket_articles, name="desk-ticket-articles"
    ),
    re_path(rf"^tickets/{REFERENCE}/similar/$", similar_tickets.ticket_similar, name="desk-ticket-similar"),
    re_path(
        rf"^tickets/{REFERENCE}/articles/linked/$",
        ticket_articles.ticket_linked_articles,
        name="desk-ticket-linked-articles",
    ),
    re_path(
        rf"^tickets/{REFERENCE}/articles/(?P<pk>[0-9]+)/insert/$",
        ticket_articles.insert_article,
        name="desk-ticket-insert-article",
    ),
    re_path(
        rf"^tickets/{REFERENCE}/suggestions/(?P<field>[a-z_]+)/accept/$",
        ticket_suggestions.accept_suggestion,
        name="desk-ticket-accept-suggestion",
    ),
]
