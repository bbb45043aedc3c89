"""Reads of the quality-rating pages and operations, each in a fixed number of queries.

- `members_to_rate`: the members a cell rates for a period (officially affiliated at the period's end, active);
- `cell_sheet`: those members with their rating row (self-assessment, proposal, decision), their task figures
  (`tracking.ratings`, one query for the whole cell) and whether they were disciplined in the period;
- `level_counts`: the levels counted for the HTXSNV quota of a base organisation (decided level, else proposed);
- `distribution` / `unit_distribution`: decided levels per year in a subtree, one aggregate query each.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max, OuterRef, Q, Subquery

from dangvu.awards import rules
from dangvu.awards.models import Discipline, Rating
from dangvu.awards.periods import period_bounds
from dangvu.core.periods import Quarter
from dangvu.members.models import Member
from dangvu.members.rules import ACTIVE_STATUSES
from dangvu.tracking.models import Assignment, Report
from dangvu.tracking.ratings import RatingInputs, TaskOutcome, YearInputs, year_inputs
from dangvu.units.models import CELL_KINDS, Unit

LEVELS = list(rules.Level)


def members_to_rate(cell: Unit, year: int, quarter: int = 0):
    """Members officially affiliated to `cell` on the period's last day with an active status on that day."""
    _, end = period_bounds(year, quarter)
    return (
        Member.objects.in_subtree_as_of(cell, end)
        .with_status_on(end)
        .filter(status_on__in=[s.value for s in ACTIVE_STATUSES])
        .order_by("name_sort_key", "id")
    )


def disciplined_in(member_ids: Iterable[int], year: int, quarter: int = 0) -> set[int]:
    """Members with a disciplinary decision dated in the period (Quy định 124-QĐ/TW, Điều 12.4)."""
    start, end = period_bounds(year, quarter)
    return set(
        Discipline.objects.filter(member_id__in=list(member_ids), decided_on__range=(start, end)).values_list(
            "member_id", flat=True
        )
    )


def person_inputs(member_ids: Iterable[int], year: int, as_of: date) -> dict[int, YearInputs]:
    """`tracking.ratings.for_person` for many members in one query: the tasks each is in charge of."""
    latest_value = (
        Report.objects.filter(
            assignment=OuterRef("pk"), quarter__lte=str(Quarter.containing(as_of)), indicator_value__isnull=False
        )
        .order_by("-quarter")
        .values("indicator_value")[:1]
    )
    rows = (
        Assignment.objects.filter(
            task__person_id__in=list(member_ids), parent__isnull=True, deadline__isnull=False, deadline__year=year
        )
        .annotate(reported_value=Subquery(latest_value))
        .values_list(
            "task__person_id",
            "deadline",
            "completed_on",
            "cancelled_on",
            "started_on",
            "reported_value",
            "task__indicator_target",
        )
        .order_by()
    )
    outcomes: dict[int, list[TaskOutcome]] = defaultdict(list)
    for person, *row in rows:
        outcomes[person].append(TaskOutcome(*row))
    return {person: year_inputs(found, year, as_of) for person, found in outcomes.items()}


def period_inputs(inputs: YearInputs | None, quarter: int) -> RatingInputs | None:
    """The figures of the period rated: the year's total, or the quarter's."""
    if inputs is None:
        return None
    if not quarter:
        return inputs.total
    label = str(Quarter(inputs.year, quarter))
    return next((q for q in inputs.quarters if q.period == label), None)


def task_figures(inputs: RatingInputs | None) -> rules.TaskFigures | None:
    """What the rule reads of the tracking figures (None when no task was due)."""
    if inputs is None or not inputs.due:
        return None
    return rules.TaskFigures(
        due=inputs.due, done_on_time=inputs.done_on_time, exceeding=inputs.exceeding, behind=inputs.behind
    )


@dataclass
class MemberRow:
    member: Member
    rating: Rating | None
    figures: RatingInputs | None
    disciplined: bool

    @property
    def decided(self) -> bool:
        return bool(self.rating and self.rating.level)


def cell_sheet(cell: Unit, year: int, quarter: int, as_of: date, *, with_tasks: bool = True) -> list[MemberRow]:
    """The members a cell rates for the period with everything the proposal form shows: four queries."""
    members = list(members_to_rate(cell, year, quarter))
    ids = [m.pk for m in members]
    ratings = {
        r.member_id: r
        for r in Rating.objects.filter(member_id__in=ids, year=year, quarter=quarter).select_related("decision")
    }
    inputs = person_inputs(ids, year, as_of) if with_tasks else {}
    disciplined = disciplined_in(ids, year, quarter)
    return [
        MemberRow(m, ratings.get(m.pk), period_inputs(inputs.get(m.pk), quarter), m.pk in disciplined) for m in members
    ]


