"""The demo's implementation tracking: the bloc's first two quarters of 2022, as the seed article tells them.

The demo is loaded once for the package (`conftest.demo_output`).
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone

from dangvu.access.models import AuditEntry
from dangvu.core.periods import Quarter
from dangvu.documents.models import Document, DocumentRelation, RelationKind
from dangvu.tracking import operations, queries
from dangvu.tracking.models import Assignment, CycleState, Priority, Report, ReportState, ReviewCycle, Task
from dangvu.tracking.rules import Status
from dangvu.units.models import Position, PositionRole, Unit, UnitKind

pytestmark = pytest.mark.django_db

Q1, Q2 = Quarter(2022, 1), Quarter(2022, 2)
Q1_REPORTS_DUE = date(2022, 4, 5)


@pytest.fixture
def demo(demo_output):
    return demo_output


@pytest.fixture
def bloc(demo) -> Unit:
    return Unit.objects.get(code="DBK")


def _implementing(key_number: str, key_symbol: str) -> list[Document]:
    target = Document.objects.get(number=key_number, symbol=key_symbol)
    relations = DocumentRelation.objects.filter(target=target, kind=RelationKind.IMPLEMENTS).select_related("source")
    return [relation.source for relation in relations]


def test_the_first_quarter_is_closed_and_the_second_open(bloc):
    cycles = {c.quarter: c for c in ReviewCycle.objects.filter(unit=bloc)}
    assert set(cycles) == {"2022-Q1", "2022-Q2"}
    first, second = cycles["2022-Q1"], cycles["2022-Q2"]
    assert first.state == CycleState.CLOSED and first.reporting_deadline == Q1_REPORTS_DUE
    # Closed after the 8th conference of the bloc's executive committee, 13-4-2022 (seed article).
    assert timezone.localtime(first.closed_at).date() == date(2022, 4, 13)
    assert first.snapshot["quarter"] == "2022-Q1" and first.snapshot["units"]
    assert second.state == CycleState.OPEN and second.reporting_deadline == date(2022, 7, 5)


def test_the_bloc_programme_implements_48_nq_tu_with_tasks_and_sub_tasks(bloc):
    (programme,) = _implementing("48", "NQ/TU")
    assert programme.type == "programme" and programme.issuer_unit == bloc
    tasks = Task.objects.filter(document=programme)
    assert tasks.count() >= 5
    assert tasks.filter(parent__isnull=False).count() >= 3
    signatures = tasks.get(indicator="Tỷ lệ văn bản điện tử được ký số")
    assert signatures.indicator_target == 100 and signatures.indicator_unit == "%"
    assert Assignment.objects.filter(task__document=programme).count() >= 20


@pytest.mark.parametrize(("number", "symbol"), [("21", "KL/TW"), ("01", "KL/TW")])
def test_the_plans_implementing_the_central_conclusions_have_assigned_tasks(demo, number, symbol):
    (plan,) = _implementing(number, symbol)
    assert plan.type == "plan"
    assert Assignment.objects.filter(task__document=plan).count() >= 5


def test_a_rollup_by_document_counts_the_programme_tasks(bloc):
    resolution = Document.objects.get(number="48", symbol="NQ/TU")
    by_document = queries.rollup(queries.assignments_in(bloc, resolution), Q2, date(2022, 7, 5))
    assert 20 <= by_document.total < queries.rollup(queries.assignments_in(bloc), Q2, date(2022, 7, 5)).total


def test_assignments_take_every_status_by_the_end_of_the_second_quarter(demo):
    rows = (
        Assignment.objects.annotate(status=queries.status_expression(Q2.end)).values("status").annotate(n=Count("id"))
    )
    counts = {row["status"]: row["n"] for row in rows}
    assert set(counts) == {status.value for status in Status}
    assert counts[Status.DONE_ON_TIME] > counts[Status.DONE_LATE] > 0


def test_base_committees_passed_tasks_on_to_their_cells(demo):
    passed = Assignment.objects.filter(parent__isnull=False).select_related("unit", "parent__unit")
    assert passed.count() >= 8
    for assignment in passed:
        assert assignment.unit.parent_id == assignment.parent.unit_id
        assert assignment.unit.kind == UnitKind.CELL
        assert assignment.deadline <= assignment.parent.deadline


def test_every_base_committee_reports_on_thoughts_each_quarter_renewed_at_closing(bloc):
    task = Task.objects.get(title="Báo cáo tình hình tư tưởng đảng viên")
    assert task.recurrence == "quarterly"
    committees = Unit.objects.filter(parent=bloc, kind=UnitKind.BASE_COMMITTEE, established_on__year__lt=2022)
    for period in ("2022-Q1", "2022-Q2"):
        units = set(task.assignments.filter(period=period).values_list("unit_id", flat=True))
        assert units == set(committees.values_list("id", flat=True))
    renewed = task.assignments.filter(period="2022-Q2")
    assert {a.assigned_on for a in renewed} == {Q2.start}


def test_breakthrough_tasks_are_given_to_leaders(demo):
    tasks = Task.objects.filter(priority=Priority.BREAKTHROUGH).select_related("person")
    assert tasks.count() >= 5
    leading = {PositionRole.SECRETARY, PositionRole.STANDING_DEPUTY, PositionRole.DEPUTY}
    for task in tasks:
        assert Position.objects.filter(member=task.person, role__in=leading).exists(), task.title
    assert "Trần Việt Hùng" in {task.person.full_name for task in tasks}


def test_some_first_quarter_reports_came_late_and_some_never(bloc):
    reports = Report.objects.filter(quarter="2022-Q1")
    late = reports.filter(first_submitted_at__date__gt=Q1_REPORTS_DUE)
    assert 0 < late.count() < reports.count() / 5
    total = queries.rollup(queries.assignments_in(bloc), Q1, Q1_REPORTS_DUE)
    assert total.reports_on_time < total.reports < total.expected_reports


def test_reports_were_returned_with_a_comment_and_corrected(demo):
    returned = AuditEntry.objects.filter(action="return", object_type="tracking.report")
    assert returned.count() >= 3
    assert Report.objects.filter(quarter="2022-Q1").exclude(state=ReportState.ACCEPTED).count() <= 2
    waiting = Report.objects.filter(quarter="2022-Q2", state=ReportState.RETURNED)
    assert waiting.exists() and all(report.review_comment for report in waiting)


def test_the_public_investment_indicator_rises_from_the_first_quarter_to_the_second(bloc):
    def average(quarter: Quarter) -> Decimal:
        rows = queries.indicator_rows(bloc, quarter)
        (row,) = [row for row in rows if row["indicator"] == "Tỷ lệ giải ngân vốn đầu tư công"]
        assert row["target"] == 100 and row["reports"] >= 3
        return row["average"]

    assert 18 <= average(Q1) <= 35
    assert 40 <= average(Q2) <= 60


def test_a_rescheduled_assignment_keeps_its_baseline_and_reason(demo):
    (moved,) = [a for a in Assignment.objects.exclude(baseline_deadline=None) if a.slippage_days]
    assert moved.baseline_deadline < moved.deadline
    entry = AuditEntry.objects.get(action="reschedule", object_id=str(moved.pk))
    assert entry.reason


def test_an_assignment_given_by_mistake_was_cancelled(demo):
    (cancelled,) = Assignment.objects.filter(cancelled_on__isnull=False)
    assert cancelled.reports.filter(quarter="2022-Q1").exists()
    assert AuditEntry.objects.filter(action="cancel", object_id=str(cancelled.pk)).exclude(reason="").exists()


def test_the_first_quarter_rollup_of_the_bloc_is_plausible(bloc):
    total = queries.rollup(queries.assignments_in(bloc), Q1, Q1_REPORTS_DUE)
    assert total.total >= 100
    assert 0.7 <= total.reporting_rate < 1.0
    assert 0.5 <= total.on_time_rate <= 1.0
    assert total.by_status[Status.IN_PROGRESS] > 0


def test_events_carry_the_times_of_2022_and_the_clock_is_back(demo):
    times = Report.objects.values_list("first_submitted_at", "submitted_at", "reviewed_at")
    assert {moment.year for row in times for moment in row if moment} == {2022}
    assert abs(timezone.now() - datetime.now(UTC)) < timedelta(minutes=5)


def test_the_closed_quarter_refuses_a_late_report(demo):
    report = Report.objects.filter(quarter="2022-Q1", assignment__cancelled_on=None).first()
    with pytest.raises(ValidationError):
        operations.submit_report(None, report.assignment, Q1, percent=100, completed_on=date(2022, 3, 30))
