"""Rules of quality ratings, commendation and party badges: pure functions, no ORM, no clock.

Every rule is versioned by the date it took effect and names its source (rules.md §3-4, research.md §3-4), so that a
2021 rating is judged by the rule in force in 2021 and a 2026 one by today's.
"""

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Level(StrEnum):
    """The four levels of a quality rating, best first."""

    EXCELLENT = "excellent"  # Hoàn thành xuất sắc nhiệm vụ (HTXSNV)
    GOOD = "good"  # Hoàn thành tốt nhiệm vụ (HTTNV)
    COMPLETED = "completed"  # Hoàn thành nhiệm vụ (HTNV)
    NOT_COMPLETED = "not_completed"  # Không hoàn thành nhiệm vụ (KHTNV)

    @property
    def abbreviation(self) -> str:
        return ABBREVIATIONS[self]

    @property
    def rank(self) -> int:
        return list(Level).index(self)


ABBREVIATIONS = {
    Level.EXCELLENT: "HTXSNV",
    Level.GOOD: "HTTNV",
    Level.COMPLETED: "HTNV",
    Level.NOT_COMPLETED: "KHTNV",
}
LEVEL_LABELS = {
    Level.EXCELLENT: gettext_lazy("Completed duties excellently"),
    Level.GOOD: gettext_lazy("Completed duties well"),
    Level.COMPLETED: gettext_lazy("Completed duties"),
    Level.NOT_COMPLETED: gettext_lazy("Did not complete duties"),
}


# Rating rules ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RatingRule:
    """One version of the rating rule. `quota_share` caps members rated HTXSNV at that share of those rated HTTNV in
    each base party organisation (rounded down); None when the rule sets no such cap."""

    code: str
    source: str
    effective_from: date
    quarterly: bool = False  # ratings per quarter allowed (besides the year)
    points: bool = False  # the 100-point scale, with conditions on the tasks assigned
    quota_share: Decimal | None = None
    civil_service_condition: bool = False  # a civil servant rated HTXSNV must hold the civil-service HTXSNV too

    def __str__(self) -> str:
        return self.code


RULES: tuple[RatingRule, ...] = (
    # Hướng dẫn 27-HD/BTCTW (25-9-2014): yearly review and rating of base organisations and members, used for the
    # reviews of 2014-2017. It sets no cap on HTXSNV that we know of.
    RatingRule("27-HD/BTCTW", "Hướng dẫn 27-HD/BTCTW ngày 25-9-2014 của Ban Tổ chức Trung ương", date(2014, 9, 25)),
    # Quy định 132-QĐ/TW (8-3-2018), Hướng dẫn 16-HD/BTCTW (24-9-2018) and 21-HD/BTCTW (18-10-2019): HTXSNV may not
    # exceed 20% of the members rated HTTNV in each base party organisation; civil servants need the civil-service
    # HTXSNV (HD 16, II.2.1).
    RatingRule(
        "132-QĐ/TW",
        "Quy định 132-QĐ/TW ngày 8-3-2018 của Bộ Chính trị; Hướng dẫn 21-HD/BTCTW ngày 18-10-2019",
        date(2018, 3, 8),
        quota_share=Decimal("0.20"),
        civil_service_condition=True,
    ),
    # Quy định 124-QĐ/TW (4-10-2023) keeps the quota and the civil-service condition.
    RatingRule(
        "124-QĐ/TW",
        "Quy định 124-QĐ/TW ngày 4-10-2023 của Bộ Chính trị; Hướng dẫn 25-HD/BTCTW",
        date(2023, 10, 4),
        quota_share=Decimal("0.20"),
        civil_service_condition=True,
    ),
    # Quy định 366-QĐ/TW (30-8-2025), Điều 11, and Hướng dẫn 43-HD/BTCTW (31-10-2025): ratings by term, year, quarter
    # or when needed, on a 100-point scale with conditions on the tasks assigned. Whether the 20% quota is kept for
    # party members is unconfirmed (research.md §3.2); it still binds civil servants (Nghị định 335/2025/NĐ-CP), and
    # the state rate may not exceed the Party's, so it stays a parameter with the old default.
    RatingRule(
        "366-QĐ/TW",
        "Quy định 366-QĐ/TW ngày 30-8-2025 của Bộ Chính trị; Hướng dẫn 43-HD/BTCTW ngày 31-10-2025",
        date(2025, 8, 30),
        quarterly=True,
        points=True,
        quota_share=Decimal("0.20"),
        civil_service_condition=True,
    ),
)


def rule_for(period_end: date) -> RatingRule:
    """The rule a period is rated by: the one in force on the period's last day (a year is reviewed at its end)."""
    found = [rule for rule in RULES if rule.effective_from <= period_end]
    if not found:
        raise ValueError(f"no rating rule before {RULES[0].effective_from}")
    return found[-1]


