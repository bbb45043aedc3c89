"""Rollups in SQL agree with the pure rules, computed by brute force, on random trees of any depth."""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from dangvu.core.periods import Quarter
from dangvu.tracking import queries
from dangvu.tracking.models import Assignment, Report, Task
from dangvu.tracking.rules import AssignmentFacts, Status, derive_status, rollup
from dangvu.units.models import Unit, UnitKind
from dangvu.units.tests.factories import make_unit

pytestmark = pytest.mark.django_db

Q2 = Quarter(2022, 2)
REPORTING_DEADLINE = date(2022, 7, 5)
START = date(2022, 1, 1)


def _day(rng: random.Random, spread: int = 300) -> date:
    return START + timedelta(days=rng.randrange(spread))


def _maybe(rng: random.Random, chance: float, spread: int = 300) -> date | None:
    return _day(rng, spread) if rng.random() < chance else None


def _random_tree(rng: random.Random) -> list[Unit]:
    root = make_unit("Đảng bộ Khối", UnitKind.BLOC)
    units, frontier = [root], [root]
    while len(units) < rng.randrange(6, 16):
        parent = rng.choice(frontier)
        unit = make_unit(kind=UnitKind.BASE_COMMITTEE, parent=parent)
        units.append(unit)
        if unit.depth < 6:
            frontier.append(unit)
    return units


def _random_data(rng: random.Random, units: list[Unit]) -> None:
    root = units[0]
    tasks = [
        Task.objects.create(owner_unit=root, title=f"Nhiệm vụ {n}", indicator="Tỷ lệ giải ngân" if n % 2 else "")
        for n in range(4)
    ]
    for unit in units[1:]:
        for task in rng.sample(tasks, rng.randrange(0, 4)):
            assigned_on = _day(rng, 200)
            assignment = Assignment.objects.create(
                task=task,
                unit=unit,
                assigned_by=root,
                assigned_on=assigned_on,
                deadline=_maybe(rng, 0.8),
                started_on=_maybe(rng, 0.6),
                completed_on=_maybe(rng, 0.4),
                cancelled_on=_maybe(rng, 0.1),
                percent=rng.randrange(0, 101),
            )
            if rng.random() < 0.7:
                submitted = timezone.make_aware(
                    datetime.combine(date(2022, 6, 20) + timedelta(days=rng.randrange(30)), time(rng.randrange(24)))
                )
                Report.objects.create(
                    assignment=assignment,
                    quarter=str(Q2),
                    percent=assignment.percent,
                    indicator_value=Decimal(rng.randrange(0, 10000)) / 100 if task.indicator else None,
                    first_submitted_at=submitted,
                    submitted_at=submitted,
                )


def _facts(assignment: Assignment) -> AssignmentFacts:
    report = next((r for r in assignment.reports.all() if r.quarter == str(Q2)), None)
    return AssignmentFacts(
        unit_id=assignment.unit_id,
        deadline=assignment.deadline,
        completed_on=assignment.completed_on,
        cancelled_on=assignment.cancelled_on,
        started_on=assignment.started_on,
        assigned_on=assignment.assigned_on,
        percent=assignment.percent,
        reported_on=timezone.localtime(report.first_submitted_at).date() if report else None,
        indicator_value=report.indicator_value if report else None,
    )


def _brute_force(unit: Unit):
    """Every assignment loaded, the subtree chosen in Python, the pure rules applied one by one."""
    everything = Assignment.objects.select_related("unit").prefetch_related("reports")
    inside = [a for a in everything if a.unit.path.startswith(unit.path)]
    return inside, rollup(
        [_facts(a) for a in inside], quarter_start=Q2.start, quarter_end=Q2.end, reporting_deadline=REPORTING_DEADLINE
    )


@pytest.mark.parametrize("seed", range(12))
def test_the_subtree_rollup_matches_the_rules_for_every_unit_of_a_random_tree(seed):
    rng = random.Random(seed)
    units = _random_tree(rng)
    _random_data(rng, units)
    for unit in units:
        _inside, expected = _brute_force(unit)
        found = queries.rollup(queries.assignments_in(unit), Q2, REPORTING_DEADLINE)
        assert dict(found.by_status) == {s: n for s, n in expected.by_status.items() if n}
        assert (found.expected_reports, found.reports, found.reports_on_time) == (
            expected.expected_reports,
            expected.reports,
            expected.reports_on_time,
        )
        assert found.indicator_total == expected.indicator_total
        assert found.indicator_count == expected.indicator_count


@pytest.mark.parametrize("seed", range(6))
def test_the_drill_down_rows_add_up_to_each_child_subtree(seed):
    rng = random.Random(100 + seed)
    units = _random_tree(rng)
    _random_data(rng, units)
    for unit in units:
        rows = {row.unit.pk: row for row in queries.by_unit(unit, Q2)}
        for child in Unit.objects.filter(parent=unit):
            inside, expected = _brute_force(child)
            inside = [a for a in inside if a.assigned_on <= Q2.end]
            if not inside:
                assert child.pk not in rows
                continue
            row = rows[child.pk]
            assert row.assignments == len(inside)
            assert row.overdue == expected.by_status[Status.OVERDUE]
            assert row.done_late == expected.by_status[Status.DONE_LATE]
            assert row.expected == expected.expected_reports and row.reported == expected.reports
            assert row.average_percent == pytest.approx(sum(a.percent for a in inside) / len(inside))


@pytest.mark.parametrize("seed", range(4))
def test_the_sql_status_is_the_rule_for_every_assignment_and_day(seed):
    rng = random.Random(200 + seed)
    units = _random_tree(rng)
    _random_data(rng, units)
    for as_of in (date(2022, 1, 15), Q2.end, date(2022, 10, 1)):
        by_sql = dict(Assignment.objects.annotate(s=queries.status_expression(as_of)).values_list("id", "s"))
        for assignment in Assignment.objects.all():
            assert by_sql[assignment.pk] == derive_status(
                deadline=assignment.deadline,
                completed_on=assignment.completed_on,
                cancelled_on=assignment.cancelled_on,
                started_on=assignment.started_on,
                as_of=as_of,
            )


@pytest.mark.parametrize("seed", range(3))
def test_the_rollup_as_of_a_day_inside_the_quarter_matches_the_rules(seed):
    rng = random.Random(300 + seed)
    units = _random_tree(rng)
    _random_data(rng, units)
    mid_quarter = date(2022, 5, 15)
    everything = Assignment.objects.prefetch_related("reports")
    expected = rollup(
        [_facts(a) for a in everything],
        quarter_start=Q2.start,
        quarter_end=Q2.end,
        reporting_deadline=REPORTING_DEADLINE,
        as_of=mid_quarter,
    )
    found = queries.rollup(queries.assignments_in(units[0]), Q2, REPORTING_DEADLINE, as_of=mid_quarter)
    assert dict(found.by_status) == {s: n for s, n in expected.by_status.items() if n}
