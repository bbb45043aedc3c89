from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dangvu.meetings.operations import schedule_meeting

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(year: int, month: int, day: int, hour: int = 8, minute: int = 0) -> datetime:
    """A moment in Vietnam's time zone."""
    return datetime(year, month, day, hour, minute, tzinfo=HANOI)


def make_meeting(unit, starts_at: datetime | None = None, kind: str = "regular_cell", **fields):
    starts_at = starts_at or at(2022, 4, 5, 14)
    values = {
        "kind": kind,
        "title": "Sinh hoạt chi bộ thường kỳ tháng 4/2022",
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=2),
        "place": "Phòng họp tầng 2",
    }
    values.update(fields)
    return schedule_meeting(None, unit, **values)
