import pytest

from moked.tickets import numbering


@pytest.mark.parametrize(
    ("ticket_type", "number", "reference"),
    [
        ("incident", 123, "INC-000123"),
        ("service_request", 45, "REQ-000045"),
        ("problem", 1, "PRB-000001"),
        ("change", 1234567, "CHG-1234567"),
    ],
)
def test_format_and_parse_round_trip(ticket_type, number, reference):
    assert numbering.format_reference(ticket_type, number) == reference
    assert numbering.parse_reference(reference) == (ticket_type, number)


@pytest.mark.parametrize("text", ["inc-123", "INC123", " INC-0000123 ", "Inc-123"])
def test_parse_is_forgiving_about_case_padding_and_hyphen(text):
    assert numbering.parse_reference(text) == ("incident", 123)


@pytest.mark.parametrize("text", ["", "INC-", "XYZ-000123", "INC-12a", "123", "INC-1234567890123", "ΙΝC-1"])
def test_parse_rejects_what_is_not_a_reference(text):
    assert numbering.parse_reference(text) is None
