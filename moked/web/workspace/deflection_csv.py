"""The deflection report as CSV: the page's two tables, one under the other, with the headings in
the reader's language.

UTF-8 with a byte order mark, so that spreadsheets read Hebrew, Persian and Finnish names right;
a cell that a spreadsheet would take for a formula is written as text."""

import csv
import io

from django.utils.translation import gettext as _

from moked.knowledge.deflection_figures import Figures

BYTE_ORDER_MARK = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    """The value as a spreadsheet shows it, never run as a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _headings(first: str) -> list[str]:
    return [
        first,
        _("Shown articles"),
        _("Opened one"),
        _("Solved"),
        _("Sent anyway"),
        _("Abandoned"),
        _("Deflection rate"),
    ]


def _numbers(row: Figures) -> list[str]:
    rate = "" if row.percent is None else f"{row.percent}%"
    return [str(row.shown), str(row.opened), str(row.solved), str(row.sent), str(row.abandoned), rate]


def table(organisations: list[Figures], total: Figures, articles: list[tuple[Figures, str]]) -> str:
    """The figures per organisation with their total, a blank line, then the figures per article
    (each with the title its reader sees)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_headings(_("Organisation")))
    for row in organisations:
        writer.writerow([_text(str(row.subject.name)), *_numbers(row)])
    writer.writerow([_("Total"), *_numbers(total)])
    writer.writerow([])
    writer.writerow(_headings(_("Article")))
    for row, title in articles:
        writer.writerow([_text(title), *_numbers(row)])
    return BYTE_ORDER_MARK + out.getvalue()
