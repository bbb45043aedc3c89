"""Pure rules of meetings: cell-meeting compliance, attendance rates, quorum.

Cells meet every month (regular meeting) and at least once a quarter on a theme (rules.md §7: Chỉ thị 50-CT/TW and
Hướng dẫn 42-HD/BTCTW 2025; before them Hướng dẫn 12-HD/BTCTW 2018). A month or quarter is missed only once it is
over: the current one is still open.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from dangvu.core.periods import Quarter

REGULAR = "regular_cell"
THEMATIC = "thematic_cell"


def months(start: date, end: date) -> list[tuple[int, int]]:
    """(year, month) of every month from the one containing `start` to the one containing `end`."""
    found, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        found.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def quarters(start: date, end: date) -> list[Quarter]:
    found, quarter = [], Quarter.containing(start)
    while quarter.start <= end:
        found.append(quarter)
        quarter = quarter.next()
    return found


def _month_end(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


@dataclass(frozen=True)
class Compliance:
    missed_months: list[tuple[int, int]]
    missed_quarters: list[Quarter]
    months_due: int
    quarters_due: int

    @property
    def ok(self) -> bool:
        return not self.missed_months and not self.missed_quarters


def compliance(held: Iterable[tuple[str, date]], start: date, end: date, today: date) -> Compliance:
    """Which months lacked a regular meeting and which quarters a thematic one, among those over by `today`,
    given the (kind, day) of the meetings a cell held between `start` and `end`."""
    regular = {(day.year, day.month) for kind, day in held if kind == REGULAR}
    thematic = {Quarter.containing(day) for kind, day in held if kind == THEMATIC}
    due_months = [m for m in months(start, end) if _month_end(*m) < today]
    due_quarters = [q for q in quarters(start, end) if q.end < today]
    return Compliance(
        missed_months=[m for m in due_months if m not in regular],
        missed_quarters=[q for q in due_quarters if q not in thematic],
        months_due=len(due_months),
        quarters_due=len(due_quarters),
    )


def attendance_rate(present: int, expected: int) -> float | None:
    return present / expected if expected else None


def has_quorum(present: int, expected: int) -> bool:
    """More than half of those expected are present: the majority the Party Charter (Điều lệ Đảng 2011, Điều 9)
    asks of a leading body's resolutions ("hơn một nửa số thành viên"), shown as the quorum of any meeting."""
    return expected > 0 and present * 2 > expected
