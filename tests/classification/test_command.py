import codecs
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.classification.making import tickets


def write_csv(path, encoding, delimiter=",", per_class=10):
    texts, labels = tickets(per_class=per_class)
    lines = [delimiter.join(["Subject", "Description", "Group"])]
    for text, label in zip(texts, labels, strict=True):
        subject, _, body = text.partition(" ")
        lines.append(delimiter.join([subject, f'"{body}"', label]))
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


def run(*arguments):
    output = StringIO()
    call_command("classifier", "evaluate", *map(str, arguments), stdout=output)
    return json.loads(output.getvalue())


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ";"), ("utf-16", "\t"), ("cp1252", ";")],
)
def test_the_command_prints_one_json_object_of_figures_for_a_spreadsheets_csv(tmp_path, encoding, delimiter):
    if encoding == "cp1252":
        # Windows-1252 cannot hold Hebrew or Persian: a Western European file.
        texts = ["Passwort vergessen, Konto gesperrt", "Drucker ohne Toner", "WLAN getrennt, Netz fällt aus"]
        rows = [
            f"Bitte{delimiter}{text}{delimiter}{group}"
            for _ in range(10)
            for text, group in zip(texts, ["access", "printing", "network"], strict=True)
        ]
        path = tmp_path / "groups.csv"
        path.write_bytes(
            "\r\n".join([f"Subject{delimiter}Description{delimiter}Group", *rows]).encode(encoding)
        )
    else:
        path = write_csv(tmp_path / "groups.csv", encoding, delimiter)
    figures = run(path, "--text", "Subject,Description", "--label", "Group", "--folds", "2")
    assert figures["rows"] == 30
    assert figures["classes"] == 3
    assert figures["test_rows"] == 6
    assert figures["accuracy"] >= 0.8
    for name in ("macro_f1", "top3", "coverage_at_90", "coverage_at_95"):
        assert 0 <= figures[name] <= 1
    assert figures["cross_validation"]["folds"] == 2


def test_a_missing_column_is_a_clear_error(tmp_path):
    path = write_csv(tmp_path / "groups.csv", "utf-8")
    with pytest.raises(CommandError, match="no column named 'Queue'; the file's columns are 'Subject'"):
        run(path, "--text", "Subject", "--label", "Queue")


def test_a_label_with_one_class_is_a_clear_error(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("Subject,Group\n" + "Printer jam,printing\n" * 10, encoding="utf-8")
    with pytest.raises(CommandError, match="the label has 1 class"):
        run(path, "--text", "Subject", "--label", "Group")


def test_a_file_that_cannot_be_read_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        run(tmp_path / "missing.csv", "--text", "Subject", "--label", "Group")


def test_the_utf_16_file_excel_writes_is_read(tmp_path):
    # Excel's "Unicode text": UTF-16 little endian with its byte-order mark, tab-delimited.
    path = write_csv(tmp_path / "groups.txt", "utf-16-le", "\t")
    path.write_bytes(codecs.BOM_UTF16_LE + path.read_bytes())
    assert run(path, "--text", "Description", "--label", "Group", "--folds", "0")["rows"] == 30
