"""Every change to tracking data: tasks, assignments, progress reports and the quarterly review cycle.

Each operation checks permission, validates (with a Vietnamese message a clerk can act on), writes in one
transaction and records an audit entry. `actor` None is the system (demo data, scheduled jobs).

Who may do what (access.roles): ASSIGN on a unit gives tasks to the units below it, passes its own assignments on,
reschedules them and accepts or returns the reports of the units it assigned; REPORT on a unit reports on that
unit's assignments; CHANGE on a unit runs its quarterly review (open, compile, close, reopen).
"""

import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dangvu.access import audit
from dangvu.access.roles import Action
from dangvu.access.scoping import can, today
from dangvu.core.periods import Quarter
from dangvu.core.text import normalise
from dangvu.documents import mentions
from dangvu.tracking import notifications
from dangvu.tracking.models import (
    Assignment,
    CycleState,
    Evidence,
    Recurrence,
    Report,
    ReportState,
    ReviewCycle,
    Task,
)
from dangvu.tracking.rules import MAX_EVIDENCE_BYTES, evidence_kind
from dangvu.units.models import Unit

# Reports are due this many days after the quarter ends unless the review says otherwise (the bloc's practice:
# cells report by the 5th, the bloc compiles for the conference in the second week).
DEFAULT_REPORTING_DAYS = 5


def default_reporting_deadline(quarter: Quarter) -> date:
    return quarter.end + timedelta(days=DEFAULT_REPORTING_DAYS)


def _allowed(actor, action: str, unit: Unit) -> bool:
    return actor is None or can(actor, action, unit)


def _require(actor, action: str, unit: Unit, message: str) -> None:
    if not _allowed(actor, action, unit):
        raise PermissionDenied(message)


def _fmt(day: date | None) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else ""


def _below(unit: Unit, ancestor: Unit) -> bool:
    return unit.path.startswith(ancestor.path) and unit.pk != ancestor.pk


# Tasks ---------------------------------------------------------------------------------------------------------------

TASK_FIELDS = (
    "title",
    "description",
    "document",
    "parent",
    "lead_unit",
    "person",
    "deadline",
    "recurrence",
    "priority",
    "indicator",
    "indicator_unit",
    "indicator_target",
)


def _clean_task(owner_unit: Unit, fields: dict) -> dict:
    data = {name: fields.get(name) for name in TASK_FIELDS}
    data["title"] = normalise(data["title"])
    data["description"] = normalise(data["description"]) if data["description"] else ""
    data["indicator"] = normalise(data["indicator"])
    data["indicator_unit"] = normalise(data["indicator_unit"])
    data["recurrence"] = data["recurrence"] or Recurrence.NONE
    data["priority"] = data["priority"] or "normal"
    errors = {}
    if not data["title"]:
        errors["title"] = _("Enter what has to be done.")
    if data["parent"] is not None and data["parent"].owner_unit_id != owner_unit.pk:
        errors["parent"] = _("A sub-task belongs to the same directing unit as its parent task.")
    if data["indicator_target"] is not None and not data["indicator"]:
        errors["indicator"] = _("Name the indicator whose target this is.")
    if data["recurrence"] != Recurrence.NONE and data["deadline"] is not None:
        errors["deadline"] = _("A recurring task has no single deadline: each period is due at its end.")
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def create_task(actor, owner_unit: Unit, cooperating_units: Iterable[Unit] = (), **fields) -> Task:
    """A task of `owner_unit` (the committee that directs it), under a programme, a document or another task."""
    _require(actor, Action.ASSIGN, owner_unit, _("You may not give tasks on behalf of this unit."))
    data = _clean_task(owner_unit, fields)
    task = Task.objects.create(owner_unit=owner_unit, created_by=actor, **data)
    task.cooperating_units.set(cooperating_units)
    mentions.index(task)
    audit.record(actor, "create", task, after=audit.snapshot(task), unit=owner_unit)
    return task


@transaction.atomic
def update_task(
    actor, task: Task, cooperating_units: Iterable[Unit] | None = None, expected_state: str | None = None, **fields
) -> Task:
    """Change the task; refused (`audit.StaleState`) when it changed since the editor read `expected_state`."""
    task.refresh_from_db(from_queryset=Task.objects.select_for_update())
    _require(actor, Action.ASSIGN, task.owner_unit, _("You may not change the tasks of this unit."))
    audit.check_state(task, expected_state)
    data = _clean_task(task.owner_unit, fields)
    before = audit.snapshot(task)
    for name, value in data.items():
        setattr(task, name, value)
    task.save()
    if cooperating_units is not None:
        task.cooperating_units.set(cooperating_units)
    mentions.index(task)
    audit.record(actor, "update", task, before=before, after=audit.snapshot(task), unit=task.owner_unit)
    return task


