"""Texts kept per language ({"en": ..., "fi": ...}: a catalogue item's, a form field's, an
approval step's) in the reader's language, else English."""

from django import template

from ..common.catalogue_forms import in_language as _in_language

register = template.Library()


@register.filter
def in_language(texts):
    """`{{ step.name|in_language }}`: the reader's text, else the English one, else any."""
    return _in_language(texts)
