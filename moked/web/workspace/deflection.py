"""The deflection report: of the portal's request forms that were shown articles in a period, how
many the articles solved, per organisation the staff person serves and per article."""

from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moked.knowledge import deflection_figures
from moked.knowledge.selectors import readable_title

from ..common.forms import BootstrapForm
from . import deflection_csv


class PeriodForm(BootstrapForm):
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and not deflection_figures.period_is_valid(start, end):
            raise forms.ValidationError(_("The period ends on or after its start, within three years."))
        return data


def _figures(request) -> dict:
    """The period asked for (the last thirty days when none, or a bad one, is asked for) and its
    figures, for the staff person asking."""
    person = request.user
    if not (person.is_active and person.is_staff_member):
        raise PermissionDenied
    first, last = deflection_figures.default_period(timezone.localdate())
    default = {"start": first, "end": last}
    period = PeriodForm(request.GET or None, initial=default)
    days = period.cleaned_data if request.GET and period.is_valid() else default
    start, end = deflection_figures.period_bounds(days["start"], days["end"])
    organisations, total = deflection_figures.by_organisation(person, start, end)
    return {
        "period": period,
        "days": days,
        "organisations": organisations,
        "total": total,
        "articles": [
            (row, readable_title(person, row.subject))
            for row in deflection_figures.by_article(person, start, end)
        ],
    }


@login_required
def knowledge_deflection(request):
    context = _figures(request)
    context["export_query"] = urlencode({"start": context["days"]["start"], "end": context["days"]["end"]})
    return render(request, "web/workspace/deflection.html", context)


@login_required
def knowledge_deflection_csv(request):
    """The page's figures, for the same period, as a CSV file spreadsheets open in any language."""
    context = _figures(request)
    days = context["days"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="deflection-{days["start"]}-{days["end"]}.csv"'
    response.write(deflection_csv.table(context["organisations"], context["total"], context["articles"]))
    return response
