"""Thin views over moked.approvals' services and selectors.

/api/v1/approvals/: what waits for the caller's decision (their own, and that of people away who
named them delegate); /api/v1/approvals/{id}/decision/ decides one (another person's is a 404, as
one that does not exist). /api/v1/tickets/{reference}/approval/: a ticket's approval progress, for
whoever may see the ticket (approvers included). /api/v1/approvals/delegations/: the caller's
delegations (set one, end one).
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from moked.api.serializers import ResponseSerializer
from moked.api.tickets.serializers import PersonSummary
from moked.approvals import selectors, services
from moked.approvals.models import Approval, ApprovalStep, Approver, Delegation
from moked.people.models import Person, Role
from moked.tickets import numbering
from moked.tickets.models import EventChannel, Ticket

REFERENCE = OpenApiParameter("reference", str, OpenApiParameter.PATH, description="The ticket's reference.")
ID = OpenApiParameter("id", int, OpenApiParameter.PATH)


def _language() -> str:
    return translation.get_language() or "en"


class StepSummary(ResponseSerializer):
    position = serializers.IntegerField(read_only=True, help_text=gettext_lazy("From 0, in order."))
    name = serializers.CharField(read_only=True, help_text=gettext_lazy("In the caller's language."))
    rule = serializers.ChoiceField(choices=ApprovalStep.Rule.choices, read_only=True)
    count = serializers.IntegerField(read_only=True, help_text=gettext_lazy("The n of “at least n”."))
    status = serializers.ChoiceField(choices=ApprovalStep.Status.choices, read_only=True)
    started_at = serializers.DateTimeField(read_only=True, allow_null=True)
    ended_at = serializers.DateTimeField(read_only=True, allow_null=True)
    expire_at = serializers.DateTimeField(read_only=True, allow_null=True)
    escalated_at = serializers.DateTimeField(read_only=True, allow_null=True)


class WaitingSerializer(ResponseSerializer):
    """One decision waiting for the caller."""

    id = serializers.IntegerField(read_only=True, help_text=gettext_lazy("Decide it at .../{id}/decision/."))
    ticket = serializers.CharField(read_only=True, help_text=gettext_lazy("The ticket's reference."))
    subject = serializers.CharField(read_only=True)
    requester = PersonSummary(read_only=True)
    asked_as = serializers.ChoiceField(choices=Approver.Via.choices, read_only=True)
    on_behalf_of = PersonSummary(
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("The approver away, when the caller is their delegate."),
    )
    step = StepSummary(read_only=True)


class ApproverSerializer(ResponseSerializer):
    person = PersonSummary(read_only=True)
    asked_as = serializers.ChoiceField(choices=Approver.Via.choices, read_only=True)
    counts = serializers.BooleanField(read_only=True)
    decision = serializers.ChoiceField(choices=Approver.Decision.choices, read_only=True)
    decided_by = PersonSummary(read_only=True, allow_null=True)
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)
    comment = serializers.CharField(read_only=True)
    channel = serializers.CharField(read_only=True)


class StepSerializer(StepSummary):
    approvers = ApproverSerializer(many=True, read_only=True)


class ApprovalSerializer(ResponseSerializer):
    """A ticket's approval and how far it got."""

    id = serializers.IntegerField(read_only=True)
    ticket = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=Approval.Status.choices, read_only=True)
    current_step = serializers.IntegerField(read_only=True, allow_null=True)
    started_at = serializers.DateTimeField(read_only=True)
    ended_at = serializers.DateTimeField(read_only=True, allow_null=True)
    reason = serializers.CharField(read_only=True)
    steps = StepSerializer(many=True, read_only=True)


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "reject"])
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=services.MAX_COMMENT, default=""
    )


class DelegationSerializer(ResponseSerializer):
    id = serializers.IntegerField(read_only=True)
    person = PersonSummary(read_only=True)
    delegate = PersonSummary(read_only=True)
    starts_at = serializers.DateTimeField(read_only=True)
    ends_at = serializers.DateTimeField(read_only=True)


class NewDelegationSerializer(serializers.Serializer):
    delegate = serializers.IntegerField(min_value=1, max_value=2**62)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    person = serializers.IntegerField(
        min_value=1,
        max_value=2**62,
        required=False,
        help_text=gettext_lazy("Admins: whose delegation it is."),
    )


def _person(person: Person | None) -> dict | None:
    return None if person is None else {"id": person.pk, "name": person.name, "email": person.email}


def _step(step: ApprovalStep) -> dict:
    return {
        "position": step.position,
        "name": step.name_in(_language()),
        "rule": step.rule,
        "count": step.count,
        "status": step.status,
        "started_at": step.started_at,
        "ended_at": step.ended_at,
        "expire_at": step.expire_at,
        "escalated_at": step.escalated_at,
    }


def _waiting(row: Approver, caller: Person) -> dict:
    ticket = row.step.approval.ticket
    return {
        "id": row.pk,
        "ticket": ticket.reference,
        "subject": ticket.subject,
        "requester": _person(ticket.requester),
        "asked_as": row.via,
        "on_behalf_of": _person(row.person) if row.person_id != caller.pk else None,
        "step": _step(row.step),
    }


