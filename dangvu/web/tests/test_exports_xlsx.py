"""The shared XLSX answer of list pages (`web.exports`), and the helper the apps' export tests read it with."""

from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from openpyxl import load_workbook

from dangvu.members.exporting import XLSX_CONTENT_TYPE
from dangvu.web.exports import Column, xlsx_response


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def sheet_rows(response) -> list[tuple]:
    """The single sheet of an .xlsx response as tuples of values, the header row first."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    book = load_workbook(BytesIO(response.content))
    return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def column(rows: list[tuple], header: str) -> list:
    """The values of the column headed `header`, header row left out."""
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


def test_a_list_becomes_one_dated_sheet_with_a_bold_header_and_real_dates(settings):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    rows = [
        {
            "name": "Chi bộ Phòng Tổng hợp",
            "day": date(2022, 4, 13),
            "at": datetime(2022, 4, 13, 1, 30, tzinfo=ZoneInfo("UTC")),
        },
        {"name": "Bad\x01text", "day": None, "at": None},
    ]
    columns = [
        Column("Name", lambda r: r["name"]),
        Column("Day", lambda r: r["day"]),
        Column("At", lambda r: r["at"]),
        Column("Share", lambda r: 0.5, percent=True),
    ]
    response = xlsx_response("don-vi", "Units", columns, rows)
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="don-vi-') and disposition.endswith('.xlsx"')
    book = load_workbook(BytesIO(response.content))
    sheet = book["Units"]
    assert [c.value for c in sheet[1]] == ["Name", "Day", "At", "Share"]
    assert all(c.font.b for c in sheet[1])
    day = sheet["B2"]
    assert day.is_date and day.value.date() == date(2022, 4, 13) and day.number_format == "DD/MM/YYYY"
    assert sheet["C2"].value == datetime(2022, 4, 13, 8, 30)  # local time, Asia/Ho_Chi_Minh
    assert sheet["A3"].value == "Badtext"
    assert sheet["D2"].number_format == "0.0%"