def effective_level(level: str, proposed_level: str) -> str:
    """The level a rating counts with: the decision, else the proposal."""
    return level or proposed_level


def level_counts(organisation: Unit, year: int, quarter: int, exclude_members: Iterable[int] = ()) -> Counter:
    """Levels of the member ratings of a base organisation for a period (decided, else proposed): one query."""
    rows = (
        Rating.objects.filter(
            member__isnull=False, cell__path__startswith=organisation.path, year=year, quarter=quarter
        )
        .exclude(member_id__in=list(exclude_members))
        .values_list("level", "proposed_level")
    )
    return Counter(effective_level(*row) for row in rows if effective_level(*row))


@dataclass
class YearCounts:
    year: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def excellent_share(self) -> float | None:
        return self.counts.get(rules.Level.EXCELLENT, 0) / self.total if self.total else None

    def cells(self) -> list[tuple[rules.Level, int, float]]:
        """(level, count, share of the year) in the order of the levels."""
        total = self.total
        return [(lv, self.counts.get(lv, 0), (self.counts.get(lv, 0) / total) if total else 0.0) for lv in LEVELS]


def _per_year(rows, years: list[int]) -> list[YearCounts]:
    found = {year: YearCounts(year) for year in years}
    for row in rows:
        found[row["year"]].counts[row["level"]] = row["n"]
    return [found[year] for year in years]


def latest_rated_year(unit: Unit) -> int | None:
    """The latest year with a decided rating made in the subtree of `unit`."""
    return (
        Rating.objects.filter(cell__path__startswith=unit.path)
        .exclude(level="")
        .aggregate(latest=Max("year"))["latest"]
    )


@dataclass
class OrganisationProgress:
    """A base organisation's member ratings of a period, summed over its cells."""

    organisation: Unit
    cells: int = 0
    proposed: int = 0
    decided: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def organisation_progress(organisations: list[Unit], cells: "list[CellProgress]") -> list[OrganisationProgress]:
    """`cell_progress` summed per base organisation (no query)."""
    found = [OrganisationProgress(organisation) for organisation in organisations]
    for progress in cells:
        owner = next((o for o in found if progress.cell.path.startswith(o.organisation.path)), None)
        if owner is None:
            continue
        owner.cells += 1
        owner.proposed += progress.proposed
        owner.decided += progress.decided
        for level, n in progress.counts.items():
            owner.counts[level] = owner.counts.get(level, 0) + n
    return found


def distribution(unit: Unit, years: list[int]) -> list[YearCounts]:
    """Decided yearly member ratings in the subtree of `unit`, per year and level: one aggregate query."""
    rows = (
        Rating.objects.filter(member__isnull=False, quarter=0, year__in=years, cell__path__startswith=unit.path)
        .exclude(level="")
        .values("year", "level")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _per_year(rows, years)


def unit_distribution(unit: Unit, years: list[int]) -> list[YearCounts]:
    """Decided yearly collective ratings of the units below `unit` (not `unit` itself): one aggregate query."""
    rows = (
        Rating.objects.filter(unit__isnull=False, quarter=0, year__in=years, unit__path__startswith=unit.path)
        .exclude(unit=unit)
        .exclude(level="")
        .values("year", "level")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _per_year(rows, years)


@dataclass
class CellProgress:
    cell: Unit
    proposed: int = 0
    decided: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def cell_progress(cells: list[Unit], year: int, quarter: int = 0) -> list[CellProgress]:
    """For each cell: ratings proposed, decided and the levels decided in the period: one aggregate query."""
    found = {cell.pk: CellProgress(cell) for cell in cells}
    rows = (
        Rating.objects.filter(member__isnull=False, cell_id__in=list(found), year=year, quarter=quarter)
        .values("cell_id", "level")
        .annotate(n=Count("id"), proposed=Count("id", filter=~Q(proposed_level="")))
        .order_by()
    )
    for row in rows:
        progress = found[row["cell_id"]]
        progress.proposed += row["proposed"]
        if row["level"]:
            progress.decided += row["n"]
            progress.counts[row["level"]] = row["n"]
    return list(found.values())


def cells_under(unit: Unit) -> list[Unit]:
    """The open cells in the subtree of `unit` (the unit itself when it is a cell)."""
    return list(Unit.objects.open().in_subtree(unit).filter(kind__in=list(CELL_KINDS)).order_by("path"))


def organisation_proposals(organisation: Unit, year: int, quarter: int) -> list[Rating]:
    """Every member rating of the base organisation's cells for the period, by cell and name: one query."""
    return list(
        Rating.objects.filter(
            member__isnull=False, cell__path__startswith=organisation.path, year=year, quarter=quarter
        )
        .select_related("member", "cell", "decision")
        .order_by("cell__path", "member__name_sort_key", "member_id")
    )
