"""Implementation tracking over the API: tasks, assignments with their derived status, progress reports, quarterly
reviews and the rollup of any unit's subtree; reports are submitted and reviewed through `tracking.operations`.

Every read goes through `visible_to`. A unit the caller sees has its whole subtree in scope (a grant covers
everything below its unit), so the subtree figures of a visible unit are within scope too.
"""

from datetime import date, datetime
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError as InputError

from dangvu.access.scoping import home_unit, today
from dangvu.api.schemas import PageIn, checked_year, row_id
from dangvu.api.units import REFUSALS
from dangvu.core.periods import Quarter
from dangvu.documents.models import Document
from dangvu.tracking import operations, queries
from dangvu.tracking.models import (
    Assignment,
    CycleState,
    Priority,
    Recurrence,
    Report,
    ReportState,
    ReviewCycle,
    Task,
)
from dangvu.tracking.rules import Status as AssignmentStatus
from dangvu.units.models import Unit

router = Router(tags=["tracking"])


def _quarter(text: str, where: str = "query") -> Quarter:
    try:
        quarter = Quarter.parse(text)
    except ValueError:
        raise InputError(
            [{"loc": [where, "quarter"], "msg": _("Write the quarter as year and quarter, e.g. 2022-Q2.")}]
        ) from None
    checked_year(quarter.year, "quarter", where)
    return quarter


def _unit(user, unit_id: int) -> Unit:
    return get_object_or_404(Unit.objects.visible_to(user), pk=unit_id)


def _document(user, document_id: int) -> Document:
    return get_object_or_404(Document.objects.visible_to(user), pk=document_id)


# Tasks ---------------------------------------------------------------------------------------------------------------


class TaskOut(Schema):
    id: int
    title: str
    description: str
    owner_unit_id: int = Field(description="The directing unit.")
    owner_unit_name: str
    document_id: int | None = Field(description="The programme, plan or document the task belongs to.")
    parent_id: int | None
    lead_unit_id: int | None
    cooperating_unit_ids: list[int]
    person_id: int | None = Field(description="The member in charge of a breakthrough task.")
    deadline: date | None
    recurrence: Recurrence
    priority: Priority
    indicator: str
    indicator_unit: str
    indicator_target: float | None
    cancelled_on: date | None

    @staticmethod
    def resolve_owner_unit_name(task) -> str:
        return task.owner_unit.name

    @staticmethod
    def resolve_cooperating_unit_ids(task) -> list[int]:
        return [unit.pk for unit in task.cooperating_units.all()]


class TaskPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[TaskOut]


class TaskFilters(Schema):
    unit: int | None = Field(None, description="Only tasks directed by this unit or a unit below it.")
    document: int | None = Field(None, description="Only tasks of this document or of programmes implementing it.")


def _tasks(user):
    return Task.objects.visible_to(user).select_related("owner_unit").prefetch_related("cooperating_units")


@router.get("/tasks", response={200: TaskPage, **REFUSALS})
def list_tasks(request, filters: Query[TaskFilters], page: Query[PageIn]):
    user = request.auth
    tasks = _tasks(user)
    if filters.unit is not None:
        tasks = tasks.filter(owner_unit__path__startswith=_unit(user, filters.unit).path)
    if filters.document is not None:
        tasks = tasks.filter(document_id__in=queries.documents_implementing(_document(user, filters.document)))
    return page.of(tasks.order_by("id"))


@router.get("/tasks/{task_id}", response={200: TaskOut, **REFUSALS})
def task_detail(request, task_id: int):
    return get_object_or_404(_tasks(request.auth), pk=task_id)


# Assignments and reports ---------------------------------------------------------------------------------------------


