"""Thin views over moked.classification's services and selectors.

/api/v1/tickets/{reference}/predictions/: a ticket's predictions, for the provider's staff who may
see the ticket (a ticket they may not see is a 404; a client, who sees their ticket, is refused
with a 403); accepting one sets the field through the ticket's services (channel API).

/api/v1/classification/organisations/{code}/...: an organisation's fields and models, for the
staff serving it (an organisation the caller does not serve is a 404, as one that does not exist);
changing a field's mode and training on demand are its admins'. /api/v1/classification/provider/
models/ and train/: the provider-wide model, the fallback of organisations with little history.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from moked.api.tickets.lookup import ticket_or_404
from moked.classification import selectors, services
from moked.classification.fields import FIELDS
from moked.tenancy.models import Organisation
from moked.tickets.models import EventChannel, Ticket

from .serializers import (
    ClassifierModelSerializer,
    CurveQuerySerializer,
    FieldFiguresSerializer,
    FieldSettingSerializer,
    FiguresQuerySerializer,
    PredictionSerializer,
    TrainingQueuedSerializer,
    evaluation_data,
    figures_data,
    prediction_data,
)

FIELD_PATTERN = "|".join(FIELDS)
CODE_PATTERN = r"[A-Za-z0-9_-]{1,20}"

REFERENCE = OpenApiParameter("reference", str, OpenApiParameter.PATH, description="The ticket's reference.")
FIELD = OpenApiParameter(
    "field", str, OpenApiParameter.PATH, enum=list(FIELDS), description="The predicted field."
)
CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="The organisation's code.")


def _staff_ticket(request, reference: str) -> Ticket:
    ticket = ticket_or_404(request, reference)
    if not request.user.is_staff_member:
        raise exceptions.PermissionDenied(_("Only the provider's staff see a ticket's predictions."))
    return ticket


def _predictions(request, ticket: Ticket) -> list[dict]:
    return [
        prediction_data(suggestion, ticket.organisation_id)
        for suggestion in selectors.ticket_suggestions(request.user, ticket)
    ]


class TicketPredictionsView(APIView):
    """What classification predicted for a ticket when it was created."""

    @extend_schema(parameters=[REFERENCE], responses=PredictionSerializer(many=True))
    def get(self, request, reference):
        """The ticket's predictions whose values still fit it, in the order of the fields."""
        ticket = _staff_ticket(request, reference)
        return Response(PredictionSerializer(_predictions(request, ticket), many=True).data)


# The actions answer POST alone (405 for anything else, OPTIONS too).
ACTION_METHODS = ["post"]


class AcceptPredictionView(APIView):
    """Accept one prediction: the ticket's field takes the predicted value."""

    parser_classes = [JSONParser]
    http_method_names = ACTION_METHODS

    @extend_schema(parameters=[REFERENCE, FIELD], request=None, responses=PredictionSerializer)
    def post(self, request, reference, field):
        """Set the field to its predicted value (an event on the ticket's timeline, through the
        API) and record that the prediction was accepted. 400 when nothing was predicted for the
        field, when its value no longer fits the ticket, and for the ticket type (fixed once the
        ticket is open)."""
        ticket = _staff_ticket(request, reference)
        ticket = services.accept_prediction(request.user, ticket, field, channel=EventChannel.API)
        for item in _predictions(request, ticket):
            if item["field"] == field:
                return Response(PredictionSerializer(item).data)
        raise exceptions.NotFound()


def organisation_or_404(request, code: str) -> Organisation:
    """The organisation, or the same 404 whether it does not exist or the caller does not serve it."""
    found = selectors.classified_organisations(request.user).filter(code=code).first()
    if found is None:
        raise exceptions.NotFound()
    return found


def _figures(request, organisation: Organisation, days: int | None = None) -> list[dict]:
    kwargs = {"days": days} if days else {}
    return [figures_data(item) for item in selectors.field_figures(request.user, organisation, **kwargs)]


