from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from moked.api.approvals import (
    DecisionView,
    DelegationsView,
    DelegationView,
    TicketApprovalView,
    WaitingView,
)
from moked.api.assignment import (
    AbsenceViewSet,
    AssignByStrategyView,
    AssignmentProfileView,
    GroupAssignmentView,
)
from moked.api.automation import (
    ApplyMacroView,
    AutoCloseView,
    EmailTemplateViewSet,
    MacroViewSet,
    RuleViewSet,
    TicketMacrosView,
)
from moked.api.businesstime import CalendarViewSet
from moked.api.catalog import CategoryViewSet, ServiceViewSet
from moked.api.classification.urls import ticket_urlpatterns as classification_ticket_urls
from moked.api.classification.urls import urlpatterns as classification_urls
from moked.api.fulfilment import ConnectorViewSet
from moked.api.fulfilment import urlpatterns as fulfilment_urls
from moked.api.jobs import FailedTaskViewSet
from moked.api.knowledge.ticket_articles import TicketArticlesView, TicketArticleView
from moked.api.knowledge.urls import urlpatterns as knowledge_urls
from moked.api.knowledge.views import ArticleViewSet, FollowUpViewSet
from moked.api.mail import InboundMessageViewSet, MailboxViewSet, TicketMailRawView, TicketMailView
from moked.api.notifications import NotificationViewSet
from moked.api.people import ClientGroupViewSet, GroupViewSet, PersonViewSet
from moked.api.servicerequests import CatalogItemViewSet, ServiceRequestViewSet
from moked.api.sla import SlaPolicyViewSet, SlaReportView, TicketSlaView
from moked.api.tenancy import OrganisationViewSet
from moked.api.tickets.similar import SimilarTicketsView
from moked.api.tickets.views import AttachmentViewSet, CallView, TicketViewSet
from moked.api.unrouted import NAME as UNROUTED
from moked.api.unrouted import unrouted
from moked.api.webhooks import DeliveryViewSet, WebhookViewSet
from moked.tickets import numbering

router = DefaultRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("people", PersonViewSet, basename="person")
router.register("groups", GroupViewSet, basename="group")
router.register("client-groups", ClientGroupViewSet, basename="client-group")
router.register("services", ServiceViewSet, basename="service")
router.register("categories", CategoryViewSet, basename="category")
router.register("tickets", TicketViewSet, basename="ticket")
router.register("attachments", AttachmentViewSet, basename="attachment")
router.register("calendars", CalendarViewSet, basename="calendar")
router.register("sla-policies", SlaPolicyViewSet, basename="sla-policy")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("mailboxes", MailboxViewSet, basename="mailbox")
router.register("mail/inbound", InboundMessageViewSet, basename="inbound-message")
router.register("rules", RuleViewSet, basename="rule")
router.register("email-templates", EmailTemplateViewSet, basename="email-template")
router.register("macros", MacroViewSet, basename="macro")
router.register("absences", AbsenceViewSet, basename="absence")
router.register("webhooks", WebhookViewSet, basename="webhook")
router.register("webhook-deliveries", DeliveryViewSet, basename="webhook-delivery")
router.register("failed-tasks", FailedTaskViewSet, basename="failed-task")
router.register("knowledge/articles", ArticleViewSet, basename="knowledge-article")
router.register("knowledge/follow-ups", FollowUpViewSet, basename="knowledge-follow-up")
router.register("catalog/items", CatalogItemViewSet, basename="catalog-item")
router.register("catalog/requests", ServiceRequestViewSet, basename="catalog-request")
router.register("fulfilment/connectors", ConnectorViewSet, basename="fulfilment-connector")

DOCS_STYLES = csp_update({"style-src": ["'unsafe-inline'"]})

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
    re_path(
        rf"^tickets/(?P<reference>{numbering.REFERENCE_PATTERN})/macros/$",
        TicketMacrosView.as_view(),
        name="ticket-macros",
    ),
    re_path(
        rf"^tickets/(?P<reference>{numbering.REFERENCE_PATTERN})/macros/(?P<pk>\d{{1,18}})/apply/$",
        ApplyMacroView.as_view(),
        name="ticket-macro-apply",
    ),
    re_path(
        rf"^tickets/(?P<reference>{numbering.REFERENCE_PATTERN})/assign-by-strategy/$",
        AssignByStrategyView.as_view(),
        name="ticket-assign-by-strategy",
    ),
    path("groups/<int:pk>/assignment/", GroupAssignmentView.as_view(), name="group-assignment"),
    path("people/<int:pk>/assignment-profile/", AssignmentProfileView.as_view(), name="assignment-profile"),
    re_path(r"^auto-close/(?P<code>[A-Za-z0-9_-]{1,20})/$", AutoCloseView.as_view(), name="auto-close"),
    re_path(
        rf"^tickets/(?P<reference>{numbering.REFERENCE_PATTERN})/articles/$",
        TicketArticlesView.as_view(),
        name="ticket-articles",
    ),
    re_path(
        rf"^tickets/(?P<reference>{numbering.REFERENCE_PATTERN})/articles/(?P<pk>\d{{1,18}})/$",
        TicketArticleView.as_view(),
        name="ticket-article",
    ),
    re_path(
        rf"^tickets/(?P<reference>{numbering.REFERENCE_PATTERN})/similar/$",
        SimilarTicketsView.as_view(),
        name="ticket-similar",
    ),
    path("knowledge/", include(knowledge_urls)),
    path("approvals/", WaitingView.as_view(), name="approvals"),
    re_path(r"^approvals/(?P<pk>\d{1,18})/decision/$", DecisionView.as_view(), name="approval-decision"),
    path("approvals/delegations/", DelegationsView.as_view(), name="approval-delegations"),
    re_path(
        r"^approvals/delegations/(?P<pk>\d{1,18})/$", DelegationView.as_view(), name="approval-delegation"
    ),
    re_path(
        rf"^tickets/(?P<reference>{numbering.REFERENCE_PATTERN})/approval/$",
        TicketApprovalView.as_view(),
        name="ticket-approval",
    ),
    *fulfilment_urls,
    *classification_ticket_urls,
    path("classification/", include(classification_urls)),
    path("", include(router.urls)),
    path("calls/", CallView.as_view(), name="calls"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI sets styles as it runs; its scripts, the page's own included, come from our files.
    path("docs/", DOCS_STYLES(SpectacularSwaggerSplitView.as_view(url_name="schema")), name="docs"),
    # Last: any other address under the API is the API's own 404, in JSON.
    re_path(r"^(?P<path>[\s\S]*)$", unrouted, name=UNROUTED),
]