class AssignmentOut(Schema):
    id: int
    task_id: int
    task_title: str
    unit_id: int
    unit_name: str
    assigned_by_id: int = Field(description="The unit that gave the task (and reviews its reports).")
    parent_id: int | None = Field(description="The assignment this one was passed on from.")
    period: str = Field(description="For a recurring task, the quarter (2022-Q2) or year (2022) it is for.")
    assigned_on: date
    deadline: date | None
    baseline_deadline: date | None = Field(description="The first deadline; later ones show as slippage.")
    slippage_days: int
    started_on: date | None
    completed_on: date | None
    cancelled_on: date | None
    percent: int
    status: AssignmentStatus = Field(description="Derived from the dates as of the day `as_of` of the answer.")

    @staticmethod
    def resolve_task_title(assignment) -> str:
        return assignment.task.title

    @staticmethod
    def resolve_unit_name(assignment) -> str:
        return assignment.unit.name

    @staticmethod
    def resolve_status(assignment) -> str:
        return assignment.derived_status


class AssignmentPage(Schema):
    count: int
    limit: int
    offset: int
    as_of: date = Field(description="The day the statuses are derived for: the quarter's end, else today.")
    items: list[AssignmentOut]


class AssignmentFilters(Schema):
    unit: int | None = Field(None, description="Only assignments to this unit and the units below it.")
    quarter: str | None = Field(
        None, description="Assignments given by the end of this quarter (2022-Q2), with their status as of then."
    )
    status: AssignmentStatus | None = None
    task: int | None = None
    document: int | None = Field(None, description="Only tasks of this document or of programmes implementing it.")


class ReportOut(Schema):
    id: int
    assignment_id: int
    task_title: str
    unit_id: int
    unit_name: str
    quarter: str
    percent: int
    completed_on: date | None
    narrative: str
    indicator_value: float | None
    state: ReportState
    first_submitted_at: datetime
    submitted_at: datetime
    reviewed_at: datetime | None
    review_comment: str

    @staticmethod
    def resolve_task_title(report) -> str:
        return report.assignment.task.title

    @staticmethod
    def resolve_unit_id(report) -> int:
        return report.assignment.unit_id

    @staticmethod
    def resolve_unit_name(report) -> str:
        return report.assignment.unit.name


class AssignmentDetailOut(AssignmentOut):
    reports: list[ReportOut]

    @staticmethod
    def resolve_reports(assignment) -> list:
        return assignment.reports_list


class ReportPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ReportOut]


class ReportFilters(Schema):
    unit: int | None = Field(None, description="Only reports of this unit and the units below it.")
    quarter: str | None = Field(None, description="2022-Q2")
    state: ReportState | None = None
    assignment: int | None = None


class ReportIn(Schema):
    quarter: str = Field(description="The quarter reported on, e.g. 2022-Q2.")
    percent: int = Field(ge=0, le=100)
    narrative: str = ""
    completed_on: date | None = None
    indicator_value: Decimal | None = Field(None, description="Only kept for a task with an indicator.")


class ReviewIn(Schema):
    accept: bool
    comment: str = Field("", description="Required when the report is returned: what has to be corrected.")


def _assignments(user, as_of: date):
    return (
        Assignment.objects.visible_to(user)
        .select_related("task", "unit")
        .annotate(derived_status=queries.status_expression(as_of))
    )


def _reports(user):
    return Report.objects.visible_to(user).select_related("assignment__task", "assignment__unit")


@router.get("/assignments", response={200: AssignmentPage, **REFUSALS})
def list_assignments(request, filters: Query[AssignmentFilters], page: Query[PageIn]):
    """Assignments the caller sees, with the status derived from their dates (never typed by hand)."""
    user = request.auth
    quarter = _quarter(filters.quarter) if filters.quarter else None
    as_of = quarter.end if quarter else today()
    assignments = _assignments(user, as_of)
    if quarter is not None:
        assignments = assignments.filter(assigned_on__lte=quarter.end)
    if filters.unit is not None:
        assignments = assignments.filter(unit__path__startswith=_unit(user, filters.unit).path)
    if filters.document is not None:
        document = _document(user, filters.document)
        assignments = assignments.filter(task__document_id__in=queries.documents_implementing(document))
    if filters.task is not None:
        assignments = assignments.filter(task_id=row_id(filters.task))
    if filters.status:
        assignments = assignments.filter(derived_status=filters.status.value)
    return {**page.of(assignments.order_by("task_id", "unit__sort_key", "id")), "as_of": as_of}


