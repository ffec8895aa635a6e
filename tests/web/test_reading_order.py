"""What makes a line read in order in every language, checked without a browser (the browser
journeys check the drawn order): names, dates and durations each in their own bidi isolate,
separators no reader takes for a Persian zero, readable durations, Persian digits in choices,
the timeline's fields in words, long texts folded."""

import re

import pytest
from django.utils import translation

from moked.businesstime.services import create_calendar
from moked.sla.services import create_policy
from moked.tickets import services
from moked.tickets.models import EventKind, TicketEvent
from moked.web.templatetags.moked_text import (
    FOLD_OVER_CHARACTERS,
    SHOWN_CHARACTERS,
    folded,
    split_for_folding,
)
from moked.web.workspace.forms import CallForm, FieldsForm
from tests.factories import (
    AdminFactory,
    AgentFactory,
    GroupFactory,
    OrganisationFactory,
    PersonFactory,
    make_ticket,
)
from tests.web.clients import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganisationFactory(code="PARS", language="fa", timezone="Asia/Tehran", country="IR")


@pytest.fixture
def agent(org):
    agent = AgentFactory(serves=[org], name="יוסי לוי", language="en")
    GroupFactory(members=[agent])
    return agent


def test_names_and_dates_of_the_conversation_are_isolates(org, agent):
    customer = PersonFactory(organisation=org, name="Mikko Virtanen", language="fa")
    ticket = make_ticket(customer)
    services.add_comment(agent, ticket, "Please restart it.")
    portal = client_for(customer).get(f"/portal/tickets/{ticket.reference}/").content.decode()
    author_then_date = (
        r'<bdi class="author">יוסי לוי</bdi><span class="sep" aria-hidden="true">\|</span><time [^>]*'
    )
    assert re.search(author_then_date + r'dir="rtl">۱۴', portal)
    desk = client_for(agent).get(f"/desk/tickets/{ticket.reference}/").content.decode()
    assert re.search(author_then_date + r'dir="ltr">', desk)
    assert "<bdi>Mikko Virtanen</bdi>" in desk  # the requester in the header


def test_the_persian_sla_line_has_no_zero_parts_and_no_dots_between_its_parts(org):
    admin = AdminFactory()
    persian_agent = AgentFactory(serves=[org], language="fa")
    GroupFactory(members=[persian_agent])
    calendar = create_calendar(admin, organisation=org, name="Office", timezone="Asia/Tehran", country="IR")
    create_policy(
        admin,
        organisation=org,
        name="Standard",
        calendar=calendar,
        first_response_minutes=240,
        resolution_minutes=480,
    )
    ticket = make_ticket(PersonFactory(organisation=org))
    page = client_for(persian_agent).get(f"/desk/tickets/{ticket.reference}/").content.decode()
    section = page[page.index('id="sla-heading"') : page.index("</section>", page.index('id="sla-heading"'))]
    assert '<bdi dir="rtl">۴ ساعت</bdi>' in section and "۴ ساعت ۰" not in section
    assert " · " not in re.sub(r"<details.*?</details>", "", section, flags=re.S)


def test_impact_and_urgency_are_offered_in_the_readers_digits():
    with translation.override("fa"):
        choices = [label for _, label in FieldsForm().fields["impact"].choices]
        assert choices[0].startswith("۱ – ") and not re.search(r"[0-9]", " ".join(choices))
        assert [label for _, label in CallForm().fields["urgency"].choices][2].startswith("۳ – ")
    with translation.override("en"):
        assert [label for _, label in FieldsForm().fields["urgency"].choices] == [
            "1 – High",
            "2 – Medium",
            "3 – Low",
        ]


def test_the_timeline_names_every_field_in_words(org, agent):
    """No event of the timeline shows a field's code ("sla_policy", "first_response_at")."""
    admin = AdminFactory()
    calendar = create_calendar(admin, organisation=org, name="Office", timezone="Asia/Tehran", country="IR")
    create_policy(admin, organisation=org, name="Standard", calendar=calendar, first_response_minutes=60)
    ticket = make_ticket(PersonFactory(organisation=org))
    services.update_ticket(agent, ticket, {"assignee": agent, "impact": 1, "tags": ["vip"]})
    services.add_comment(agent, ticket, "On it.")
    ticket = services.change_status(
        agent, ticket, "resolved", resolution_code="solved", resolution_text="Done"
    )
    services.reopen_ticket(agent, ticket, reason="Came back")
    fields = set(TicketEvent.objects.filter(ticket=ticket).exclude(field="").values_list("field", flat=True))
    assert {"assignee", "first_response_at", "resolution_code", "reopen_count", "sla_policy"} <= fields
    for language in ("en", "he", "fa", "fi"):
        with translation.override(language):
            for event in TicketEvent.objects.filter(ticket=ticket).exclude(field=""):
                assert "_" not in event.field_label, (language, event.field)
                assert language in ("en", "fi") or event.field_label != event.field, (language, event.field)
    with translation.override("en"):
        assert TicketEvent(field="sla_policy", kind=EventKind.SLA_POLICY).field_label == "SLA policy"


def test_the_timeline_puts_no_space_before_its_colon(org, agent):
    ticket = make_ticket(PersonFactory(organisation=org))
    services.update_ticket(agent, ticket, {"impact": 1})
    page = client_for(agent).get(f"/desk/tickets/{ticket.reference}/").content.decode()
    history = page[page.index('<details class="card card-body mb-3">') :]
    assert "Field changed: impact" in history and " : " not in history


def test_a_long_text_folds_after_its_beginning_at_a_line_end():
    text = "\n".join(f"line {n}" for n in range(100))
    shown, rest = split_for_folding(text)
    assert shown.endswith("line 14") and rest.startswith("line 15")
    one_line = "word " * (FOLD_OVER_CHARACTERS // 4)
    shown, rest = split_for_folding(one_line)
    assert len(shown) <= SHOWN_CHARACTERS and shown.endswith("word") and rest
    assert split_for_folding("short\ntext") == ("short\ntext", "")
    assert "<details" not in folded("short")
    assert str(folded("<b>" + "x " * 2000)).startswith("&lt;b&gt;")  # escaped, whatever its length