# The 100-point bands of Quy định 366-QĐ/TW, Điều 11: ≥ 90, 70 to < 90, 50 to < 70, < 50.
BANDS: tuple[tuple[Level, Decimal], ...] = (
    (Level.EXCELLENT, Decimal(90)),
    (Level.GOOD, Decimal(70)),
    (Level.COMPLETED, Decimal(50)),
    (Level.NOT_COMPLETED, Decimal(0)),
)
# Task conditions of the same article.
EXCELLENT_MIN_EXCEEDING = 0.30
COMPLETED_MAX_BEHIND = 0.20


def level_for_points(points: Decimal | int | float) -> Level:
    points = Decimal(str(points))
    if not 0 <= points <= 100:
        raise ValueError("points must lie in 0-100")
    return next(level for level, floor in BANDS if points >= floor)


def quota_limit(good: int, share: Decimal) -> int:
    """How many HTXSNV `good` HTTNV ratings allow: `floor(share × good)` (research.md §3.2)."""
    return math.floor(Decimal(good) * share)


@dataclass(frozen=True)
class TaskFigures:
    """The task-completion inputs of a rating (tracking.ratings.RatingInputs reduced to what the rule reads)."""

    due: int
    done_on_time: int
    exceeding: int
    behind: int

    @property
    def pending(self) -> int:
        return self.due - self.done_on_time - self.behind


@dataclass(frozen=True)
class Proposal:
    """What is proposed for one member or unit, and the facts the rule checks it against."""

    level: Level
    points: Decimal | None = None
    tasks: TaskFigures | None = None
    disciplined: bool = False  # disciplined in the period rated
    civil_service_level: Level | None = None  # the state rating of a civil servant; None if not one


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "0%"


def proposal_errors(rule: RatingRule, proposal: Proposal) -> list[str]:
    """Why `proposal` breaks `rule` (empty when it does not); each message names the rule."""
    errors: list[str] = []
    level = proposal.level
    context = {"rule": rule.code}
    if proposal.disciplined and level != Level.NOT_COMPLETED:
        # Quy định 124-QĐ/TW, Điều 12.4 (kept in spirit by 366): disciplined in the year rated → KHTNV.
        errors.append(_("%(rule)s: a member disciplined in the period rated can only be rated KHTNV.") % context)
    if rule.civil_service_condition and level == Level.EXCELLENT and proposal.civil_service_level not in (None, level):
        errors.append(
            _("%(rule)s: a civil servant is rated HTXSNV only with the civil-service rating HTXSNV (here %(state)s).")
            % {**context, "state": proposal.civil_service_level.abbreviation}
        )
    if not rule.points:
        return errors
    if proposal.points is None:
        errors.append(_("%(rule)s: the points (0-100) are required.") % context)
        return errors
    banded = level_for_points(proposal.points)
    if level.rank < banded.rank:
        errors.append(
            _("%(rule)s: %(points)s points give at most %(banded)s, not %(level)s.")
            % {**context, "points": proposal.points, "banded": banded.abbreviation, "level": level.abbreviation}
        )
    tasks = proposal.tasks
    if tasks is None or tasks.due == 0 or level == Level.NOT_COMPLETED:
        return errors
    figures = {
        **context,
        "done": tasks.done_on_time,
        "due": tasks.due,
        "exceeding": _share(tasks.exceeding, tasks.due),
        "behind": _share(tasks.behind, tasks.due),
    }
    if level in (Level.EXCELLENT, Level.GOOD) and tasks.done_on_time < tasks.due:
        errors.append(
            _("%(rule)s: %(level)s needs 100%% of tasks done on time; %(done)s of %(due)s are.")
            % {**figures, "level": level.abbreviation}
        )
    if level == Level.EXCELLENT and tasks.exceeding < math.ceil(EXCELLENT_MIN_EXCEEDING * tasks.due):
        errors.append(
            _("%(rule)s: HTXSNV needs at least 30%% of tasks exceeding requirements; %(exceeding)s do.") % figures
        )
    if level == Level.COMPLETED and (tasks.pending > 0 or tasks.behind > COMPLETED_MAX_BEHIND * tasks.due):
        errors.append(
            _("%(rule)s: HTNV needs every task done with at most 20%% behind schedule; %(behind)s are behind.")
            % figures
        )
    return errors


def quota_error(rule: RatingRule, excellent: int, good: int, organisation: str) -> str | None:
    """The message when `excellent` HTXSNV ratings break the rule's quota over `good` HTTNV, else None."""
    if rule.quota_share is None:
        return None
    limit = quota_limit(good, rule.quota_share)
    if excellent <= limit:
        return None
    return _(
        "%(rule)s: members rated HTXSNV may not exceed %(share)s%% of those rated HTTNV in %(organisation)s. "
        "%(good)s HTTNV allow %(limit)s HTXSNV; there would be %(excellent)s, %(over)s too many."
    ) % {
        "rule": rule.code,
        "share": int(rule.quota_share * 100),
        "organisation": organisation,
        "good": good,
        "limit": limit,
        "excellent": excellent,
        "over": excellent - limit,
    }