def _assignment_detail(user, assignment_id: int) -> Assignment:
    assignment = get_object_or_404(_assignments(user, today()), pk=assignment_id)
    assignment.reports_list = list(_reports(user).filter(assignment=assignment).order_by("quarter"))
    return assignment


@router.get("/assignments/{assignment_id}", response={200: AssignmentDetailOut, **REFUSALS})
def assignment_detail(request, assignment_id: int):
    """One assignment with its status today and its reports, quarter by quarter."""
    return _assignment_detail(request.auth, assignment_id)


@router.get("/reports", response={200: ReportPage, **REFUSALS})
def list_reports(request, filters: Query[ReportFilters], page: Query[PageIn]):
    user = request.auth
    reports = _reports(user)
    if filters.unit is not None:
        reports = reports.filter(assignment__unit__path__startswith=_unit(user, filters.unit).path)
    if filters.quarter:
        reports = reports.filter(quarter=str(_quarter(filters.quarter)))
    if filters.state:
        reports = reports.filter(state=filters.state)
    if filters.assignment is not None:
        reports = reports.filter(assignment_id=row_id(filters.assignment))
    return page.of(reports.order_by("-quarter", "assignment__unit__sort_key", "id"))


@router.get("/reports/{report_id}", response={200: ReportOut, **REFUSALS})
def report_detail(request, report_id: int):
    return get_object_or_404(_reports(request.auth), pk=report_id)


@router.post("/assignments/{assignment_id}/reports", response={200: ReportOut, 201: ReportOut, **REFUSALS})
def submit_report(request, assignment_id: int, data: ReportIn):
    """The unit's report for a quarter: 201 when new, 200 when it corrects one not yet accepted."""
    user = request.auth
    assignment = get_object_or_404(Assignment.objects.visible_to(user), pk=assignment_id)
    quarter = _quarter(data.quarter, "body")
    existed = Report.objects.visible_to(user).filter(assignment=assignment, quarter=str(quarter)).exists()
    report = operations.submit_report(
        user,
        assignment,
        quarter,
        percent=data.percent,
        narrative=data.narrative,
        completed_on=data.completed_on,
        indicator_value=data.indicator_value,
    )
    return Status(200 if existed else 201, get_object_or_404(_reports(user), pk=report.pk))


@router.post("/reports/{report_id}/review", response={200: ReportOut, **REFUSALS})
def review_report(request, report_id: int, data: ReviewIn):
    """Accept the report, or return it with a comment saying what to correct (the unit that assigned the task)."""
    user = request.auth
    report = get_object_or_404(_reports(user).select_related("assignment__assigned_by"), pk=report_id)
    operations.review_report(user, report, accept=data.accept, comment=data.comment)
    return get_object_or_404(_reports(user), pk=report_id)


# Quarterly reviews and the rollup ------------------------------------------------------------------------------------


class ReviewCycleOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    quarter: str
    state: CycleState
    reporting_deadline: date
    opened_at: datetime
    compiled_at: datetime | None
    closed_at: datetime | None

    @staticmethod
    def resolve_unit_name(cycle) -> str:
        return cycle.unit.name


class ReviewCycleDetailOut(ReviewCycleOut):
    snapshot: dict | None = Field(description="The figures frozen when the review was compiled.")


class ReviewCyclePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ReviewCycleOut]


class ReviewCycleFilters(Schema):
    unit: int | None = Field(None, description="Only reviews of this unit and the units below it.")
    quarter: str | None = Field(None, description="2022-Q2")
    state: CycleState | None = None


def _cycles(user):
    return ReviewCycle.objects.visible_to(user).select_related("unit")


@router.get("/reviews", response={200: ReviewCyclePage, **REFUSALS})
def list_reviews(request, filters: Query[ReviewCycleFilters], page: Query[PageIn]):
    user = request.auth
    cycles = _cycles(user)
    if filters.unit is not None:
        cycles = cycles.filter(unit__path__startswith=_unit(user, filters.unit).path)
    if filters.quarter:
        cycles = cycles.filter(quarter=str(_quarter(filters.quarter)))
    if filters.state:
        cycles = cycles.filter(state=filters.state)
    return page.of(cycles.order_by("-quarter", "unit__path"))


