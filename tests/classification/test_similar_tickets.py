"""Similar tickets: the tickets of the same organisation most like a ticket, found through the
full-text index and ranked by the shared text similarity, for the staff who work it only."""

import pytest

from moked.classification import similar
from moked.classification.similar import similar_tickets
from moked.tickets.models import Ticket
from moked.tickets.services import linking
from tests.factories import (
    AdminFactory,
    AgentFactory,
    ClientManagerFactory,
    OrganisationFactory,
    PersonFactory,
    make_ticket,
    resolve_ticket,
)

pytestmark = pytest.mark.django_db


def references(found):
    return [match.ticket.reference for match in found]


@pytest.fixture
def other_org():
    return OrganisationFactory(code="BETA", name="Beta", domains=["beta.example"])


def test_a_resolved_look_alike_is_shown_with_its_resolution_and_unrelated_tickets_are_not(
    org, requester, agent
):
    solved = make_ticket(
        requester,
        subject="Outlook asks for my password again and again",
        description="Since the update Outlook keeps asking for the password and will not sync mail.",
    )
    resolve_ticket(
        agent, solved, "Removed the stale credentials from Windows Credential Manager and restarted Outlook."
    )
    open_one = make_ticket(
        requester,
        subject="Outlook password prompt keeps coming back",
        description="Outlook asks for the password.",
    )
    unrelated = make_ticket(
        requester, subject="Chair is broken", description="The office chair in room 4 lost a wheel."
    )
    ticket = make_ticket(
        requester,
        subject="Outlook keeps asking for password",
        description="Outlook asks for my password every few minutes and mail does not sync.",
    )

    found = similar_tickets(agent, ticket)

    assert set(references(found)) == {solved.reference, open_one.reference}
    assert unrelated.reference not in references(found)
    by_reference = {match.ticket.reference: match for match in found}
    shown = by_reference[solved.reference]
    assert shown.is_done and "Credential Manager" in shown.resolution
    assert shown.ticket.get_resolution_code_display() == "Solved"
    assert by_reference[open_one.reference].resolution == ""
    assert all(similar.THRESHOLD <= match.score <= 1 for match in found)
    assert [match.score for match in found] == sorted((match.score for match in found), reverse=True)


def test_only_the_same_organisation_and_never_the_ticket_itself_nor_merged_tickets(
    org, requester, agent, admin, other_org
):
    text = {
        "subject": "VPN disconnects every ten minutes",
        "description": "The VPN client disconnects every ten minutes.",
    }
    elsewhere = make_ticket(PersonFactory(organisation=other_org), **text)
    merged = make_ticket(requester, **text)
    survivor = make_ticket(requester, subject="VPN disconnects", description="VPN disconnects often.")
    linking.merge_tickets(agent, merged, survivor)
    ticket = make_ticket(requester, **text)

    for person in (agent, admin):
        found = references(similar_tickets(person, ticket))
        assert found == [survivor.reference]
        assert elsewhere.reference not in found and merged.reference not in found
        assert ticket.reference not in found


def test_clients_and_staff_who_do_not_serve_the_organisation_get_nothing(org, requester, agent, other_org):
    make_ticket(requester, subject="Printer jams on floor two", description="Paper jams in the printer.")
    ticket = make_ticket(
        requester, subject="Printer jams again", description="The printer on floor two jams."
    )
    assert similar_tickets(agent, ticket)
    assert similar_tickets(requester, ticket) == []
    assert similar_tickets(ClientManagerFactory(organisation=org), ticket) == []
    assert similar_tickets(AgentFactory(serves=[other_org]), ticket) == []
    inactive = AdminFactory(is_active=False)
    assert similar_tickets(inactive, ticket) == []
    assert similar_tickets(agent, ticket, limit=0) == []


def test_at_most_the_limit_most_alike_first(org, requester, agent):
    for number in range(8):
        make_ticket(
            requester, subject=f"Scanner {number} does not scan", description="The scanner does not scan."
        )
    ticket = make_ticket(
        requester, subject="Scanner does not scan", description="The scanner does not scan to mail."
    )
    assert len(similar_tickets(agent, ticket)) == 5
    assert len(similar_tickets(agent, ticket, limit=2)) == 2


@pytest.mark.parametrize(
    ("earlier", "later", "unrelated"),
    [
        # Finnish: "salasanani" (my password) and "salasanan" (the password's) are one word inflected.
        (
            ("Salasanan vaihto ei onnistu", "En pysty vaihtamaan salasanaa, tunnus lukittui."),
            ("Unohdin salasanani", "Salasanani ei kelpaa ja tunnus on lukittu."),
            ("Tulostin ei tulosta", "Kolmannen kerroksen tulostin jumittaa paperia."),
        ),
        # Hebrew: "הסיסמה" (the password) and "סיסמה", "בסיסמה" are one word with prefix letters.
        (
            ("שכחתי את הסיסמה", "אני לא מצליח להיכנס לחשבון, הסיסמה לא עובדת."),
            ("בעיה בסיסמה לחשבון", "לא מצליח להיכנס לחשבון עם סיסמה."),
            ("המדפסת תקועה", "נייר נתקע במדפסת בקומה השנייה."),
        ),
        # Persian: "رمزها" and "رمز" (passwords, password), "میخواهم" with and without its joiner.
        (
            ("رمز عبور را فراموش کردم", "نمی‌توانم وارد حساب کاربری شوم، رمز عبور کار نمی‌کند."),
            ("رمزها کار نمیکنند", "وارد حساب کاربری نمیتوانم شوم و رمز عبور را می‌خواهم عوض کنم."),
            ("چاپگر کاغذ گیر می‌دهد", "چاپگر طبقه دوم کاغذ را گیر می‌دهد."),
        ),
    ],
    ids=["fi", "he", "fa"],
)
def test_languages_with_inflections_prefixes_and_spellings(org, requester, agent, earlier, later, unrelated):
    similar_one = make_ticket(requester, subject=earlier[0], description=earlier[1])
    other = make_ticket(requester, subject=unrelated[0], description=unrelated[1])
    ticket = make_ticket(requester, subject=later[0], description=later[1])
    found = references(similar_tickets(agent, ticket))
    assert found == [similar_one.reference]
    assert other.reference not in found


def test_a_finnish_inflected_word_is_searched_by_its_stem(org, requester):
    ticket = make_ticket(requester, subject="Salasanani", description="")
    assert similar.search_words(ticket) == [["salasa"]]


def test_candidates_are_found_by_search_beyond_the_latest_tickets(org, requester, agent):
    old = make_ticket(
        requester,
        subject="Projector in the boardroom flickers",
        description="The boardroom projector flickers.",
    )
    for number in range(similar.LATEST + 5):
        make_ticket(requester, subject=f"Request {number}", description="Please add me to a mailing list.")
    ticket = make_ticket(
        requester, subject="Boardroom projector flickering", description="Projector flickers."
    )
    assert old.pk not in Ticket.objects.order_by("-id").values_list("id", flat=True)[: similar.LATEST]
    assert references(similar_tickets(agent, ticket)) == [old.reference]
