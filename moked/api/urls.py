from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from moked.catalog.api import CategoryViewSet, ServiceViewSet
from moked.mail.api import InboundMessageViewSet, MailboxViewSet, TicketMailRawView, TicketMailView
from moked.notifications.api import NotificationViewSet
from moked.people.api import GroupViewSet, PersonViewSet
from moked.sla.api import CalendarViewSet, SlaPolicyViewSet, SlaReportView, TicketSlaView
from moked.tenancy.api import OrganisationViewSet
from moked.tickets import numbering
from moked.tickets.api.views import AttachmentViewSet, CallView, TicketViewSet

router = DefaultRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("people", PersonViewSet, basename="person")
router.register("groups", GroupViewSet, basename="group")
router.register("services", ServiceViewSet, basename="service")
router.register("categories", CategoryViewSet, basename="category")
router.register("tickets", TicketViewSet, basename="ticket")
router.register("attachments", AttachmentViewSet, basename="attachment")
router.register("calendars", CalendarViewSet, basename="calendar")
router.register("sla-policies", SlaPolicyViewSet, basename="sla-policy")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("mailboxes", MailboxViewSet, basename="mailbox")
router.register("mail/inbound", InboundMessageViewSet, basename="inbound-message")

urlpatterns = [
    re_path(
        rf"^tickets/(?P<reference>{numbering.REFERENCE_PATTERN})/sla/$",
        TicketSlaView.as_view(),
        name="ticket-sla",
    ),
    path("sla-report/", SlaReportView.as_view(), name="sla-report"),
    re_path(
        rf"^tickets/(?P<reference>{numbering.REFERENCE_PATTERN})/mail/$",
        TicketMailView.as_view(),
        name="ticket-mail",
    ),
    re_path(
        rf"^tickets/(?P<reference>{numbering.REFERENCE_PATTERN})/mail/(?P<pk>\d{{1,18}})/raw/$",
        TicketMailRawView.as_view(),
        name="ticket-mail-raw",
    ),
    path("", include(router.urls)),
    path("calls/", CallView.as_view(), name="calls"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
]