@router.get("/reviews/{cycle_id}", response={200: ReviewCycleDetailOut, **REFUSALS})
def review_detail(request, cycle_id: int):
    return get_object_or_404(_cycles(request.auth), pk=cycle_id)


class IndicatorOut(Schema):
    task_id: int
    task: str
    indicator: str
    unit: str
    target: float | None
    total: float | None
    average: float | None
    reports: int


class UnitFiguresOut(Schema):
    unit_id: int
    unit_name: str
    assignments: int
    overdue: int
    done_late: int
    average_percent: float
    reported: int
    expected: int


class RollupOut(Schema):
    unit_id: int
    unit_name: str
    quarter: str
    document_id: int | None
    reporting_deadline: date = Field(description="Of the unit's review (or the nearest above it) for the quarter.")
    total: int
    by_status: dict[str, int] = Field(description="Assignments by status as of the quarter's end.")
    on_time_rate: float | None = Field(description="Done on time / due so far; null when nothing was due.")
    expected_reports: int
    reports: int
    reports_on_time: int
    reporting_rate: float | None
    reporting_on_time_rate: float | None
    indicator_total: float | None
    indicator_count: int
    indicators: list[IndicatorOut] = Field(description="Each task with an indicator: target and reported total.")
    units: list[UnitFiguresOut] = Field(description="The same figures for each unit directly below (drill-down).")


class RollupFilters(Schema):
    unit: int | None = Field(None, description="The unit whose subtree is summed; the caller's highest by default.")
    quarter: str | None = Field(None, description="2022-Q2; the current quarter by default.")
    document: int | None = Field(None, description="Only tasks of this document or of programmes implementing it.")


def _reporting_deadline(user, unit: Unit, quarter: Quarter) -> date:
    """The deadline of the nearest review at or above `unit` that the caller sees, else the default one."""
    paths = [unit.path[: i + 1] for i, ch in enumerate(unit.path) if ch == "."]
    cycle = _cycles(user).filter(quarter=str(quarter), unit__path__in=paths).order_by("-unit__depth").first()
    if cycle is not None:
        return cycle.reporting_deadline
    return operations.default_reporting_deadline(quarter)


@router.get("/rollup", response={200: RollupOut, **REFUSALS})
def rollup(request, filters: Query[RollupFilters]):
    """Assignments by status, on-time and reporting rates and indicator totals for a unit's whole subtree."""
    user = request.auth
    unit = _unit(user, filters.unit) if filters.unit is not None else home_unit(user)
    if unit is None:
        raise Http404
    quarter = _quarter(filters.quarter) if filters.quarter else Quarter.containing(today())
    document = _document(user, filters.document) if filters.document is not None else None
    deadline = _reporting_deadline(user, unit, quarter)
    assignments = queries.assignments_in(unit, document) & Assignment.objects.visible_to(user)
    figures = queries.rollup(assignments, quarter, deadline)
    return {
        "unit_id": unit.pk,
        "unit_name": unit.name,
        "quarter": str(quarter),
        "document_id": document.pk if document else None,
        "reporting_deadline": deadline,
        "total": figures.total,
        "by_status": {status.value: figures.by_status[status] for status in AssignmentStatus},
        "on_time_rate": queries.rounded_rate(figures.on_time_rate),
        "expected_reports": figures.expected_reports,
        "reports": figures.reports,
        "reports_on_time": figures.reports_on_time,
        "reporting_rate": queries.rounded_rate(figures.reporting_rate),
        "reporting_on_time_rate": queries.rounded_rate(figures.reporting_on_time_rate),
        "indicator_total": figures.indicator_total,
        "indicator_count": figures.indicator_count,
        "indicators": queries.indicator_rows(unit, quarter, document),
        "units": [
            {
                "unit_id": row.unit.pk,
                "unit_name": row.unit.name,
                "assignments": row.assignments,
                "overdue": row.overdue,
                "done_late": row.done_late,
                "average_percent": round(row.average_percent, 1),
                "reported": row.reported,
                "expected": row.expected,
            }
            for row in queries.by_unit(unit, quarter, document)
        ],
    }
