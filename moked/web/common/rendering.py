"""How Moked's forms are written: Django's template renderer, except for the selects (see
FormRenderer), which the ticket page has many options of."""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, escape

# Django's select.html, whose HTML the renderer below writes in Python.
SELECT_TEMPLATE = "web/widgets/select.html"


def _attributes(attrs: dict) -> str:
    """Django's django/forms/widgets/attrs.html, in Python."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class FormRenderer(DjangoTemplates):
    """Django's renderer, except that a select (SELECT_TEMPLATE) is written in Python: through the
    templates, each option cost about 50 µs, and the ticket page offers dozens of agents and groups
    in its forms. The HTML is the template's (tests/web/test_select_widget.py holds them equal)."""

    def render(self, template_name, context, request=None):
        if template_name != SELECT_TEMPLATE:
            return super().render(template_name, context, request)
        widget = context["widget"]
        parts = [f'<select name="{escape(widget["name"])}"{_attributes(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in group_choices:
                parts.append(
                    f'\n  <option value="{escape(option["value"])}"{_attributes(option["attrs"])}>'
                    f"{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)


RENDERER = FormRenderer()
