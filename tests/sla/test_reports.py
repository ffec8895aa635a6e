"""Monthly SLA figures of an organisation, hand-counted."""

import pytest

from moked.sla.reports import monthly_figures, percentile
from moked.sla.services import check_due_clocks
from moked.tickets import services
from tests.factories import make_ticket

from .conftest import JERUSALEM, at

pytestmark = pytest.mark.django_db


def test_percentile_is_the_nearest_rank():
    assert percentile([], 0.9) is None
    assert percentile([5.0], 0.9) == 5.0
    assert percentile([float(n) for n in range(1, 11)], 0.9) == 9.0
    assert percentile([float(n) for n in range(1, 21)], 0.9) == 18.0


def test_met_breached_compliance_mean_and_p90(israel, policy, customer, desk_agent):
    # Three tickets on Monday 23 Nov 2026, answered after 10, 30 and 90 business minutes (target 60)
    for minutes in (10, 30, 90):
        ticket = make_ticket(customer, at=at(JERUSALEM, 2026, 11, 23, 8, 0))
        services.add_comment(
            desk_agent, ticket, "On it", at=at(JERUSALEM, 2026, 11, 23, 8 + minutes // 60, minutes % 60)
        )
        services.change_status(
            desk_agent,
            services.update_ticket(desk_agent, ticket, {"assignee": desk_agent}),
            "resolved",
            resolution_code="solved",
            at=at(JERUSALEM, 2026, 11, 23, 12, 0),
        )
    # one ticket still open, its first response breached on 23 Nov, unanswered
    make_ticket(customer, at=at(JERUSALEM, 2026, 11, 23, 13, 0))
    check_due_clocks(at(JERUSALEM, 2026, 11, 30, 9, 0))

    figures = {f.kind: f for f in monthly_figures(israel, 2026, 11)}
    first = figures["first_response"]
    assert (first.met, first.breached, first.compliance_percent) == (2, 2, 50.0)
    assert (first.mean_minutes, first.p90_minutes) == (43.3, 90.0)  # (10 + 30 + 90) / 3
    resolution = figures["resolution"]
    # the three resolved at 12:00 after 240 minutes (within 540); the open one breached on 24 Nov
    assert (resolution.met, resolution.breached, resolution.mean_minutes) == (3, 1, 240.0)
    assert figures["next_response"].compliance_percent is None
    assert all(f.met == f.breached == 0 for f in monthly_figures(israel, 2026, 10))
