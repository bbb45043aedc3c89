"""The tracking loop through its operations: assign down, report up, review, close the quarter."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from dangvu.access.roles import Role
from dangvu.access.tests.factories import make_user
from dangvu.core.periods import Quarter
from dangvu.tracking import operations
from dangvu.tracking.models import Assignment, CycleState, ReportState
from dangvu.tracking.rules import Status
from dangvu.tracking.tests.factories import make_assignment, make_task
from dangvu.units.models import UnitKind
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db

Q2 = Quarter(2022, 2)


@pytest.fixture(autouse=True)
def _english():
    """Refusals are matched on their English message ids here; the pages' tests read them in Vietnamese."""
    with translation.override("en"):
        yield


@pytest.fixture
def tree():
    return Tree()


def test_every_base_unit_of_a_kind_gets_the_task_with_its_own_baseline(tree):
    office = make_user(Role.OFFICE, tree.bloc)
    task = operations.create_task(
        office, tree.bloc, title="Xây dựng kế hoạch chuyển đổi số", deadline=date(2022, 6, 30)
    )
    units = operations.units_of_kinds_below(tree.bloc, [UnitKind.BASE_COMMITTEE])
    assignments = operations.assign(office, task, units, assigned_on=date(2022, 4, 15))
    assert {a.unit for a in assignments} == {tree.a, tree.b}
    assert all(a.deadline == a.baseline_deadline == date(2022, 6, 30) for a in assignments)
    operations.reschedule(office, assignments[0], date(2022, 7, 15), reason="Chờ hướng dẫn của Tỉnh ủy")
    assignments[0].refresh_from_db()
    assert (assignments[0].baseline_deadline, assignments[0].slippage_days) == (date(2022, 6, 30), 15)


def test_assigning_twice_or_outside_the_subtree_is_refused_with_a_clear_message(tree):
    task = make_task(tree.a)
    make_assignment(task, tree.a1)
    with pytest.raises(ValidationError, match="already assigned to: Chi bộ Phòng Tổng hợp"):
        operations.assign(None, task, [tree.a1])
    with pytest.raises(ValidationError, match="Only units under"):
        operations.assign(None, task, [tree.b1])
    assert Assignment.objects.count() == 1


def test_a_secretary_passes_an_assignment_to_cells_and_reviews_their_reports(tree):
    task = make_task(tree.bloc, deadline=date(2022, 6, 30))
    given = make_assignment(task, tree.a)
    secretary = make_user(Role.SECRETARY, tree.a)
    passed = operations.pass_on(secretary, given, [tree.a1, tree.a2], assigned_on=date(2022, 4, 20))
    assert [p.deadline for p in passed] == [date(2022, 6, 30)] * 2
    with pytest.raises(ValidationError, match="cannot be later"):
        operations.pass_on(secretary, given, [tree.a1], deadline=date(2022, 8, 1))
    cell = make_user(Role.SECRETARY, tree.a1)
    report = operations.submit_report(
        cell, passed[0], Q2, percent=100, completed_on=date(2022, 6, 25), narrative="Đã tổ chức quán triệt."
    )
    with pytest.raises(PermissionDenied):
        operations.review_report(cell, report, accept=True)
    with pytest.raises(ValidationError, match="Say what has to be corrected"):
        operations.review_report(secretary, report, accept=False)
    operations.review_report(secretary, report, accept=True)
    passed[0].refresh_from_db()
    assert passed[0].completed_on == date(2022, 6, 25)
    assert passed[0].status_on(date(2022, 7, 1)) == Status.DONE_ON_TIME
    assert report.state == ReportState.ACCEPTED


def test_a_returned_report_is_corrected_and_an_accepted_one_is_not_changed(tree):
    assignment = make_assignment(make_task(tree.bloc), tree.c)
    report = operations.submit_report(None, assignment, Q2, percent=40)
    operations.review_report(None, report, accept=False, comment="Bổ sung số liệu")
    report = operations.submit_report(None, assignment, Q2, percent=60, narrative="Đã bổ sung.")
    assert report.state == ReportState.SUBMITTED
    operations.review_report(None, report, accept=True)
    with pytest.raises(ValidationError, match="has been accepted"):
        operations.submit_report(None, assignment, Q2, percent=70)


