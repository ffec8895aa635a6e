"""`{% approvals_waiting user as waiting %}`: whether decisions wait for the person (theirs, or of
people away who named them), for the portal's menu."""

from django import template

from moked.approvals import selectors

register = template.Library()


@register.simple_tag
def approvals_waiting(person) -> bool:
    return selectors.pending_for(person).exists()
