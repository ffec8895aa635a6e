"""The deflection report: of the portal's request forms that were shown articles in a period, how
many the articles solved, per organisation the staff person serves and per article."""

from datetime import timedelta

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moked.knowledge import deflection_figures
from moked.knowledge.selectors import readable_title

from ..common.forms import BootstrapForm, start_of_day

DEFAULT_DAYS = 30
LONGEST_PERIOD = timedelta(days=3 * 366)


class PeriodForm(BootstrapForm):
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and not start <= end <= start + LONGEST_PERIOD:
            raise forms.ValidationError(_("The period ends on or after its start, within three years."))
        return data


@login_required
def knowledge_deflection(request):
    person = request.user
    if not (person.is_active and person.is_staff_member):
        raise PermissionDenied
    today = timezone.localdate()
    default = {"start": today - timedelta(days=DEFAULT_DAYS - 1), "end": today}
    period = PeriodForm(request.GET or None, initial=default)
    days = period.cleaned_data if request.GET and period.is_valid() else default
    start, end = start_of_day(days["start"]), start_of_day(days["end"] + timedelta(days=1))
    organisations, total = deflection_figures.by_organisation(person, start, end)
    context = {
        "period": period,
        "organisations": organisations,
        "total": total,
        "articles": [
            (row, readable_title(person, row.subject))
            for row in deflection_figures.by_article(person, start, end)
        ],
    }
    return render(request, "web/workspace/deflection.html", context)