def _approval(approval: Approval) -> dict:
    return {
        "id": approval.pk,
        "ticket": approval.ticket.reference,
        "status": approval.status,
        "current_step": approval.current_step,
        "started_at": approval.started_at,
        "ended_at": approval.ended_at,
        "reason": approval.reason,
        "steps": [
            {
                **_step(step),
                "approvers": [
                    {
                        "person": _person(row.person),
                        "asked_as": row.via,
                        "counts": row.counts,
                        "decision": row.decision,
                        "decided_by": _person(row.decided_by),
                        "decided_at": row.decided_at,
                        "comment": row.comment,
                        "channel": row.channel,
                    }
                    for row in step.asked
                ],
            }
            for step in approval.ordered_steps
        ],
    }


class WaitingView(APIView):
    """What waits for the caller's decision."""

    @extend_schema(responses=WaitingSerializer(many=True))
    def get(self, request):
        """The caller's pending approvals, oldest first, with those of people away who named the
        caller their delegate (`on_behalf_of`)."""
        rows = selectors.pending_for(request.user)[:500]
        return Response(WaitingSerializer([_waiting(row, request.user) for row in rows], many=True).data)


class DecisionView(APIView):
    """Approve or reject."""

    parser_classes = [JSONParser]
    http_method_names = ["post"]

    @extend_schema(parameters=[ID], request=DecisionSerializer, responses=ApprovalSerializer)
    def post(self, request, pk):
        """Decide one of the caller's pending approvals with a comment (an event on the ticket);
        the answer is the approval as it stands after it."""
        row = selectors.pending_approver(request.user, int(pk))
        if row is None:
            raise exceptions.NotFound()
        given = DecisionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        approval = services.decide(
            request.user,
            row,
            approve=given.validated_data["decision"] == "approve",
            comment=given.validated_data["comment"],
            channel=EventChannel.API,
        )
        shown = selectors.approval_of(request.user, approval.ticket)
        return Response(ApprovalSerializer(_approval(shown)).data)


def _ticket_or_404(request, reference: str) -> Ticket:
    """The ticket if the caller may see it (approvers included), else the same 404 as for none."""
    parsed = numbering.parse_reference(reference)
    ticket = None
    if parsed is not None:
        ticket = Ticket.objects.filter(ticket_type=parsed[0], number=parsed[1]).first()
    if ticket is None:
        raise exceptions.NotFound()
    return ticket


class TicketApprovalView(APIView):
    """A ticket's approval."""

    @extend_schema(parameters=[REFERENCE], responses=ApprovalSerializer)
    def get(self, request, reference):
        """The ticket's latest approval: each step, who was asked, what they decided and when.
        404 when the ticket has none or the caller may not see it."""
        approval = selectors.approval_of(request.user, _ticket_or_404(request, reference))
        if approval is None:
            raise exceptions.NotFound()
        return Response(ApprovalSerializer(_approval(approval)).data)


def _nameable(request, pk: int, field: str) -> Person:
    """A person the caller may name: of their own organisation for a client, staff for staff."""
    caller = request.user
    people = Person.objects.filter(pk=pk, is_active=True)
    if caller.role == Role.ADMIN:
        found = people.first()
    elif caller.is_client:
        found = people.filter(organisation_id=caller.organisation_id).first()
    else:
        found = people.filter(Q(organisation__isnull=True)).first()
    if found is None:
        raise ValidationError({field: _("There is no such person you can name.")})
    return found


def _delegation(row: Delegation) -> dict:
    return {
        "id": row.pk,
        "person": _person(row.person),
        "delegate": _person(row.delegate),
        "starts_at": row.starts_at,
        "ends_at": row.ends_at,
    }


class DelegationsView(APIView):
    """The caller's delegations."""

    parser_classes = [JSONParser]

    @extend_schema(responses=DelegationSerializer(many=True))
    def get(self, request):
        """Delegations not over yet that the caller set, or that make the caller a delegate."""
        shown = [_delegation(row) for row in selectors.delegations_of(request.user)]
        return Response(DelegationSerializer(shown, many=True).data)

    @extend_schema(request=NewDelegationSerializer, responses={201: DelegationSerializer})
    def post(self, request):
        """Name who decides the caller's approvals from `starts_at` to `ends_at` (admins may set
        someone else's with `person`)."""
        given = NewDelegationSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        person = _nameable(request, data["person"], "person") if "person" in data else request.user
        delegation = services.set_delegation(
            request.user,
            person=person,
            delegate=_nameable(request, data["delegate"], "delegate"),
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
        )
        return Response(DelegationSerializer(_delegation(delegation)).data, status=status.HTTP_201_CREATED)


class DelegationView(APIView):
    """One of the caller's delegations."""

    http_method_names = ["delete"]

    @extend_schema(parameters=[ID], responses={204: None})
    def delete(self, request, pk):
        """End it now (one not started yet is removed)."""
        rows = Delegation.objects.filter(pk=int(pk))
        if request.user.role != Role.ADMIN or not request.user.is_active:
            rows = rows.filter(person_id=request.user.pk)
        delegation = rows.first()
        if delegation is None:
            raise exceptions.NotFound()
        services.end_delegation(request.user, delegation)
        return Response(status=status.HTTP_204_NO_CONTENT)
