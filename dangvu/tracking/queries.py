"""Rollups in SQL: the same answers as `rules.rollup`, for any unit's subtree and any document, as of any quarter.

One aggregate query per question, whatever the depth of the tree: the subtree is a prefix match on the materialized
path (indexed), and the status is `rules.derive_status` written as a CASE expression (`status_expression`). The
tests compare every figure here with `rules` on random trees.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Avg, Case, CharField, Count, F, FilteredRelation, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from dangvu.access.scoping import today
from dangvu.core.periods import Quarter
from dangvu.documents.models import Document, DocumentRelation, RelationKind
from dangvu.tracking.models import Assignment, Report
from dangvu.tracking.rules import Rollup, Status
from dangvu.units.models import Unit


def status_expression(as_of: date) -> Case:
    """`rules.derive_status(..., as_of)` as SQL, branch for branch."""
    return Case(
        When(cancelled_on__lte=as_of, then=Value(Status.CANCELLED.value)),
        When(
            Q(completed_on__lte=as_of) & (Q(deadline__isnull=True) | Q(completed_on__lte=F("deadline"))),
            then=Value(Status.DONE_ON_TIME.value),
        ),
        When(completed_on__lte=as_of, then=Value(Status.DONE_LATE.value)),
        When(deadline__lt=as_of, then=Value(Status.OVERDUE.value)),
        When(started_on__lte=as_of, then=Value(Status.IN_PROGRESS.value)),
        default=Value(Status.NOT_STARTED.value),
        output_field=CharField(),
    )


def documents_implementing(document: Document) -> list[int]:
    """The document and the programmes and plans that implement, continue or guide it (one level down)."""
    kinds = [RelationKind.IMPLEMENTS, RelationKind.CONTINUES, RelationKind.GUIDES]
    below = DocumentRelation.objects.filter(target=document, kind__in=kinds).values_list("source_id", flat=True)
    return [document.pk, *below]


def assignments_in(unit: Unit, document: Document | None = None) -> QuerySet:
    """Assignments to `unit` and every unit below it, optionally only those of tasks implementing `document`."""
    assignments = Assignment.objects.filter(unit__path__startswith=unit.path)
    if document is not None:
        assignments = assignments.filter(task__document_id__in=documents_implementing(document))
    return assignments


def expects_report_q(quarter: Quarter) -> Q:
    """`rules.expects_report` as a filter."""
    return Q(assigned_on__lte=quarter.end) & ~Q(cancelled_on__lte=quarter.end) & ~Q(completed_on__lt=quarter.start)


def _cutoff(reporting_deadline: date) -> datetime:
    """Reports sent before this moment (local midnight after the deadline) are on time; comparing the stored
    timestamp with it keeps the index usable, unlike converting every timestamp to a local date."""
    return timezone.make_aware(datetime.combine(reporting_deadline + timedelta(days=1), time.min))


def _with_quarter_report(assignments: QuerySet, quarter: Quarter) -> QuerySet:
    """Each assignment joined to its report for the quarter, if any (at most one: unique per quarter)."""
    return assignments.annotate(quarter_report=FilteredRelation("reports", condition=Q(reports__quarter=str(quarter))))


def as_of_for(quarter: Quarter) -> date:
    """The day a quarter's figures describe: its last day, or today while it is still running."""
    return min(quarter.end, today())


def rollup(assignments: QuerySet, quarter: Quarter, reporting_deadline: date, as_of: date | None = None) -> Rollup:
    """Counts by status as of `as_of` (default `as_of_for(quarter)`), the quarter's reporting rate and the indicator
    total, in one aggregate query grouped by status."""
    as_of = as_of or as_of_for(quarter)
    owes = expects_report_q(quarter)
    rows = (
        _with_quarter_report(assignments.filter(assigned_on__lte=quarter.end), quarter)
        .annotate(status=status_expression(as_of))
        .values("status")
        .annotate(
            n=Count("id"),
            expected=Count("id", filter=owes),
            reported=Count("id", filter=owes & Q(quarter_report__isnull=False)),
            on_time=Count("id", filter=owes & Q(quarter_report__first_submitted_at__lt=_cutoff(reporting_deadline))),
            indicator_total=Sum("quarter_report__indicator_value"),
            indicator_count=Count("quarter_report__indicator_value"),
        )
        .order_by()
    )
    result = Rollup()
    for row in rows:
        result.by_status[Status(row["status"])] = row["n"]
        result.expected_reports += row["expected"]
        result.reports += row["reported"]
        result.reports_on_time += row["on_time"]
        if row["indicator_total"] is not None:
            result.indicator_total = (result.indicator_total or Decimal(0)) + row["indicator_total"]
        result.indicator_count += row["indicator_count"]
    return result


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    assignments: int
    overdue: int
    done_late: int
    average_percent: float
    reported: int
    expected: int

    def as_dict(self) -> dict:
        """The row as plain data (the review's snapshot, the review page)."""
        return {
            "unit": self.unit.name,
            "assignments": self.assignments,
            "overdue": self.overdue,
            "done_late": self.done_late,
            "average_percent": round(self.average_percent, 1),
            "reported": self.reported,
            "expected": self.expected,
        }