class FieldsView(APIView):
    """Every predicted field of an organisation."""

    @extend_schema(parameters=[CODE, FiguresQuerySerializer], responses=FieldFiguresSerializer(many=True))
    def get(self, request, code):
        """Each field's mode, target precision and threshold, what its model reached on held-out
        tickets, and the precision and coverage of its predictions over the last `days` days."""
        organisation = organisation_or_404(request, code)
        query = FiguresQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        figures = _figures(request, organisation, query.validated_data.get("days"))
        return Response(FieldFiguresSerializer(figures, many=True).data)


class FieldView(APIView):
    """One predicted field of an organisation."""

    parser_classes = [JSONParser]

    @extend_schema(parameters=[CODE, FIELD], responses=FieldFiguresSerializer)
    def get(self, request, code, field):
        """The field's settings and figures over the last 90 days."""
        organisation = organisation_or_404(request, code)
        return Response(FieldFiguresSerializer(_one(request, organisation, field)).data)

    @extend_schema(parameters=[CODE, FIELD], request=FieldSettingSerializer, responses=FieldFiguresSerializer)
    def patch(self, request, code, field):
        """Choose the field's mode (off, suggest or automatic) and its target precision (admins);
        what is not given stays as it is."""
        organisation = organisation_or_404(request, code)
        given = FieldSettingSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        mode, target = services.field_settings(organisation.pk, fresh=True)[field]
        services.set_field_mode(
            request.user,
            organisation,
            field,
            mode=given.validated_data.get("mode", mode),
            target_precision=given.validated_data.get("target_precision", target),
        )
        return Response(FieldFiguresSerializer(_one(request, organisation, field)).data)


def _one(request, organisation: Organisation, field: str) -> dict:
    return next(item for item in _figures(request, organisation) if item["field"] == field)


def _models(request, organisation: Organisation | None) -> Response:
    query = CurveQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    curve = query.validated_data["curve"]
    models = selectors.models_of(request.user, organisation).select_related("organisation")
    shown = [
        {
            **{name: getattr(model, name) for name in ClassifierModelSerializer._declared_fields},
            "evaluation": evaluation_data(model.evaluation, curve=curve),
        }
        for model in models
    ]
    return Response(ClassifierModelSerializer(shown, many=True).data)


def _train(request, organisation: Organisation | None) -> Response:
    services.train_now(request.user, organisation)
    queued = {"organisation": organisation.code if organisation is not None else None, "queued": True}
    return Response(TrainingQueuedSerializer(queued).data, status=status.HTTP_202_ACCEPTED)


TRAINED = {202: OpenApiResponse(TrainingQueuedSerializer, description="Training is queued in the worker.")}


class ModelsView(APIView):
    """The models trained for an organisation, newest first."""

    @extend_schema(parameters=[CODE, CurveQuerySerializer], responses=ClassifierModelSerializer(many=True))
    def get(self, request, code):
        """Each version with its state (active, replaced, rejected) and its evaluation per field on
        held-out tickets; `curve=true` adds the precision and coverage at every threshold."""
        return _models(request, organisation_or_404(request, code))


class TrainView(APIView):
    """Train an organisation's model now."""

    http_method_names = ACTION_METHODS

    @extend_schema(parameters=[CODE], request=None, responses=TRAINED)
    def post(self, request, code):
        """Queue the training in the worker (admins); the new model replaces the active one only
        if it is not worse."""
        return _train(request, organisation_or_404(request, code))


class ProviderModelsView(APIView):
    """The provider-wide models, trained on every organisation's shared fields, newest first."""

    @extend_schema(parameters=[CurveQuerySerializer], responses=ClassifierModelSerializer(many=True))
    def get(self, request):
        """Each version with its state and its evaluation per field (`curve=true`: with the curve)."""
        return _models(request, None)


class ProviderTrainView(APIView):
    """Train the provider-wide model now."""

    http_method_names = ACTION_METHODS

    @extend_schema(request=None, responses=TRAINED)
    def post(self, request):
        """Queue the training in the worker (admins)."""
        return _train(request, None)
