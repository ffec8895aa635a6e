"""Classification per organisation: for each predicted field its mode and target precision, what
the model in use promised on held-out tickets and what its predictions did since, the models
trained so far, and training on demand.

The provider's staff who serve an organisation see its figures; only admins change its settings
or train (the services refuse others: 403). An organisation the person does not serve is 404."""

from decimal import Decimal

import rules
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from moked.classification import selectors as classification
from moked.classification import services
from moked.classification.models import FieldSetting, PredictedField

from ..common import refusals
from ..workspace.views import _staff

SECTION = (gettext_lazy("Classification"), "administration-classification")


class FieldModeForm(forms.Form):
    """One field's mode and target precision, the latter as a whole percentage."""

    mode = forms.ChoiceField(label=gettext_lazy("Mode"), choices=FieldSetting.Mode.choices)
    target_percent = forms.IntegerField(
        label=gettext_lazy("Target precision (%)"), min_value=50, max_value=99
    )


def _organisation_or_404(person, pk):
    organisation = classification.classified_organisations(person).filter(pk=pk).first()
    if organisation is None:
        raise Http404
    return organisation


def _models(person, organisation) -> list[dict]:
    """The organisation's models (None: provider-wide), each with its fields' evaluations by name."""
    names = dict(PredictedField.choices)
    return [
        {
            "model": model,
            "fields": [
                (names.get(field, field), figures["accuracy"], figures["macro_f1"], figures["rows"])
                for field, figures in model.evaluation.items()
            ],
        }
        for model in classification.models_of(person, organisation)
    ]


@login_required
def overview(request):
    person = _staff(request)
    context = {
        "organisations": classification.classified_organisations(person),
        "provider_models": _models(person, None),
        "may_configure": rules.has_perm("classification.configure", person, None),
        "refusals": refusals.pop(request),
    }
    return render(request, "web/administration/classification_list.html", context)


@login_required
def organisation_page(request, pk):
    person = _staff(request)
    organisation = _organisation_or_404(person, pk)
    context = {
        "organisation": organisation,
        "figures": classification.field_figures(person, organisation),
        "days": classification.FIGURES_DAYS,
        "models": _models(person, organisation),
        "modes": FieldSetting.Mode.choices,
        "may_configure": rules.has_perm("classification.configure", person, organisation),
        "refusals": refusals.pop(request),
    }
    return render(request, "web/administration/classification_organisation.html", context)


@login_required
@require_POST
def change_field(request, pk, field):
    person = _staff(request)
    organisation = _organisation_or_404(person, pk)
    form = FieldModeForm(request.POST)
    if not form.is_valid():
        refusals.keep_form_errors(request, form)
        return redirect("administration-classification-organisation", organisation.pk)
    target = Decimal(form.cleaned_data["target_percent"]) / 100
    changed = refusals.apply(
        request,
        lambda: services.set_field_mode(
            person, organisation, field, mode=form.cleaned_data["mode"], target_precision=target
        ),
    )
    if changed:
        names = {
            "field": dict(PredictedField.choices).get(field, field),
            "mode": FieldSetting.Mode(form.cleaned_data["mode"]).label,
        }
        messages.success(request, _("%(field)s: %(mode)s. Saved.") % names)
    return redirect("administration-classification-organisation", organisation.pk)


def _queued(request) -> None:
    messages.success(
        request, _("Training was queued. The new model is listed here once the worker has trained it.")
    )


@login_required
@require_POST
def train(request, pk):
    person = _staff(request)
    organisation = _organisation_or_404(person, pk)
    services.train_now(person, organisation)
    _queued(request)
    return redirect("administration-classification-organisation", organisation.pk)


@login_required
@require_POST
def train_provider_wide(request):
    services.train_now(_staff(request), None)
    _queued(request)
    return redirect("administration-classification")


urlpatterns = [
    path("classification/", overview, name="administration-classification"),
    path(
        "classification/train/", train_provider_wide, name="administration-classification-train-provider-wide"
    ),
    path("classification/<int:pk>/", organisation_page, name="administration-classification-organisation"),
    path("classification/<int:pk>/train/", train, name="administration-classification-train"),
    path(
        "classification/<int:pk>/fields/<slug:field>/",
        change_field,
        name="administration-classification-field",
    ),
]
