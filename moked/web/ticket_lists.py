"""The agent's lists of tickets: the built-in views narrowed by filters, the views an agent saves
(or a colleague shares with their group), and actions on many tickets at once."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moked.people.selectors import assignable_agents, visible_groups
from moked.tenancy.selectors import visible_organisations
from moked.tickets import lifecycle
from moked.tickets.models import Channel, Priority, ResolutionCode, Status, TicketType
from moked.tickets.selectors import ticket_list
from moked.workspace import filters
from moked.workspace import services as saved
from moked.workspace.selectors import apply_filter, filter_choices, saved_views_for

from . import desk, refusals
from .bulk_actions import BULK_ACTIONS, run_bulk_action
from .forms import SavedViewForm
from .views import _staff


def _filter_from(query: QueryDict) -> filters.Parsed:
    return filters.parse({name: query.getlist(name) for name in query}, filter_choices())


def _list_page(request, person, *, base: str, ticket_filter, q: str, sort: str, title, saved_view=None):
    tickets = apply_filter(person, _starting_tickets(person, base, ticket_filter, q), ticket_filter)
    rows = list(desk.ordered(tickets, sort)[: desk.PAGE])
    groups = visible_groups(person).filter(is_active=True).order_by("name")
    agents = list(assignable_agents(person).order_by("name"))
    params = ticket_filter.as_params()
    context = {
        "views": desk.counted_views(person),
        "saved_views": saved_views_for(person),
        "current": base if saved_view is None else "",
        "saved_view": saved_view,
        "rows": rows,
        "title": title,
        "q": q,
        "sort": sort,
        "base": base,
        "filter": ticket_filter,
        "filter_query": urlencode(params, doseq=True),
        "filter_fields": _filter_fields(person, ticket_filter, groups, agents),
        "save_form": SavedViewForm(groups=groups, initial={"name": "", "shared_with": ""}),
        "bulk_actions": BULK_ACTIONS,
        "resolution_codes": ResolutionCode.choices,
        "agents": agents,
        "groups": groups,
        "here": request.get_full_path(),
        "refusals": refusals.pop(request),
    }
    return render(request, "web/desk/list.html", context)


def _starting_tickets(person, base: str, ticket_filter, q: str):
    """The view's tickets; "all" filtered by a resolved or closed status reaches past the open
    ones, so an organisation's whole history can be listed."""
    if base == "all" and lifecycle.DONE_STATUSES & set(ticket_filter.statuses):
        return ticket_list(person, q=q).order_by("-id")
    return desk.view_tickets(person, base, q)


def _filter_fields(person, ticket_filter, groups, agents) -> dict:
    """The choices of the filter bar, each marked as chosen or not."""

    def options(choices, chosen):
        return [(str(value), label, str(value) in chosen) for value, label in choices]

    agents = [(str(agent.pk), agent.name) for agent in agents]
    return {
        "status": options(Status.choices, set(ticket_filter.statuses)),
        "priority": options(Priority.choices, {str(p) for p in ticket_filter.priorities}),
        "type": options(TicketType.choices, set(ticket_filter.types)),
        "channel": options(Channel.choices, set(ticket_filter.channels)),
        "assignee": options(
            [(filters.ME, _("Me")), (filters.NOBODY, _("Nobody")), *agents], {ticket_filter.assignee}
        ),
        "group": options(
            [(filters.NOBODY, _("No group")), *((g.pk, g.name) for g in groups)], {ticket_filter.group}
        ),
        "organisation": options(
            visible_organisations(person).order_by("name").values_list("pk", "name"),
            {str(ticket_filter.organisation)},
        ),
    }


@login_required
def desk_view(request, name="mine"):
    person = _staff(request)
    if name not in desk.VIEWS:
        raise Http404
    parsed = _filter_from(request.GET)
    if parsed.errors:
        refusals.keep(
            request, [_("Filters not understood were left out: %(names)s.") % {"names": _names(parsed)}]
        )
    q, sort = request.GET.get("q", "").strip(), request.GET.get("sort", "")
    return _list_page(
        request, person, base=name, ticket_filter=parsed.filter, q=q, sort=sort, title=desk.VIEWS[name]
    )


def _names(parsed: filters.Parsed) -> str:
    return ", ".join(f"{name}={value}" for name, value in parsed.errors.items())


def _saved_view(person, pk):
    view = saved_views_for(person).filter(pk=pk).first()
    if view is None:
        raise Http404
    return view


@login_required
def saved_view_page(request, pk):
    person = _staff(request)
    view = _saved_view(person, pk)
    if request.method == "POST":
        return _change_saved_view(request, person, view)
    parsed = filters.parse(view.filters, filter_choices())
    return _list_page(
        request,
        person,
        base=view.base,
        ticket_filter=parsed.filter,
        q=view.q,
        sort=view.sort,
        title=view.name,
        saved_view=view,
    )


def _change_saved_view(request, person, view):
    if request.POST.get("action") == "delete":
        if refusals.apply(request, lambda: saved.delete_saved_view(person, view)):
            return redirect("desk")
        return redirect("saved-view", pk=view.pk)
    refusals.apply(request, lambda: saved.update_saved_view(person, view, _definition(request.POST)))
    return redirect("saved-view", pk=view.pk)


def _definition(post: QueryDict) -> dict:
    """The view a list page shows, as the page posts it back to be saved."""
    shown = QueryDict(post.get("query", ""))
    return {
        "base": post.get("base", "all"),
        "filters": {name: shown.getlist(name) for name in shown if name not in ("q", "sort")},
        "q": shown.get("q", ""),
        "sort": shown.get("sort", ""),
    }


@login_required
@require_POST
def save_view(request):
    """Save the list the agent is looking at (its base view, filters, search and order) by a name."""
    person = _staff(request)
    groups = visible_groups(person).filter(is_active=True)
    form = SavedViewForm(request.POST, groups=groups)
    back = _back(request)
    if not form.is_valid():
        refusals.keep_form_errors(request, form)
        return redirect(back)
    fields = {
        **_definition(request.POST),
        "name": form.cleaned_data["name"],
        "shared_with": groups.filter(pk=form.cleaned_data["shared_with"]).first()
        if form.cleaned_data["shared_with"]
        else None,
    }
    made = []
    if refusals.apply(request, lambda: made.append(saved.create_saved_view(person, **fields))):
        return redirect("saved-view", pk=made[0].pk)
    return redirect(back)


def _back(request) -> str:
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return reverse("desk")


@login_required
@require_POST
def bulk(request):
    """Apply one action to the tickets ticked on a list, then go back to that list with a report."""
    person = _staff(request)
    done, refused = run_bulk_action(person, request.POST)
    for line in done:
        messages.success(request, line)
    refusals.keep(request, refused)
    return redirect(_back(request))
