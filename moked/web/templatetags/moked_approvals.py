"""`{% approvals_waiting user as waiting %}`: whether the portal's menu offers Approvals to a
person: a decision waits for them, or someone away has named them their delegate now. One query:
the menu is on every page."""

from django import template
from django.db.models import Exists, OuterRef
from django.utils import timezone

from moked.approvals.models import ApprovalStep, Approver, Delegation
from moked.people.models import Person

register = template.Library()


@register.simple_tag
def approvals_waiting(person) -> bool:
    now = timezone.now()
    asked = Approver.objects.filter(
        person_id=OuterRef("pk"),
        decision=Approver.Decision.PENDING,
        counts=True,
        step__status=ApprovalStep.Status.PENDING,
    )
    standing_in = Delegation.objects.filter(delegate_id=OuterRef("pk"), starts_at__lte=now, ends_at__gt=now)
    return Person.objects.filter(pk=person.pk).filter(Exists(asked) | Exists(standing_in)).exists()
