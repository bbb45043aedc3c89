"""The task-completion inputs of a quality rating, per unit and per person, per quarter and per year.

Quy định 366-QĐ/TW (30-8-2025), Điều 11, and Hướng dẫn 43-HD/BTCTW (31-10-2025) rate units and members on a
100-point scale with conditions on their assigned tasks (rules.md §3): HTXSNV needs 100% of tasks done on time with
quality and at least 30% exceeding requirements, HTTNV 100% on time, HTNV all tasks done with at most 20% behind
schedule. This module measures those shares from the tracking data; it does not rate anyone (that is a decision of
the competent committee, taken in the ratings module with these figures in front of it).

What is measured, for a period (a quarter or a year):
- due: assignments whose deadline falls in the period and that were not cancelled by the day looked at. Standing
  duties without a deadline are never "due" and are not counted;
- done on time, done late, overdue: `rules.derive_status` on the day the rating looks at (`as_of`: today on the
  pages, the rating's date in the ratings module), whatever the period. Judging a quarter as of its last day would
  never find late the many tasks due on that very day; judging it later, a task done after its deadline is late and
  one still not done is overdue, both behind schedule. So the year is the sum of its quarters;
- exceeding requirements: see `exceeds_requirements`;
- behind schedule: overdue or done late.

`rating_inputs` is pure; `for_unit`, `for_person` and `panel` feed it from the database in one query each.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery

from dangvu.core.periods import Quarter
from dangvu.tracking.models import Assignment, Report
from dangvu.tracking.rules import Status, derive_status, ratio

# "Exceeding requirements" (vượt yêu cầu) is not defined by Quy định 366-QĐ/TW nor, as far as we know, by
# Hướng dẫn 43-HD/BTCTW in terms a tracking system can measure. We count a task done on time as exceeding them when
# (a) its indicator was reported above the target ("vượt chỉ tiêu": reaching the target only meets it), or
# (b) it was completed at least EARLY_DAYS days before its deadline ("vượt tiến độ").
EARLY_DAYS = 7


@dataclass(frozen=True)
class TaskOutcome:
    """What the rating needs of one assignment (dates as recorded; the day looked at decides what is known)."""

    deadline: date
    completed_on: date | None = None
    cancelled_on: date | None = None
    started_on: date | None = None
    indicator_value: Decimal | None = None  # the latest value reported
    indicator_target: Decimal | None = None


@dataclass(frozen=True)
class RatingInputs:
    """The task-completion figures of one period: counts, and shares of `due` (None when nothing was due)."""

    period: str  # "2022-Q2" or "2022"
    due: int = 0
    done_on_time: int = 0
    exceeding: int = 0
    done_late: int = 0
    overdue: int = 0

    @property
    def behind(self) -> int:
        return self.done_late + self.overdue

    @property
    def pending(self) -> int:
        """Due in the period but neither done nor late yet (the deadline is still ahead)."""
        return self.due - self.done_on_time - self.behind

    @property
    def on_time_share(self) -> float | None:
        return ratio(self.done_on_time, self.due)

    @property
    def exceeding_share(self) -> float | None:
        return ratio(self.exceeding, self.due)

    @property
    def behind_share(self) -> float | None:
        return ratio(self.behind, self.due)


@dataclass(frozen=True)
class YearInputs:
    year: int
    quarters: list[RatingInputs]
    total: RatingInputs

    @property
    def has_tasks(self) -> bool:
        return self.total.due > 0


def exceeds_requirements(outcome: TaskOutcome) -> bool:
    """Done on time and either above the indicator target or at least EARLY_DAYS early (see EARLY_DAYS)."""
    if outcome.completed_on is None or outcome.completed_on > outcome.deadline:
        return False
    if outcome.completed_on <= outcome.deadline - timedelta(days=EARLY_DAYS):
        return True
    return (
        outcome.indicator_target is not None
        and outcome.indicator_value is not None
        and outcome.indicator_value > outcome.indicator_target
    )


def rating_inputs(outcomes: Iterable[TaskOutcome], *, period: str, start: date, end: date, as_of: date) -> RatingInputs:
    """The figures of the tasks due in [start, end], with their status as known on `as_of`."""
    counts = {Status.DONE_ON_TIME: 0, Status.DONE_LATE: 0, Status.OVERDUE: 0}
    due = exceeding = 0
    for outcome in outcomes:
        if not start <= outcome.deadline <= end:
            continue
        status = derive_status(
            deadline=outcome.deadline,
            completed_on=outcome.completed_on,
            cancelled_on=outcome.cancelled_on,
            started_on=outcome.started_on,
            as_of=as_of,
        )
        if status == Status.CANCELLED:
            continue
        due += 1
        if status in counts:
            counts[status] += 1
        if status == Status.DONE_ON_TIME and exceeds_requirements(outcome):
            exceeding += 1
    return RatingInputs(
        period=period,
        due=due,
        done_on_time=counts[Status.DONE_ON_TIME],
        exceeding=exceeding,
        done_late=counts[Status.DONE_LATE],
        overdue=counts[Status.OVERDUE],
    )


def year_inputs(outcomes: Iterable[TaskOutcome], year: int, as_of: date) -> YearInputs:
    """Each quarter of `year` and the whole year."""
    outcomes = list(outcomes)
    quarters = [Quarter(year, n) for n in range(1, 5)]
    return YearInputs(
        year=year,
        quarters=[
            rating_inputs(outcomes, period=str(q), start=q.start, end=q.end, as_of=as_of)
            for q in quarters
            if q.start <= as_of
        ],
        total=rating_inputs(outcomes, period=str(year), start=date(year, 1, 1), end=date(year, 12, 31), as_of=as_of),
    )


# From the database ---------------------------------------------------------------------------------------------------


def _outcomes(assignments: QuerySet, as_of: date) -> list[TaskOutcome]:
    """One row per assignment with a deadline, with the latest indicator value reported by `as_of`: one query."""
    latest_value = (
        Report.objects.filter(
            assignment=OuterRef("pk"), quarter__lte=str(Quarter.containing(as_of)), indicator_value__isnull=False
        )
        .order_by("-quarter")
        .values("indicator_value")[:1]
    )
    rows = (
        assignments.filter(deadline__isnull=False)
        .annotate(reported_value=Subquery(latest_value))
        .values_list(
            "deadline", "completed_on", "cancelled_on", "started_on", "reported_value", "task__indicator_target"
        )
        .order_by()
    )
    return [TaskOutcome(*row) for row in rows]


def unit_assignments(unit, assignments: QuerySet | None = None) -> QuerySet:
    """A unit's own assignments (not those of the units below it)."""
    return (Assignment.objects.all() if assignments is None else assignments).filter(unit=unit)


