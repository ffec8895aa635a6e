"""For the two-factor sign-in pages: whether the reader's groups require it."""

from django import template

from moked.people.selectors import two_factor_required

register = template.Library()


@register.simple_tag(takes_context=True)
def group_requires_two_factor(context) -> bool:
    """`{% group_requires_two_factor as required %}`: whether the signed-in person must use it."""
    user = context["request"].user
    return user.is_authenticated and two_factor_required(user)
