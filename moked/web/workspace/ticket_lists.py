"""The agent's lists of tickets: the built-in views narrowed by filters, the views an agent saves
(or a colleague shares with their group), and actions on many tickets at once."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from moked.people.selectors import assignable_agents, visible_groups, visible_organisations
from moked.tickets import lifecycle
from moked.tickets.models import (
    ENABLED_CHANNEL_CHOICES,
    ENABLED_TYPE_CHOICES,
    Priority,
    ResolutionCode,
    Status,
)
from moked.tickets.selectors import ticket_list
from moked.workspace import filters, lists, paging
from moked.workspace import services as saved
from moked.workspace.due import due_state
from moked.workspace.selectors import apply_filter, filter_choices, organisation_named, saved_views_for

from ..common import refusals
from . import desk
from .bulk_actions import BULK_ACTIONS, bulk_agents, run_bulk_action
from .forms import SavedViewForm
from .views import _staff


def _filter_from(query: QueryDict) -> filters.Parsed:
    return filters.parse({name: query.getlist(name) for name in query}, filter_choices())


@dataclass
class ListShown:
    """What a list page shows: a view (built in or saved), its filter, search and order."""

    base: str
    ticket_filter: filters.TicketFilter
    q: str
    sort: str
    title: str
    saved_view: object = None
    errors: dict = field(default_factory=dict)  # filters not understood: name → value


def _list_page(request, person, shown: ListShown):
    organisations = list(visible_organisations(person).order_by("name").values_list("pk", "code", "name"))
    ticket_filter = shown.ticket_filter
    organisation_id = organisation_named(person, ticket_filter.organisation, [o[:2] for o in organisations])
    if shown.errors:
        names = ", ".join(f"{name}={value}" for name, value in shown.errors.items())
        refusals.keep(request, [_("Filters not understood were left out: %(names)s.") % {"names": names}])
    if ticket_filter.organisation and organisation_id is None:
        # Unknown or out of reach, it reads the same; and lists nothing rather than every organisation.
        unknown = _("There is no organisation %(name)s among those you serve.")
        refusals.keep(request, [unknown % {"name": ticket_filter.organisation}])
        organisation_id = 0
    history = _reaches_past_open(shown.base, ticket_filter)
    tickets = apply_filter(
        person,
        _starting_tickets(person, shown.base, history, shown.q),
        ticket_filter,
        organisation_id=organisation_id,
    )
    page = paging.page_of(desk.ordered(tickets, shown.sort), request.GET.get("cursor", ""), desk.PAGE)
    now = timezone.now()
    for ticket in page.rows:
        ticket.due_state = due_state(ticket.sla_due_at, now)
    # Their members are read as ids by the bulk bar (bulk_agents), not as people.
    groups = visible_groups(person).prefetch_related(None).filter(is_active=True).order_by("name")
    # What the filter and bulk bars show of them (people carry passwords and preferences).
    agents = list(assignable_agents(person).select_related(None).only("pk", "name", "role").order_by("name"))
    params = ticket_filter.as_params()
    # What the column headings and the page links keep: a saved view keeps its own filters.
    kept = {} if shown.saved_view else {**params, **({"q": shown.q} if shown.q else {})}
    title = lists.ALL_TICKETS if history and shown.saved_view is None else shown.title
    context = {
        "views": desk.counted_views(person),
        "saved_views": saved_views_for(person),
        "current": shown.base if shown.saved_view is None else "",
        "saved_view": shown.saved_view,
        "page": page,
        "rows": page.rows,
        "total_cap": paging.TOTAL_CAP,
        "previous_page": _address(kept, shown.sort, page.previous_cursor),
        "next_page": _address(kept, shown.sort, page.next_cursor),
        "columns": _columns(kept, shown.sort),
        "title": title,
        "q": shown.q,
        "sort": shown.sort,
        "base": shown.base,
        "filter": ticket_filter,
        "filter_query": urlencode(params, doseq=True),
        "filter_fields": _filter_fields(ticket_filter, organisations, groups, agents),
        "save_form": SavedViewForm(groups=groups, initial={"name": "", "shared_with": ""}),
        "bulk_actions": BULK_ACTIONS,
        "resolution_codes": ResolutionCode.choices,
        "needs_resolution": lifecycle.RESOLVED,
        "agents": bulk_agents(agents, groups, page.rows),
        "groups": groups,
        "here": request.get_full_path(),
        "refusals": refusals.pop(request),
    }
    return render(request, "web/workspace/list.html", context)


def _address(kept: dict, sort: str, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    return "?" + urlencode({**kept, **({"sort": sort} if sort else {}), "cursor": cursor}, doseq=True)


def _columns(kept: dict, sort: str) -> dict[str, dict]:
    """For each order a heading sorts by: its link (going up, or down when it is the order going
    up already) and, for the heading of the order shown, its direction (for aria-sort)."""
    columns = {}
    for name in lists.SORTS:
        shown_up, shown_down = sort == name, sort == f"-{name}"
        target = f"-{name}" if shown_up else name
        columns[name] = {
            "address": "?" + urlencode({**kept, "sort": target}, doseq=True),
            "direction": "ascending" if shown_up else "descending" if shown_down else "",
        }
    return columns


def _reaches_past_open(base: str, ticket_filter) -> bool:
    """Whether the list is "all" filtered by a resolved or closed status: an organisation's history."""
    return base == "all" and bool(lifecycle.DONE_STATUSES & set(ticket_filter.statuses))


