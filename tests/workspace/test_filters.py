"""The filter language of ticket lists, read from query values (pure: no database)."""

from moked.workspace.filters import Choices, TicketFilter, parse

CHOICES = Choices(
    statuses=frozenset({"new", "assigned", "pending_customer"}),
    types=frozenset({"incident", "service_request"}),
    channels=frozenset({"email", "phone"}),
)


def test_an_empty_query_is_an_empty_filter():
    parsed = parse({}, CHOICES)
    assert parsed.filter.is_empty() and parsed.errors == {}


def test_well_formed_values_are_kept_once_each():
    parsed = parse(
        {
            "status": ["new", "assigned", "new"],
            "priority": ["2", "1", "2"],
            "type": ["incident"],
            "channel": ["phone"],
            "assignee": ["me"],
            "group": ["7"],
            "organisation": ["3"],
            "tag": [" VIP "],
            "due": ["4"],
        },
        CHOICES,
    )
    assert parsed.errors == {}
    assert parsed.filter == TicketFilter(
        statuses=("new", "assigned"),
        priorities=(1, 2),
        types=("incident",),
        channels=("phone",),
        assignee="me",
        group="7",
        organisation="3",
        tag="vip",
        due_within_hours=4,
    )


def test_malformed_values_are_reported_and_left_out():
    parsed = parse(
        {
            "status": ["new", "exploded"],
            "priority": ["9"],
            "assignee": ["someone"],
            "group": ["-1"],
            "organisation": ["acme!"],
            "due": ["99999999"],
        },
        CHOICES,
    )
    assert parsed.filter == TicketFilter(statuses=("new",))
    assert set(parsed.errors) == {"status", "priority", "assignee", "group", "organisation", "due"}
    assert parsed.errors["status"] == "exploded"


def test_non_ascii_digits_are_not_numbers():
    parsed = parse({"organisation": ["٣"], "priority": ["²"]}, CHOICES)  # Arabic-Indic three, superscript two
    assert parsed.filter.organisation == "" and parsed.filter.priorities == ()
    assert set(parsed.errors) == {"organisation", "priority"}


def test_a_filter_written_as_query_values_reads_back_the_same():
    original = TicketFilter(statuses=("new",), priorities=(1, 3), assignee="none", group="none", tag="vpn")
    assert parse(original.as_params(), CHOICES).filter == original


def test_a_single_string_is_read_as_one_value():
    assert parse({"status": "new"}, CHOICES).filter.statuses == ("new",)


def test_an_organisation_is_named_by_its_id_or_its_code_as_the_api_names_it():
    assert parse({"organisation": ["galil"]}, CHOICES).filter.organisation == "GALIL"
    assert parse({"organisation": ["12"]}, CHOICES).filter.organisation == "12"
    for malformed in ("G", "GALIL LOGISTICS", "ß", "x" * 17):
        parsed = parse({"organisation": [malformed]}, CHOICES)
        assert parsed.filter.organisation == "" and parsed.errors == {"organisation": malformed}
    assert parse(TicketFilter(organisation="PARS").as_params(), CHOICES).filter.organisation == "PARS"