# Assignments ---------------------------------------------------------------------------------------------------------


def period_end(period: str) -> date:
    """The last day of a recurring assignment's period: '2022-Q2' -> 30/06/2022, '2022' -> 31/12/2022."""
    if "-Q" in period:
        return Quarter.parse(period).end
    return date(int(period), 12, 31)


@transaction.atomic
def assign(
    actor,
    task: Task,
    units: Iterable[Unit],
    *,
    deadline: date | None = None,
    parent: Assignment | None = None,
    period: str = "",
    assigned_on: date | None = None,
) -> list[Assignment]:
    """Give `task` to each of `units`, all strictly below the assigning unit: the task's directing unit, or, when
    passing on (`parent`), the unit that received `parent`. Each assignment keeps its first deadline as baseline."""
    assigner = parent.unit if parent is not None else task.owner_unit
    _require(actor, Action.ASSIGN, assigner, _("You may not assign tasks on behalf of %(unit)s.") % {"unit": assigner})
    units = list(dict.fromkeys(units))
    if not units:
        raise ValidationError({"units": _("Choose at least one unit.")})
    outside = [u.name for u in units if not _below(u, assigner)]
    if outside:
        raise ValidationError(
            {
                "units": _("Only units under %(unit)s can be assigned: %(names)s.")
                % {"unit": assigner, "names": ", ".join(outside)}
            }
        )
    closed = [u.name for u in units if u.closed_on is not None]
    if closed:
        raise ValidationError({"units": _("These units no longer exist: %(names)s.") % {"names": ", ".join(closed)}})
    if task.recurrence != Recurrence.NONE:
        if not period:
            raise ValidationError({"period": _("Choose the period of this recurring task.")})
        deadline = deadline or period_end(period)
    else:
        period = ""
        deadline = deadline or (parent.deadline if parent is not None else task.deadline)
    if parent is not None and parent.deadline and deadline and deadline > parent.deadline:
        raise ValidationError(
            {
                "deadline": _("The deadline cannot be later than the one %(unit)s was given (%(deadline)s).")
                % {"unit": parent.unit, "deadline": _fmt(parent.deadline)}
            }
        )
    taken = set(
        Assignment.objects.filter(task=task, unit__in=units, period=period).values_list("unit__name", flat=True)
    )
    if taken:
        raise ValidationError(
            {"units": _("The task is already assigned to: %(names)s.") % {"names": ", ".join(sorted(taken))}}
        )
    assigned_on = assigned_on or today()
    rows = [
        Assignment(
            task=task,
            unit=unit,
            assigned_by=assigner,
            parent=parent,
            period=period,
            assigned_on=assigned_on,
            deadline=deadline,
            baseline_deadline=deadline,
            created_by=actor,
        )
        for unit in units
    ]
    Assignment.objects.bulk_create(rows)
    audit.record_many(actor, [("create", a, None, audit.snapshot(a), a.unit) for a in rows])
    return rows


def units_of_kinds_below(unit: Unit, kinds: Iterable[str]) -> list[Unit]:
    """Every open unit of the given kinds under `unit` ("every base committee under me")."""
    return list(
        Unit.objects.open()
        .filter(path__startswith=unit.path, kind__in=list(kinds))
        .exclude(pk=unit.pk)
        .order_by("sort_key")
    )


def pass_on(
    actor,
    assignment: Assignment,
    units: Iterable[Unit],
    *,
    deadline: date | None = None,
    assigned_on: date | None = None,
) -> list[Assignment]:
    """A base committee passes its own assignment on to its cells (each gets an assignment of its own)."""
    if assignment.cancelled_on is not None:
        raise ValidationError(_("This assignment has been cancelled."))
    return assign(
        actor,
        assignment.task,
        units,
        deadline=deadline,
        parent=assignment,
        period=assignment.period,
        assigned_on=assigned_on or today(),
    )


def _change_by_assigner(actor, assignment: Assignment, action: str, reason: str, **changes) -> Assignment:
    """A change only the assigning unit may make, with the reason kept in the audit log."""
    before = audit.snapshot(assignment)
    for name, value in changes.items():
        setattr(assignment, name, value)
    assignment.save(update_fields=list(changes))
    audit.record(
        actor, action, assignment, before=before, after=audit.snapshot(assignment), unit=assignment.unit, reason=reason
    )
    return assignment


