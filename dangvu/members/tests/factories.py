from datetime import date
from io import BytesIO
from itertools import count

from openpyxl import Workbook

from dangvu.members.exporting import COLUMNS
from dangvu.members.models import Member
from dangvu.members.operations import admit_member
from dangvu.units.models import Unit

_cards = count(1)


def make_member(
    unit: Unit,
    full_name: str = "Nguyễn Văn An",
    admitted_on: date = date(2010, 5, 19),
    confirmed_on: date | None = date(2011, 5, 19),
    **profile,
) -> Member:
    profile.setdefault("gender", "male")
    profile.setdefault("card_number", f"{next(_cards):08d}")
    return admit_member(
        None, unit=unit, full_name=full_name, admitted_on=admitted_on, confirmed_on=confirmed_on, **profile
    )


IMPORT_HEADERS = [c.header for c in COLUMNS]
_FAMILIES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
_MEN = ["An", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hùng", "Khánh", "Minh", "Phúc", "Quang", "Tuấn"]
_WOMEN = ["Ánh", "Cúc", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Thảo", "Yến"]


def import_row(code: str, index: int = 1, **changes) -> dict:
    """One row of a member workbook (header → value), valid unless `changes` spoil it."""
    man = index % 2 == 1
    given = (_MEN if man else _WOMEN)[index % (len(_MEN) if man else len(_WOMEN))]
    data = {
        "Họ và tên": f"{_FAMILIES[index % len(_FAMILIES)]} {'Văn' if man else 'Thị'} {given}",
        "Giới tính": "Nam" if man else "Nữ",
        "Ngày sinh": date(1970 + index % 30, 1 + index % 12, 1 + index % 28),
        "Dân tộc": "Kinh",
        "Quê quán": "Tuyên Quang",
        "Số CCCD": f"0010{index:08d}",
        "Điện thoại": f"09{index:08d}",
        "Lý luận chính trị": "Trung cấp" if index % 3 == 0 else "",
        "Ngày vào Đảng": "19/05/2010",
        "Ngày chính thức": date(2011, 5, 19),
        "Số thẻ đảng viên": f"{index:08d}",
        "Mã chi bộ": code,
    }
    return {**data, **changes}


def member_workbook(rows: list[dict], headers: list[str] = IMPORT_HEADERS) -> BytesIO:
    """An .xlsx with `headers` in row 1 and one row per dict."""
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    out = BytesIO()
    book.save(out)
    out.seek(0)
    return out