def test_bad_reports_are_refused_and_change_nothing(tree):
    assignment = make_assignment(make_task(tree.bloc), tree.c)
    for values, message in [
        ({"percent": 120}, "0 to 100"),
        ({"percent": 80, "completed_on": date(2022, 6, 1)}, "100% done"),
        ({"percent": 100, "completed_on": date(2022, 8, 1)}, "reported in the quarter it was done"),
        ({"percent": 100, "completed_on": date(2022, 3, 1)}, "before the task was assigned"),
    ]:
        with pytest.raises(ValidationError, match=message):
            operations.submit_report(None, assignment, Q2, **values)
    assert not assignment.reports.exists()


def test_closing_the_quarter_locks_its_reports_until_it_is_reopened(tree):
    office = make_user(Role.OFFICE, tree.bloc)
    assignment = make_assignment(make_task(tree.bloc), tree.c)
    cycle = operations.open_cycle(office, tree.bloc, Q2, reporting_deadline=date(2022, 7, 5))
    report = operations.submit_report(None, assignment, Q2, percent=50)
    operations.close_cycle(office, cycle)
    assert cycle.state == CycleState.CLOSED and cycle.snapshot["expected_reports"] == 1
    with pytest.raises(ValidationError, match="reviewed and closed"):
        operations.submit_report(None, assignment, Q2, percent=60)
    with pytest.raises(ValidationError, match="reviewed and closed"):
        operations.review_report(office, report, accept=True)
    with pytest.raises(ValidationError, match="Say why"):
        operations.reopen_cycle(office, cycle, reason=" ")
    operations.reopen_cycle(office, cycle, reason="Đảng ủy cơ sở xin điều chỉnh số liệu giải ngân")
    assert operations.submit_report(None, assignment, Q2, percent=60).percent == 60
    assert cycle.quarter_obj.next() == Quarter(2022, 3)


def test_closing_a_quarter_renews_quarterly_tasks_down_to_the_cells(tree):
    task = make_task(tree.bloc, title="Báo cáo tình hình tư tưởng", recurrence="quarterly")
    top = make_assignment(task, tree.a, deadline=None, period="2022-Q2")
    operations.pass_on(None, top, [tree.a1], assigned_on=date(2022, 4, 20))
    cycle = operations.open_cycle(None, tree.bloc, Q2)
    operations.close_cycle(None, cycle)
    renewed = Assignment.objects.filter(period="2022-Q3").select_related("parent")
    assert {(a.unit, a.deadline) for a in renewed} == {(tree.a, date(2022, 9, 30)), (tree.a1, date(2022, 9, 30))}
    assert renewed.get(unit=tree.a1).parent == renewed.get(unit=tree.a)
    assert Assignment.objects.filter(period="2022-Q2").count() == 2


def test_evidence_is_checked_by_content_and_refused_once_the_report_is_accepted(tree, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    assignment = make_assignment(make_task(tree.bloc), tree.c)
    report = operations.submit_report(None, assignment, Q2, percent=50)
    minutes = SimpleUploadedFile("bien-ban-hoi-nghi.pdf", b"%PDF-1.7 minutes of the cell meeting")
    evidence = operations.attach_evidence(None, report, minutes)
    assert evidence.original_name == "bien-ban-hoi-nghi.pdf" and evidence.file.read().startswith(b"%PDF-")
    with pytest.raises(ValidationError, match="PDF, DOCX, XLSX, JPG or PNG"):
        operations.attach_evidence(None, report, SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf"))
    operations.review_report(None, report, accept=True)
    with pytest.raises(ValidationError, match="accepted"):
        operations.attach_evidence(None, report, SimpleUploadedFile("late.pdf", b"%PDF-1.7"))
    assert report.evidence.count() == 1