def by_unit(unit: Unit, quarter: Quarter, document: Document | None = None, as_of: date | None = None) -> list[UnitRow]:
    """For each unit directly below `unit`, the figures of its whole subtree (drill-down): one query per child
    level, computed by grouping assignments on the child's path prefix."""
    children = list(Unit.objects.open().filter(parent=unit).order_by("sort_key"))
    if not children:
        return []
    base = _with_quarter_report(assignments_in(unit, document).filter(assigned_on__lte=quarter.end), quarter)
    status = status_expression(as_of or as_of_for(quarter))
    child_of = Case(
        *[When(unit__path__startswith=child.path, then=Value(child.path)) for child in children],
        default=Value(""),
        output_field=CharField(),
    )
    rows = (
        base.annotate(branch=child_of, status=status)
        .exclude(branch="")
        .values("branch")
        .annotate(
            n=Count("id"),
            overdue=Count("id", filter=Q(status=Status.OVERDUE.value)),
            late=Count("id", filter=Q(status=Status.DONE_LATE.value)),
            percent=Avg("percent"),
            expected=Count("id", filter=expects_report_q(quarter)),
            reported=Count("id", filter=expects_report_q(quarter) & Q(quarter_report__isnull=False)),
        )
        .order_by()
    )
    figures = {row["branch"]: row for row in rows}
    result = []
    for child in children:
        row = figures.get(child.path)
        if row is None:
            continue
        result.append(
            UnitRow(
                child,
                row["n"],
                row["overdue"],
                row["late"],
                float(row["percent"] or 0),
                row["reported"],
                row["expected"],
            )
        )
    return result


def lagging(rows: list[UnitRow], limit: int = 5) -> list[UnitRow]:
    """The units lagging most: most overdue, then lowest average progress, then lowest reporting."""
    behind = [r for r in rows if r.overdue or r.reported < r.expected or r.average_percent < 100]
    return sorted(behind, key=lambda r: (-r.overdue, r.average_percent, r.reported - r.expected))[:limit]


def rounded_rate(value: float | None) -> float | None:
    """A rate for JSON (snapshots, the API): four decimals; None (nothing to measure) stays None."""
    return None if value is None else round(value, 4)


def summary(total: Rollup) -> dict:
    """A rollup as plain data: what a review's snapshot keeps and its page shows."""
    return {
        "by_status": {status.value: total.by_status[status] for status in Status},
        "on_time_rate": rounded_rate(total.on_time_rate),
        "expected_reports": total.expected_reports,
        "reports": total.reports,
        "reports_on_time": total.reports_on_time,
        "reporting_rate": rounded_rate(total.reporting_rate),
        "indicator_total": str(total.indicator_total) if total.indicator_total is not None else None,
    }


def snapshot(unit: Unit, quarter: Quarter, reporting_deadline: date) -> dict:
    """The review's frozen figures (JSON): the subtree rollup and one row per unit below."""
    total = rollup(assignments_in(unit), quarter, reporting_deadline)
    return {
        "quarter": str(quarter),
        "unit": unit.name,
        **summary(total),
        "units": [row.as_dict() for row in by_unit(unit, quarter)],
    }


def indicator_rows(unit: Unit, quarter: Quarter, document: Document | None = None) -> list[dict]:
    """Each task with an indicator in the subtree: its target and the quarter's reported total and average."""
    reports = Report.objects.filter(
        assignment__in=assignments_in(unit, document), quarter=str(quarter), indicator_value__isnull=False
    )
    rows = (
        reports.values(
            "assignment__task_id",
            "assignment__task__title",
            "assignment__task__indicator",
            "assignment__task__indicator_unit",
            "assignment__task__indicator_target",
        )
        .annotate(total=Sum("indicator_value"), average=Avg("indicator_value"), n=Count("id"))
        .order_by("assignment__task_id")
    )
    return [
        {
            "task_id": row["assignment__task_id"],
            "task": row["assignment__task__title"],
            "indicator": row["assignment__task__indicator"],
            "unit": row["assignment__task__indicator_unit"],
            "target": row["assignment__task__indicator_target"],
            "total": row["total"],
            "average": Decimal(row["average"]).quantize(Decimal("0.01")) if row["average"] is not None else None,
            "reports": row["n"],
        }
        for row in rows
    ]
