"""One way to answer a list page as an .xlsx: the page's rows, one column per `Column`, in a dated file.

Each list page builds its rows in one function that the page and its `<name>_export` view share, so the export
has exactly the page's filters and ordering, and all the matching rows rather than one page of them. The sheet is
written by `tracking.dashboard._sheet` (bold header row, percentages as percentages); this module adds the
response, dates as real dates shown dd/mm/yyyy, and times in the local time zone (Excel has no time zones).
"""

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime
from io import BytesIO
from numbers import Number

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.writer.excel import save_workbook

from dangvu.members.exporting import XLSX_CONTENT_TYPE
from dangvu.tracking.dashboard import Column, _sheet

DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"

__all__ = ["Column", "dated_filename", "workbook_bytes", "xlsx_response"]


def dated_filename(stem: str) -> str:
    """`van-ban` -> `van-ban-2022-04-13.xlsx` (today, local time): exports taken on different days never clash."""
    return f"{stem}-{timezone.localdate().isoformat()}.xlsx"


def _typed(book: Workbook, column: Column) -> Column:
    """`column` with dates as dated cells (dd/mm/yyyy), aware times made local and naive, text cleaned of the
    control characters a workbook may not hold."""
    read = column.value

    def value(item):
        found = read(item)
        if isinstance(found, datetime):
            if timezone.is_aware(found):
                found = timezone.localtime(found).replace(tzinfo=None)
            cell = WriteOnlyCell(book.worksheets[-1], value=found)
            cell.number_format = DATETIME_FORMAT
            return cell
        if isinstance(found, date):
            cell = WriteOnlyCell(book.worksheets[-1], value=found)
            cell.number_format = DATE_FORMAT
            return cell
        if isinstance(found, str):
            return ILLEGAL_CHARACTERS_RE.sub("", found)
        if found is not None and not isinstance(found, Number):
            return str(found)  # lazy translations and other objects shown as text
        return found

    return replace(column, value=value)


def workbook_bytes(title: str, columns: list[Column], rows: Iterable) -> bytes:
    """One sheet named `title`: a bold header row of the columns' headers, then one row per item of `rows`."""
    book = Workbook(write_only=True)
    _sheet(book, str(title), [_typed(book, column) for column in columns], rows)
    out = BytesIO()
    save_workbook(book, out)
    return out.getvalue()


def xlsx_response(filename: str, title: str, columns: list[Column], rows: Iterable) -> HttpResponse:
    """The rows as a downloaded .xlsx named `<filename>-<today>.xlsx` (`filename` is an ASCII stem)."""
    response = HttpResponse(workbook_bytes(title, columns, rows), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{dated_filename(filename)}"'
    return response
