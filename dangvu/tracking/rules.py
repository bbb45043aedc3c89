"""Pure rules of implementation tracking: the derived status of an assignment, and the rollup of many.

No Django, no database: `queries` computes the same answers in SQL for whole subtrees, and the tests check the two
agree on random trees. The statuses are design.md invariant 5 (and expectations.md: "completed late" and "overdue"
are outcomes of their own; the baseline deadline is kept so re-planning cannot hide slippage).
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    OVERDUE = "overdue"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    CANCELLED = "cancelled"


DONE = frozenset({Status.DONE_ON_TIME, Status.DONE_LATE})
# Assignments that were due by the day looked at: done (on time or late) or overdue.
DUE = frozenset({Status.DONE_ON_TIME, Status.DONE_LATE, Status.OVERDUE})


def derive_status(
    *,
    deadline: date | None,
    completed_on: date | None,
    cancelled_on: date | None,
    started_on: date | None,
    as_of: date,
) -> Status:
    """The status of an assignment on `as_of`, from its dates alone; never typed by hand.

    Events after `as_of` are not known yet: a task completed in June is "in progress" as of March. A task without a
    deadline (a standing duty) is never overdue, and done on time whenever it is done.
    """
    if cancelled_on is not None and cancelled_on <= as_of:
        return Status.CANCELLED
    if completed_on is not None and completed_on <= as_of:
        if deadline is None or completed_on <= deadline:
            return Status.DONE_ON_TIME
        return Status.DONE_LATE
    if deadline is not None and as_of > deadline:
        return Status.OVERDUE
    if started_on is not None and started_on <= as_of:
        return Status.IN_PROGRESS
    return Status.NOT_STARTED


def slippage_days(baseline: date | None, deadline: date | None) -> int:
    """How many days the deadline has been moved back from the one first set (0 if never moved or moved forward)."""
    if baseline is None or deadline is None:
        return 0
    return max(0, (deadline - baseline).days)


def ratio(part: int, whole: int) -> float | None:
    """part/whole, or None when there is nothing to measure (shown as "—", never as 0 %)."""
    return part / whole if whole else None


@dataclass(frozen=True)
class AssignmentFacts:
    """What a rollup needs of one assignment (all dates as recorded; `as_of` decides what is known)."""

    unit_id: int
    deadline: date | None
    completed_on: date | None
    cancelled_on: date | None
    started_on: date | None
    assigned_on: date
    percent: int = 0  # the latest reported percent done
    reported_on: date | None = None  # first submission of the quarter's report, if any
    indicator_value: Decimal | None = None  # the quarter's reported indicator value, if any


@dataclass
class Rollup:
    by_status: Counter = field(default_factory=Counter)
    expected_reports: int = 0
    reports: int = 0
    reports_on_time: int = 0
    indicator_total: Decimal | None = None
    indicator_count: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def due(self) -> int:
        return sum(self.by_status[s] for s in DUE)

    @property
    def on_time_rate(self) -> float | None:
        """Share of the assignments due so far that were done on time."""
        return ratio(self.by_status[Status.DONE_ON_TIME], self.due)

    @property
    def reporting_rate(self) -> float | None:
        return ratio(self.reports, self.expected_reports)

    @property
    def reporting_on_time_rate(self) -> float | None:
        return ratio(self.reports_on_time, self.expected_reports)

    @property
    def indicator_average(self) -> Decimal | None:
        if not self.indicator_count or self.indicator_total is None:
            return None
        return self.indicator_total / self.indicator_count


def expects_report(facts: AssignmentFacts, quarter_start: date, quarter_end: date) -> bool:
    """An assignment owes a report for a quarter when it existed by the quarter's end, was not cancelled by then
    (a cancelled assignment takes no more reports) and was not completed before the quarter began."""
    if facts.assigned_on > quarter_end:
        return False
    if facts.cancelled_on is not None and facts.cancelled_on <= quarter_end:
        return False
    return not (facts.completed_on is not None and facts.completed_on < quarter_start)


def rollup(
    assignments: list[AssignmentFacts],
    *,
    quarter_start: date,
    quarter_end: date,
    reporting_deadline: date,
    as_of: date | None = None,
) -> Rollup:
    """Counts by status as of `as_of` (the quarter's end unless given), the quarter's reporting rate, and the
    indicator total."""
    as_of = as_of or quarter_end
    result = Rollup()
    for facts in assignments:
        status = derive_status(
            deadline=facts.deadline,
            completed_on=facts.completed_on,
            cancelled_on=facts.cancelled_on,
            started_on=facts.started_on,
            as_of=as_of,
        )
        if facts.assigned_on > quarter_end:
            continue
        result.by_status[status] += 1
        if expects_report(facts, quarter_start, quarter_end):
            result.expected_reports += 1
            if facts.reported_on is not None:
                result.reports += 1
                result.reports_on_time += facts.reported_on <= reporting_deadline
        if facts.indicator_value is not None:
            result.indicator_total = (result.indicator_total or Decimal(0)) + facts.indicator_value
            result.indicator_count += 1
    return result


# Evidence of a report: scans, photos and office files, at most 10 MB each, checked by extension AND first bytes.
EVIDENCE_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


def evidence_kind(filename: str, head: bytes) -> str | None:
    """The file's extension when it is an accepted kind and the content starts as that kind does; else None."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    signatures = EVIDENCE_SIGNATURES.get(extension, ())
    return extension if any(head.startswith(signature) for signature in signatures) else None