def consecutive_years(levels: dict[int, Level], level: Level, last_year: int, years: int) -> bool:
    """Rated `level` (or better) in each of the `years` years ending with `last_year` ("5 năm liền", research.md §4.1:
    each calendar year, whatever unit the member was in)."""
    return all(
        year in levels and levels[year].rank <= level.rank for year in range(last_year - years + 1, last_year + 1)
    )


# Party age and badges -------------------------------------------------------------------------------------------------

# Hướng dẫn 01-HD/TW (2021), item 18, kept by Hướng dẫn 06-HD/TW (2025) as far as known (research.md §4.2).
MILESTONES: tuple[int, ...] = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
# Award days: 3/2 (founding of the Party), 19/5, 2/9, 7/11.
OCCASIONS: tuple[tuple[int, int], ...] = ((2, 3), (5, 19), (9, 2), (11, 7))
# A member under discipline waits 6, 9 or 12 months after a reprimand, a warning or a removal from post
# (Quy định 24-QĐ/TW 2021, research.md §4.2).
DISCIPLINE_WAIT_MONTHS = {"reprimand": 6, "warning": 9, "removal_from_post": 12}


def early_months(milestone: int, *, gravely_ill: bool = False, posthumous: bool = False) -> int:
    """How many months before the milestone a badge may be awarded: gravely ill, 12 months for 30-65 years and 24 for
    70-90; posthumously, 12; otherwise none."""
    months = 0
    if gravely_ill:
        months = 24 if milestone >= 70 else 12
    if posthumous:
        months = max(months, 12)
    return months


@dataclass(frozen=True)
class Gap:
    """A time out of party activity: [start, end), end None while it lasts."""

    start: date
    end: date | None


def party_age_days(admitted_on: date, gaps: list[Gap], on: date) -> int:
    """Days of party age on `on`: from the admission decision (probation counts), less every day out of party
    activity (research.md §4.3: expulsion, striking off, lost contact, gaps between transfers)."""
    if on <= admitted_on:
        return 0
    days = (on - admitted_on).days
    for gap in gaps:
        start, end = max(gap.start, admitted_on), min(gap.end or on, on)
        if end > start:
            days -= (end - start).days
    return days


def reaches(admitted_on: date, gaps: list[Gap], years: int, on: date) -> bool:
    """Has the member `years` of party age on `on`? Counted in calendar terms: the gaps push the anniversary of the
    admission decision back day for day."""
    return date_reached(admitted_on, gaps, years) <= on


def add_years(day: date, years: int) -> date:
    """The same day `years` later (or earlier); 29 February becomes 28 February in a common year, as
    `relativedelta(years=...)` does, but cheaply: badge lists add years hundreds of thousands of times."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def date_reached(admitted_on: date, gaps: list[Gap], years: int) -> date:
    """The day party age reaches `years`: the anniversary of admission, moved later by the days out of activity
    before it. A gap still open never ends, so the date is pushed out of reach (date.max)."""
    reached = add_years(admitted_on, years)
    for gap in sorted(gaps, key=lambda g: g.start):
        if gap.start >= reached:
            break
        if gap.end is None:
            return date.max
        start = max(gap.start, admitted_on)
        if gap.end > start:
            reached += gap.end - start
    return reached


def next_occasion(after: date) -> date:
    """The first award day on or after `after`."""
    for year in (after.year, after.year + 1):
        for month, day in OCCASIONS:
            if date(year, month, day) >= after:
                return date(year, month, day)
    raise AssertionError("unreachable")


def occasions_between(start: date, end: date) -> list[date]:
    found, day = [], next_occasion(start)
    while day <= end:
        found.append(day)
        day = next_occasion(day + relativedelta(days=1))
    return found


def milestone_due(
    admitted_on: date,
    gaps: list[Gap],
    occasion: date,
    received: set[int],
    *,
    gravely_ill: bool = False,
    posthumous: bool = False,
) -> tuple[int, bool] | None:
    """The badge to award on `occasion`, if any: the highest milestone reached (or within the early window) by that
    day that was not received, and whether it is early. Lower milestones missed are superseded by it."""
    best = None
    for milestone in MILESTONES:
        if milestone in received:
            continue
        reached = date_reached(admitted_on, gaps, milestone)
        if reached == date.max:
            break
        if reached <= occasion:
            best = (milestone, False)
        elif (
            add_years(reached, -early_months(milestone, gravely_ill=gravely_ill, posthumous=posthumous) // 12)
            <= occasion
        ):
            best = (milestone, True)
    if best and any(m in received for m in MILESTONES if m > best[0]):
        return None
    return best


def discipline_clears(kind: str, decided_on: date, occasion: date) -> bool:
    """Has the wait after a disciplinary decision passed by `occasion`? Expulsion never clears."""
    months = DISCIPLINE_WAIT_MONTHS.get(kind)
    return months is not None and decided_on + relativedelta(months=months) <= occasion
