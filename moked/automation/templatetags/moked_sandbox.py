"""What texts with placeholders may use: tags and filters that fill in a value once each, without
loops, and whose output grows no faster than the text itself. Loops (`for`), repeated or
generated output (`cycle`, `lorem`, `widthratio`), padding (`center`, `ljust`, `rjust`,
`stringformat`, `floatformat`) and filters that multiply their input when chained (`join`, `add`,
`urlencode`, `addslashes`, the escapes) are left out: a template of a few hundred characters
could otherwise keep a worker busy for hours or fill its memory."""

from django import template
from django.template import defaultfilters, defaulttags

from . import moked_dates

TAGS = (
    "autoescape",
    "comment",
    "filter",
    "firstof",
    "if",
    "load",
    "now",
    "spaceless",
    "templatetag",
    "verbatim",
    "with",
)
FILTERS = (
    "capfirst",
    "cut",
    "date",
    "default",
    "default_if_none",
    "divisibleby",
    "filesizeformat",
    "first",
    "last",
    "length",
    "lower",
    "pluralize",
    "slice",
    "slugify",
    "time",
    "timesince",
    "timeuntil",
    "title",
    "truncatechars",
    "truncatewords",
    "upper",
    "wordcount",
    "wordwrap",
    "yesno",
)

register = template.Library()
register.tags.update({name: defaulttags.register.tags[name] for name in TAGS})
register.filters.update({name: defaultfilters.register.filters[name] for name in FILTERS})
register.filters.update(moked_dates.register.filters)
