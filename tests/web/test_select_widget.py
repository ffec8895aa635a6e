"""The form renderer writes selects in Python: the HTML must be what Django's templates write."""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from moked.web.common.rendering import RENDERER, SELECT_TEMPLATE
from moked.web.workspace.forms import MemberSelect

CHOICES = [
    ("", "—"),
    ("1", 'Dana "Tier 1" <Cohen> & co'),
    (2, mark_safe("<b>safe</b>")),
    ("Network", [("3", "VPN"), ("4", "Wi-Fi")]),
]


def both(widget, value, attrs=None):
    widget.template_name = SELECT_TEMPLATE
    django_templates = DjangoTemplates()
    return (
        widget.render("assignee", value, attrs=attrs, renderer=RENDERER),
        widget.render("assignee", value, attrs=attrs, renderer=django_templates),
    )


def test_a_select_is_written_as_the_template_writes_it():
    widget = forms.Select(
        attrs={"class": "form-select", "required": True, "disabled": False}, choices=CHOICES
    )
    ours, django = both(widget, "1", attrs={"id": "id_assignee", "data-x": 'a"b'})
    assert ours == django
    assert "selected" in ours and "&lt;Cohen&gt;" in ours and "<optgroup" in ours


def test_a_multiple_select_and_the_members_select_too():
    multiple = forms.SelectMultiple(attrs={"size": 3}, choices=CHOICES)
    ours, django = both(multiple, ["1", "4"])
    assert ours == django
    members = MemberSelect(attrs={"data-members-of": "id_group"}, memberships={1: [5, 7], 4: [9]})
    members.choices = CHOICES
    ours, django = both(members, "")
    assert ours == django
    assert 'data-groups="5 7"' in ours
