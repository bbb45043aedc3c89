"""The member workbook: one layout for the import template, the import itself and the export.

Headers are Vietnamese whatever the interface language: the file is a format shared with other
offices, and an exported file can be imported again unchanged.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dangvu.members.models import Gender, Member, TheoryLevel

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"


@dataclass(frozen=True)
class Column:
    field: str  # a Member field, or "unit" for the cell's code
    header: str
    kind: str = "text"  # text, date, gender, theory, unit
    personal: bool = False
    required: bool = False
    width: int = 16


COLUMNS = (
    Column("full_name", "Họ và tên", required=True, width=26),
    Column("gender", "Giới tính", kind="gender", required=True, width=10),
    Column("birth_date", "Ngày sinh", kind="date", personal=True, width=12),
    Column("ethnicity", "Dân tộc", width=10),
    Column("religion", "Tôn giáo", width=10),
    Column("hometown", "Quê quán", width=24),
    Column("address", "Nơi ở hiện nay", personal=True, width=30),
    Column("citizen_id", "Số CCCD", personal=True, width=15),
    Column("phone", "Điện thoại", personal=True, width=13),
    Column("education", "Trình độ học vấn", width=14),
    Column("theory_level", "Lý luận chính trị", kind="theory", width=14),
    Column("occupation", "Nghề nghiệp", width=20),
    Column("workplace", "Nơi làm việc", width=26),
    Column("admitted_on", "Ngày vào Đảng", kind="date", required=True, width=13),
    Column("confirmed_on", "Ngày chính thức", kind="date", width=13),
    Column("card_number", "Số thẻ đảng viên", required=True, width=14),
    Column("unit", "Mã chi bộ", kind="unit", required=True, width=12),
)
COLUMNS_BY_HEADER = {column.header: column for column in COLUMNS}

# The words used in the file, fixed in Vietnamese like the headers.
GENDER_WORDS = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}
THEORY_WORDS = {
    TheoryLevel.ELEMENTARY: "Sơ cấp",
    TheoryLevel.INTERMEDIATE: "Trung cấp",
    TheoryLevel.ADVANCED: "Cao cấp",
    TheoryLevel.BACHELOR: "Cử nhân",
}


def columns(include_personal: bool) -> list[Column]:
    return [c for c in COLUMNS if include_personal or not c.personal]


def _value(member: Member, column: Column):
    if column.kind == "unit":
        return member.unit.code
    value = getattr(member, column.field)
    if column.kind == "gender":
        return GENDER_WORDS.get(value, "")
    if column.kind == "theory":
        return THEORY_WORDS.get(value, "")
    if value is None:
        return ""
    return value


def _header_row(sheet, cols: list[Column]) -> list:
    cells = []
    for column in cols:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _workbook(members: Iterable[Member], cols: list[Column]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Đảng viên")
    for index, column in enumerate(cols, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.append(_header_row(sheet, cols))
    for member in members:
        row = []
        for column in cols:
            value = _value(member, column)
            if column.kind == "date" and value:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = DATE_FORMAT
                row.append(cell)
            else:
                row.append(value)
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def export_members(members: Iterable[Member], include_personal: bool) -> bytes:
    """An .xlsx of `members` (with `unit` loaded); personal columns only when `include_personal`."""
    return _workbook(members, columns(include_personal))


def import_template() -> bytes:
    """An empty workbook with every header, for clerks to fill in."""
    return _workbook([], list(COLUMNS))
