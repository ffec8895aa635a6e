"""What people wrote, as pages show it: line breaks kept, and a long text folded after its
beginning, so a page with a pasted log stays quick to read and to draw."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

# A text longer than this folds; what shows before the fold is about a screenful.
FOLD_OVER_CHARACTERS = 2_000
FOLD_OVER_LINES = 30
SHOWN_CHARACTERS = 1_200
SHOWN_LINES = 15


def split_for_folding(text: str) -> tuple[str, str]:
    """(the beginning shown, the rest folded away); the rest is empty for a short text. The cut
    falls at a line end, or in a text without any near the cut, at a space."""
    if len(text) <= FOLD_OVER_CHARACTERS and text.count("\n") < FOLD_OVER_LINES:
        return text, ""
    head = text[:SHOWN_CHARACTERS]
    line_ends = [index for index, char in enumerate(head) if char == "\n"]
    if len(line_ends) >= SHOWN_LINES:
        cut = line_ends[SHOWN_LINES - 1]
    elif line_ends and line_ends[-1] > SHOWN_CHARACTERS // 2:
        cut = line_ends[-1]
    else:
        space = head.rfind(" ", SHOWN_CHARACTERS // 2)
        cut = space if space > 0 else SHOWN_CHARACTERS
    return text[:cut], text[cut:].lstrip("\n")


@register.filter(needs_autoescape=True)
def folded(text, autoescape=True):
    """`{{ ticket.description|folded }}`: the text with its line breaks; a long one shows its
    beginning and the rest behind "Show the whole text" (a `<details>`, no script needed)."""
    head, rest = split_for_folding(str(text or ""))
    if not rest:
        return linebreaksbr(head, autoescape)
    return format_html(
        '{}<details class="folded"><summary>{}</summary>{}</details>',
        linebreaksbr(head, autoescape),
        _("Show the whole text"),
        linebreaksbr(rest, autoescape),
    )
