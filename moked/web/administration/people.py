"""People: everyone who signs in or asks for help, found by name, e-mail or phone and filtered by
organisation, role and activity; a form for each person, and for the provider's staff their
skills, working hours and absences."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moked.assignment.selectors import profile_of, visible_absences
from moked.assignment.services import create_absence, delete_absence, update_profile
from moked.people.models import STAFF_ROLES
from moked.people.selectors import find_people, visible_people
from moked.people.services import create_person, update_person

from ..common import refusals
from ..common.saving import attempt
from .access import admin_page
from .listing import one_page
from .people_forms import AbsenceForm, PeopleFilter, PersonForm, ProfileForm

SECTION = (_("People"), "administration-people")
PAGE_SIZE = 50
SAVED = _("Saved.")


def _listed(actor, chosen: dict):
    people = find_people(actor, chosen.get("q", ""))
    organisation = chosen.get("organisation")
    if organisation == PeopleFilter.STAFF:
        people = people.filter(role__in=STAFF_ROLES)
    elif organisation:
        people = people.filter(organisation_id=organisation)
    if chosen.get("role"):
        people = people.filter(role=chosen["role"])
    if chosen.get("active"):
        people = people.filter(is_active=chosen["active"] == "yes")
    return people.order_by("name", "pk")


@admin_page
def person_list(request):
    filters = PeopleFilter(request.GET, actor=request.user)
    page, query = one_page(request, _listed(request.user, filters.choices()), PAGE_SIZE)
    return render(
        request, "web/administration/people_list.html", {"filters": filters, "page": page, "query": query}
    )


@admin_page
def person_new(request):
    form = PersonForm(request.POST or None, actor=request.user, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        person = attempt(request, lambda: create_person(request.user, **form.changes()), form)
        if person:
            messages.success(request, _("%(name)s was added.") % {"name": person.name})
            return redirect("administration-person", pk=person.pk)
    context = {"form": form, "person": None, "refusals": refusals.pop(request)}
    return render(request, "web/administration/people_form.html", context)


@admin_page
def person_edit(request, pk):
    actor = request.user
    person = visible_people(actor).prefetch_related("organisations").filter(pk=pk).first()
    if person is None:
        raise Http404
    form = PersonForm(initial=PersonForm.initial_for(person), actor=actor, person=person)
    profile = profile_of(actor, person)
    profile_form = ProfileForm(
        initial={"skills": profile.skills, "calendar": profile.calendar} if profile else {}, actor=actor
    )
    absence_form = AbsenceForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "person":
            form = PersonForm(request.POST, actor=actor, person=person)
            if form.is_valid() and attempt(
                request, lambda: update_person(actor, person, form.changes()), form
            ):
                return _saved(request, person)
        elif action == "profile" and person.is_staff_member:
            profile_form = ProfileForm(request.POST, actor=actor)
            if profile_form.is_valid():
                changes = profile_form.cleaned_data
                if attempt(request, lambda: update_profile(actor, person, changes), profile_form):
                    return _saved(request, person)
        elif action == "absence" and person.is_staff_member:
            absence_form = AbsenceForm(request.POST)
            if absence_form.is_valid():
                fields = {"person": person, **absence_form.cleaned_data}
                if attempt(request, lambda: create_absence(actor, **fields), absence_form):
                    return _saved(request, person)
        elif action == "remove-absence":
            absence = _absence_of(actor, person, request.POST.get("absence", ""))
            if attempt(request, lambda: delete_absence(actor, absence)):
                return _saved(request, person, _("The absence was removed."))
            return redirect("administration-person", pk=person.pk)
    context = {
        "person": person,
        "form": form,
        "profile_form": profile_form,
        "absence_form": absence_form,
        "absences": visible_absences(actor).filter(person=person, ends_at__gt=timezone.now()),
        "refusals": refusals.pop(request),
    }
    return render(request, "web/administration/people_form.html", context)


def _absence_of(actor, person, pk: str):
    absence = visible_absences(actor).filter(person=person, pk=pk).first() if pk.isdigit() else None
    if absence is None:
        raise Http404
    return absence


def _saved(request, person, message=SAVED):
    """Back to the person's page, saying it worked."""
    messages.success(request, message)
    return redirect("administration-person", pk=person.pk)


urlpatterns = [
    path("people/", person_list, name="administration-people"),
    path("people/new/", person_new, name="administration-person-new"),
    path("people/<int:pk>/", person_edit, name="administration-person"),
]