@transaction.atomic
def reschedule(actor, assignment: Assignment, deadline: date, reason: str) -> Assignment:
    """Move the deadline; the first deadline stays as the baseline, so the slippage shows."""
    _require(
        actor, Action.ASSIGN, assignment.assigned_by, _("Only the unit that assigned the task can move its deadline.")
    )
    reason = normalise(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why the deadline is moved.")})
    if deadline is None:
        raise ValidationError({"deadline": _("Enter the new deadline.")})
    return _change_by_assigner(actor, assignment, "reschedule", reason, deadline=deadline)


@transaction.atomic
def cancel_assignment(actor, assignment: Assignment, reason: str, on: date | None = None) -> Assignment:
    _require(actor, Action.ASSIGN, assignment.assigned_by, _("Only the unit that assigned the task can cancel it."))
    reason = normalise(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why the assignment is cancelled.")})
    return _change_by_assigner(actor, assignment, "cancel", reason, cancelled_on=on or today())


# Reports -------------------------------------------------------------------------------------------------------------


def closing_cycle(assignment: Assignment, quarter: str) -> ReviewCycle | None:
    """The closed review that locks `assignment`'s reports for `quarter`: that of a unit at or above the assignee."""
    ancestors = [assignment.unit.path[: i + 1] for i, ch in enumerate(assignment.unit.path) if ch == "."]
    return (
        ReviewCycle.objects.filter(quarter=quarter, state=CycleState.CLOSED, unit__path__in=ancestors)
        .select_related("unit")
        .first()
    )


def _require_open(assignment: Assignment, quarter: str) -> None:
    cycle = closing_cycle(assignment, quarter)
    if cycle is not None:
        raise ValidationError(
            _(
                "%(quarter)s was reviewed and closed by %(unit)s on %(day)s: its reports are locked. "
                "Ask %(unit)s to reopen the quarter if a correction is needed."
            )
            % {
                "quarter": cycle.quarter_obj.label,
                "unit": cycle.unit,
                "day": _fmt(timezone.localtime(cycle.closed_at).date()),
            }
        )


def _check_report(assignment: Assignment, quarter: Quarter, percent, completed_on: date | None) -> None:
    errors = {}
    if percent is None or not 0 <= percent <= 100:
        errors["percent"] = _("The percent done is a whole number from 0 to 100.")
    if quarter.start > today():
        errors["quarter"] = _("%(quarter)s has not begun yet.") % {"quarter": quarter.label}
    if assignment.assigned_on > quarter.end:
        errors["quarter"] = _("The task was assigned after %(quarter)s.") % {"quarter": quarter.label}
    if completed_on is not None:
        if completed_on > today():
            errors["completed_on"] = _("The completion date cannot be in the future.")
        elif completed_on < assignment.assigned_on:
            errors["completed_on"] = _("The completion date cannot be before the task was assigned (%(day)s).") % {
                "day": _fmt(assignment.assigned_on)
            }
        elif completed_on > quarter.end:
            errors["completed_on"] = _("A task completed after %(quarter)s is reported in the quarter it was done.") % {
                "quarter": quarter.label
            }
        elif percent is not None and percent != 100:
            # xgettext:no-python-format
            errors["percent"] = _("A completed task is 100% done.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def submit_report(
    actor,
    assignment: Assignment,
    quarter: Quarter,
    *,
    percent: int,
    narrative: str = "",
    completed_on: date | None = None,
    indicator_value: Decimal | None = None,
) -> Report:
    """The unit's report on `assignment` for `quarter`: a new one, or a correction while it is not yet accepted."""
    _require(actor, Action.REPORT, assignment.unit, _("You may not report for %(unit)s.") % {"unit": assignment.unit})
    assignment = Assignment.objects.select_for_update().select_related("unit", "task").get(pk=assignment.pk)
    if assignment.cancelled_on is not None:
        raise ValidationError(_("This assignment has been cancelled: there is nothing to report."))
    _require_open(assignment, str(quarter))
    _check_report(assignment, quarter, percent, completed_on)
    if indicator_value is not None and not assignment.task.has_indicator:
        indicator_value = None
    now = timezone.now()
    report = Report.objects.filter(assignment=assignment, quarter=str(quarter)).first()
    before = audit.snapshot(report) if report else None
    if report is None:
        report = Report(assignment=assignment, quarter=str(quarter), first_submitted_at=now)
    elif report.state == ReportState.ACCEPTED:
        raise ValidationError(
            _("This report has been accepted by %(unit)s; ask them to return it before changing it.")
            % {"unit": assignment.assigned_by}
        )
    report.percent = percent
    report.narrative = normalise(narrative) if narrative else ""
    report.completed_on = completed_on
    report.indicator_value = indicator_value
    report.state = ReportState.SUBMITTED
    report.submitted_at = now
    report.submitted_by = actor
    report.save()
    _refresh_progress(assignment)
    mentions.index(report)
    notifications.report_submitted(report)
    audit.record(
        actor,
        "update" if before else "create",
        report,
        before=before,
        after=audit.snapshot(report),
        unit=assignment.unit,
    )
    return report


def _refresh_progress(assignment: Assignment) -> None:
    """The assignment's percent, start and completion follow its reports: started with the first report showing
    progress (dated by the quarter it reports on), completed with the accepted report that says so."""
    reports = list(assignment.reports.order_by("quarter"))
    latest = reports[-1] if reports else None
    assignment.percent = latest.percent if latest else 0
    started = [r for r in reports if r.percent > 0]
    if started:
        first = started[0]
        quarter = Quarter.parse(first.quarter)
        on = first.completed_on or min(quarter.end, timezone.localtime(first.first_submitted_at).date())
        assignment.started_on = max(on, assignment.assigned_on)
    else:
        assignment.started_on = None
    accepted = [r for r in reports if r.state == ReportState.ACCEPTED and r.completed_on]
    assignment.completed_on = accepted[-1].completed_on if accepted else None
    assignment.save(update_fields=["percent", "started_on", "completed_on"])


@transaction.atomic
def review_report(actor, report: Report, *, accept: bool, comment: str = "") -> Report:
    """The unit that assigned the task accepts the report, or returns it with a comment saying what to fix."""
    assignment = report.assignment
    _require(
        actor,
        Action.ASSIGN,
        assignment.assigned_by,
        _("Only %(unit)s, which assigned the task, can review this report.") % {"unit": assignment.assigned_by},
    )
    _require_open(assignment, report.quarter)
    comment = normalise(comment)
    if not accept and not comment:
        raise ValidationError({"comment": _("Say what has to be corrected when returning a report.")})
    if report.state != ReportState.SUBMITTED:
        raise ValidationError(_("This report is not waiting for review."))
    before = audit.snapshot(report)
    report.state = ReportState.ACCEPTED if accept else ReportState.RETURNED
    report.review_comment = comment
    report.reviewed_at = timezone.now()
    report.reviewed_by = actor
    report.save()
    _refresh_progress(assignment)
    if not accept:
        notifications.report_returned(report)
    audit.record(
        actor,
        "accept" if accept else "return",
        report,
        before=before,
        after=audit.snapshot(report),
        unit=assignment.unit,
    )
    return report


@transaction.atomic
def attach_evidence(actor, report: Report, upload) -> Evidence:
    """A file supporting a report (minutes, photos, a scan); only while the report can still be changed."""
    assignment = report.assignment
    _require(actor, Action.REPORT, assignment.unit, _("You may not report for %(unit)s.") % {"unit": assignment.unit})
    _require_open(assignment, report.quarter)
    if report.state == ReportState.ACCEPTED:
        raise ValidationError(_("This report has been accepted; files can no longer be added."))
    name = Path(upload.name or "").name
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    content = upload.read()
    kind = evidence_kind(name, content[:8])
    if kind is None:
        raise ValidationError({"file": _("Attach a PDF, DOCX, XLSX, JPG or PNG file.")})
    evidence = Evidence(report=report, original_name=name[:200], size=len(content), uploaded_by=actor)
    evidence.file.save(f"{report.pk}-{uuid.uuid4().hex[:8]}.{kind}", ContentFile(content), save=False)
    evidence.save()
    audit.record(
        actor,
        "create",
        evidence,
        after=audit.snapshot(evidence, ("id", "report", "original_name", "size")),
        unit=assignment.unit,
    )
    return evidence


# The quarterly review cycle ------------------------------------------------------------------------------------------


def _require_cycle(actor, unit: Unit) -> None:
    _require(actor, Action.CHANGE, unit, _("Only the office of %(unit)s runs its quarterly review.") % {"unit": unit})


@transaction.atomic
def open_cycle(actor, unit: Unit, quarter: Quarter, reporting_deadline: date | None = None) -> ReviewCycle:
    _require_cycle(actor, unit)
    if ReviewCycle.objects.filter(unit=unit, quarter=str(quarter)).exists():
        raise ValidationError(_("The review of %(quarter)s is already open.") % {"quarter": quarter.label})
    reporting_deadline = reporting_deadline or default_reporting_deadline(quarter)
    if reporting_deadline < quarter.start:
        raise ValidationError({"reporting_deadline": _("Reports cannot be due before the quarter begins.")})
    cycle = ReviewCycle.objects.create(unit=unit, quarter=str(quarter), reporting_deadline=reporting_deadline)
    audit.record(actor, "create", cycle, after=audit.snapshot(cycle), unit=unit)
    return cycle


@transaction.atomic
def compile_cycle(actor, cycle: ReviewCycle) -> ReviewCycle:
    """Freeze the rollups into a snapshot for the review conference (compiling again refreshes it)."""
    from dangvu.tracking import queries

    _require_cycle(actor, cycle.unit)
    if cycle.is_closed:
        raise ValidationError(_("This quarter is closed; reopen it first."))
    before = audit.snapshot(cycle, ("state", "compiled_at"))
    cycle.snapshot = queries.snapshot(cycle.unit, cycle.quarter_obj, cycle.reporting_deadline)
    cycle.state = CycleState.COMPILED
    cycle.compiled_at = timezone.now()
    cycle.save()
    audit.record(
        actor, "compile", cycle, before=before, after=audit.snapshot(cycle, ("state", "compiled_at")), unit=cycle.unit
    )
    return cycle


@transaction.atomic
def close_cycle(actor, cycle: ReviewCycle) -> ReviewCycle:
    """Close the quarter after the review conference: its reports lock, next quarter's review opens, recurring
    tasks get next quarter's assignments; unfinished assignments carry over as they are, with their history."""
    _require_cycle(actor, cycle.unit)
    if cycle.is_closed:
        raise ValidationError(_("This quarter is already closed."))
    if cycle.state != CycleState.COMPILED:
        compile_cycle(actor, cycle)
    before = audit.snapshot(cycle, ("state", "closed_at"))
    cycle.state = CycleState.CLOSED
    cycle.closed_at = timezone.now()
    cycle.save()
    audit.record(
        actor, "close", cycle, before=before, after=audit.snapshot(cycle, ("state", "closed_at")), unit=cycle.unit
    )
    following = cycle.quarter_obj.next()
    if not ReviewCycle.objects.filter(unit=cycle.unit, quarter=str(following)).exists():
        open_cycle(actor, cycle.unit, following)
    _renew_recurring(actor, cycle.unit, cycle.quarter_obj, following)
    return cycle


def _renew_recurring(actor, unit: Unit, quarter: Quarter, following: Quarter) -> None:
    """Quarterly tasks of the subtree get the same assignments for the next quarter (yearly ones at year end),
    passed on to the same cells."""
    periods = [(Recurrence.QUARTERLY, str(quarter), str(following))]
    if following.number == 1:
        periods.append((Recurrence.YEARLY, str(quarter.year), str(following.year)))
    for recurrence, current, upcoming in periods:
        ongoing = Assignment.objects.filter(
            task__recurrence=recurrence,
            task__cancelled_on__isnull=True,
            task__owner_unit__path__startswith=unit.path,
            period=current,
            cancelled_on__isnull=True,
        ).select_related("task", "unit")
        already = set(
            Assignment.objects.filter(task__in={a.task_id for a in ongoing}, period=upcoming).values_list(
                "task_id", "unit_id"
            )
        )
        renewed: dict[int, Assignment] = {}
        # Parents before the assignments passed on from them: the unit path is shorter higher up the tree.
        for old in sorted(ongoing, key=lambda a: (len(a.unit.path), a.pk)):
            if (old.task_id, old.unit_id) in already:
                continue
            parent = renewed.get(old.parent_id) if old.parent_id else None
            if old.parent_id and parent is None:
                continue  # the assignment it came from was not renewed
            (renewed[old.pk],) = assign(
                actor, old.task, [old.unit], parent=parent, period=upcoming, assigned_on=following.start
            )


@transaction.atomic
def reopen_cycle(actor, cycle: ReviewCycle, reason: str) -> ReviewCycle:
    """Unlock a closed quarter for a correction; the reason is kept in the audit log."""
    _require_cycle(actor, cycle.unit)
    reason = normalise(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why the closed quarter is reopened.")})
    if not cycle.is_closed:
        raise ValidationError(_("This quarter is not closed."))
    before = audit.snapshot(cycle, ("state", "closed_at"))
    cycle.state = CycleState.COMPILED
    cycle.closed_at = None
    cycle.save()
    audit.record(
        actor,
        "reopen",
        cycle,
        before=before,
        after=audit.snapshot(cycle, ("state", "closed_at")),
        unit=cycle.unit,
        reason=reason,
    )
    return cycle
