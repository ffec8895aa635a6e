"""Classification's routes: a ticket's predictions (wired under /api/v1/tickets/ by
moked.api.urls) and the fields and models under /api/v1/classification/."""

from django.urls import path, re_path

from moked.tickets import numbering

from .views import (
    CODE_PATTERN,
    FIELD_PATTERN,
    AcceptPredictionView,
    FieldsView,
    FieldView,
    ModelsView,
    ProviderModelsView,
    ProviderTrainView,
    TicketPredictionsView,
    TrainView,
)

TICKET = rf"^tickets/(?P<reference>{numbering.REFERENCE_PATTERN})/predictions/"
ORGANISATION = rf"^organisations/(?P<code>{CODE_PATTERN})/"

# Under /api/v1/ (before the router's ticket routes).
ticket_urlpatterns = [
    re_path(rf"{TICKET}$", TicketPredictionsView.as_view(), name="ticket-predictions"),
    re_path(
        rf"{TICKET}(?P<field>{FIELD_PATTERN})/accept/$",
        AcceptPredictionView.as_view(),
        name="ticket-prediction-accept",
    ),
]

# Under /api/v1/classification/.
urlpatterns = [
    re_path(rf"{ORGANISATION}fields/$", FieldsView.as_view(), name="classification-fields"),
    re_path(
        rf"{ORGANISATION}fields/(?P<field>{FIELD_PATTERN})/$",
        FieldView.as_view(),
        name="classification-field",
    ),
    re_path(rf"{ORGANISATION}models/$", ModelsView.as_view(), name="classification-models"),
    re_path(rf"{ORGANISATION}train/$", TrainView.as_view(), name="classification-train"),
    path("provider/models/", ProviderModelsView.as_view(), name="classification-provider-models"),
    path("provider/train/", ProviderTrainView.as_view(), name="classification-provider-train"),
]
