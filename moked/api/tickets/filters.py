"""Filters of the ticket list: ?organisation=ACME&status=new,assigned&assignee=me&created_after=..."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from moked.api.filters import StrictBooleanFilter, UtcIsoDateTimeFilter
from moked.tenancy.models import Organisation
from moked.tickets import lifecycle
from moked.tickets.models import Channel, Priority, Status, Ticket, TicketType
from moked.tickets.selectors import only_open

MAX_ID = 2**63 - 1


class ChoiceInFilter(django_filters.BaseInFilter, django_filters.ChoiceFilter):
    """Comma-separated choices: ?status=new,assigned."""


class IdFilter(django_filters.NumberFilter):
    """An id; out-of-range numbers match nothing instead of overflowing the database driver."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class TicketFilter(django_filters.FilterSet):
    organisation = django_filters.CharFilter(
        method="filter_organisation", help_text=_("Organisation codes, comma-separated.")
    )
    status = ChoiceInFilter(
        choices=Status.choices, method="filter_status", help_text=_("Statuses, comma-separated.")
    )
    open = StrictBooleanFilter(method="filter_open", help_text=_("true: not resolved or closed."))
    priority = ChoiceInFilter(choices=Priority.choices)
    ticket_type = ChoiceInFilter(choices=TicketType.choices)
    channel = ChoiceInFilter(choices=Channel.choices)
    group = IdFilter(field_name="group_id")
    unassigned = StrictBooleanFilter(field_name="assignee", lookup_expr="isnull")
    assignee = django_filters.CharFilter(method="filter_assignee", help_text=_("A person's id, or “me”."))
    requester = IdFilter(field_name="requester_id")
    service = IdFilter(field_name="service_id")
    category = IdFilter(field_name="category_id")
    tag = django_filters.CharFilter(field_name="tag_links__name", max_length=50)
    escalated = StrictBooleanFilter(method="filter_escalated")
    created_after = UtcIsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = UtcIsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    updated_after = UtcIsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")
    updated_before = UtcIsoDateTimeFilter(field_name="updated_at", lookup_expr="lt")

    class Meta:
        model = Ticket
        fields = []

    def get_form_class(self):
        """The form class, built once: django-filter builds a new one for every request, with a
        form field per filter, which costs more than the query it filters. None of these filters
        depends on the request, so the class can be shared."""
        cls = type(self)
        form_class = cls.__dict__.get("_form_class")
        if form_class is None:
            form_class = super().get_form_class()
            cls._form_class = form_class
        return form_class

    def filter_organisation(self, tickets, name, value):
        # By id, not through a join on the code: the (organisation, status, id) index then applies.
        codes = [code.strip().upper() for code in value.split(",") if code.strip()]
        ids = list(Organisation.objects.filter(code__in=codes).values_list("id", flat=True))
        return tickets.filter(organisation_id__in=ids)

    def filter_status(self, tickets, name, value):
        if not value:
            return tickets
        tickets = tickets.filter(status__in=value)
        # Open statuses only: said also as the indexes over open tickets say it, so that SQLite may
        # read the (organisation, id) one newest first and stop after a page (selectors.only_open).
        return only_open(tickets) if set(value) <= set(lifecycle.OPEN_STATUSES) else tickets

    def filter_open(self, tickets, name, value):
        if value is None:
            return tickets
        if value:
            return only_open(tickets)
        return tickets.exclude(status__in=lifecycle.OPEN_STATUSES)

    def filter_assignee(self, tickets, name, value):
        value = value.strip().lower()
        if value == "me":
            return tickets.filter(assignee_id=self.request.user.pk)
        if value.isdigit() and 0 < int(value) <= MAX_ID:
            return tickets.filter(assignee_id=int(value))
        return tickets.none()

    def filter_escalated(self, tickets, name, value):
        if value is None:
            return tickets
        escalated = Q(functional_escalations__gt=0) | Q(hierarchical_escalations__gt=0)
        return tickets.filter(escalated) if value else tickets.exclude(escalated)
