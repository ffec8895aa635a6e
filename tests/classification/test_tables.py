import codecs

import pytest

from moked.classification.tables import TableError, decode, delimiter_of, read_labelled_texts

CSV = "subject,body,queue\nLöschen,Passwort vergessen,Access\nPrinter,Out of toner,Printing\n"


@pytest.mark.parametrize(
    "data",
    [
        CSV.encode("utf-8"),
        codecs.BOM_UTF8 + CSV.encode("utf-8"),
        CSV.encode("utf-16"),  # with its byte-order mark, little endian here
        codecs.BOM_UTF16_BE + CSV.encode("utf-16-be"),
        CSV.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8 with BOM", "utf-16", "utf-16 big endian", "cp1252"],
)
def test_every_encoding_a_spreadsheet_writes_reads_the_same(data):
    assert decode(data) == CSV


def test_bytes_that_are_neither_utf_8_nor_cp1252_read_as_latin_1():
    # 0x81 is undefined in Windows-1252.
    assert decode(b"caf\xe9 \x81") == "café \x81"


def test_a_byte_order_mark_that_lies_is_an_error():
    with pytest.raises(TableError, match="utf-16"):
        decode(codecs.BOM_UTF16_LE + b"a,b\n\x00")


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [("a,b;c", ","), ("a;b;c", ";"), ("a\tb\tc", "\t"), ("a|b", "|"), ("alone", ",")],
)
def test_the_delimiter_is_the_one_the_header_holds_most_of(header, delimiter):
    assert delimiter_of(f"{header}\nx;y,z\n") == delimiter


def test_rows_give_their_text_columns_joined_and_their_label():
    data = "subject;body;queue\nLocked out;;Access\n;Out of toner;Printing\nNo label;here;\n\n"
    table = read_labelled_texts(data.encode(), ["subject", "body"], "queue")
    assert table.texts == ["Locked out", "Out of toner"]
    assert table.labels == ["Access", "Printing"]
    assert table.unlabelled == 1


def test_column_names_are_matched_without_spaces_and_short_rows_have_empty_cells():
    data = ' subject , queue ,body\n"Locked,\nout",Access\n'
    table = read_labelled_texts(data.encode(), ["subject", "body"], "queue")
    assert table.texts == ["Locked,\nout"]
    assert table.labels == ["Access"]


def test_a_missing_column_is_named_with_the_columns_there_are():
    with pytest.raises(
        TableError, match=r"no column named 'queue'; the file's columns are 'subject', 'body'"
    ):
        read_labelled_texts(b"subject,body\nx,y\n", ["subject", "body"], "queue")


def test_an_empty_file_is_an_error():
    with pytest.raises(TableError, match="empty"):
        read_labelled_texts(b"", ["subject"], "queue")