def person_assignments(member, assignments: QuerySet | None = None) -> QuerySet:
    """The assignments of the tasks a member is in charge of (breakthrough tasks), as given by the directing unit:
    the copies passed on to cells are the cells' work, not a second task of the person."""
    base = Assignment.objects.all() if assignments is None else assignments
    return base.filter(task__person=member, parent__isnull=True)


def for_unit(unit, year: int, as_of: date, assignments: QuerySet | None = None) -> YearInputs:
    """The figures of `unit`'s own assignments; pass `assignments` (e.g. `Assignment.objects.visible_to(user)`) to
    restrict what is read."""
    return year_inputs(_outcomes(unit_assignments(unit, assignments).filter(deadline__year=year), as_of), year, as_of)


def for_person(member, year: int, as_of: date, assignments: QuerySet | None = None) -> YearInputs:
    return year_inputs(
        _outcomes(person_assignments(member, assignments).filter(deadline__year=year), as_of), year, as_of
    )


@dataclass(frozen=True)
class RatingPanel:
    """What the unit and member pages show: one year's figures and the years there are figures for."""

    inputs: YearInputs
    years: list[int]
    early_days: int = EARLY_DAYS

    @property
    def offers_other_years(self) -> bool:
        return any(year != self.inputs.year for year in self.years)


def panel(assignments: QuerySet, requested: str | None, as_of: date) -> RatingPanel:
    """The figures of the requested year (a `?rating_year=` value), or of the latest year with tasks due, and the
    years to choose from: one query (a unit's or a person's own assignments are a few hundred rows at most)."""
    outcomes = _outcomes(assignments.filter(deadline__year__lte=as_of.year), as_of)
    years = sorted({outcome.deadline.year for outcome in outcomes}, reverse=True)
    year = int(requested) if requested and requested.isdigit() and 1900 < int(requested) <= as_of.year else None
    if year is None:
        year = years[0] if years else as_of.year
    return RatingPanel(year_inputs(outcomes, year, as_of), years)