def _starting_tickets(person, base: str, history: bool, q: str):
    """The view's tickets; "all" filtered by a resolved or closed status reaches past the open
    ones, so an organisation's whole history can be listed."""
    if history:
        return ticket_list(person, q=q).order_by("-id")
    return desk.view_tickets(person, base, q)


def _filter_fields(ticket_filter, organisations, groups, agents) -> dict:
    """The choices of the filter bar, each marked as chosen or not: only the ticket types and
    channels Moked has (a list can still be filtered by another one in its address)."""

    def options(choices, chosen):
        return [(str(value), label, str(value) in chosen) for value, label in choices]

    agents = [(str(agent.pk), agent.name) for agent in agents]
    chosen_organisation = ticket_filter.organisation.upper()
    return {
        "status": options(Status.choices, set(ticket_filter.statuses)),
        "priority": options(Priority.choices, {str(p) for p in ticket_filter.priorities}),
        "type": options(ENABLED_TYPE_CHOICES, set(ticket_filter.types)),
        "channel": options(ENABLED_CHANNEL_CHOICES, set(ticket_filter.channels)),
        "assignee": options(
            [(filters.ME, _("Me")), (filters.NOBODY, _("Nobody")), *agents], {ticket_filter.assignee}
        ),
        "group": options(
            [(filters.NOBODY, _("No group")), *((g.pk, g.name) for g in groups)], {ticket_filter.group}
        ),
        "organisation": [
            (code, name, chosen_organisation in (code, str(pk))) for pk, code, name in organisations
        ],
    }


@login_required
def desk_view(request, name="mine"):
    person = _staff(request)
    if name not in desk.VIEWS:
        raise Http404
    parsed = _filter_from(request.GET)
    q, sort = request.GET.get("q", "").strip(), _sort(request.GET)
    shown = ListShown(name, parsed.filter, q, sort, desk.VIEWS[name], errors=dict(parsed.errors))
    return _list_page(request, person, shown)


def _sort(query: QueryDict, default: str = "") -> str:
    sort = query.get("sort", default)
    return sort if sort.removeprefix("-") in lists.SORTS else default


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
    # A heading sorts the view's list for now (?sort=); the view keeps its own order.
    shown = ListShown(view.base, parsed.filter, view.q, _sort(request.GET, view.sort), view.name, view)
    return _list_page(request, person, shown)


def _change_saved_view(request, person, view):
    if request.POST.get("action") == "delete":
        if refusals.apply(request, lambda: saved.delete_saved_view(person, view)):
            messages.success(request, _("The view “%(name)s” was deleted.") % {"name": view.name})
            return redirect("desk")
        return redirect("saved-view", pk=view.pk)
    if refusals.apply(request, lambda: saved.update_saved_view(person, view, _definition(request.POST))):
        messages.success(request, _("The view “%(name)s” was saved.") % {"name": view.name})
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
        messages.success(request, _("The view “%(name)s” was saved.") % {"name": made[0].name})
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
