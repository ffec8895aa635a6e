"""A share (0.87) as a percentage people of each language read (87%, ۸۷٪), "–" when unknown."""

from django import template
from django.utils.translation import gettext as _

from .moked_numbers import localized

register = template.Library()


@register.filter
def percent(share):
    """`{{ share|percent }}`: a share between 0 and 1 as a whole percentage; "–" for None."""
    if share is None or share == "":
        return "–"
    return _("%(value)s%%") % {"value": localized(round(float(share) * 100))}
