"""The implementation dashboard and its XLSX export: figures from the rollups, scoped, drill-down, bounded."""

import json
from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dangvu.access.roles import Role
from dangvu.access.tests.factories import make_user
from dangvu.core import budgets
from dangvu.core.periods import Quarter
from dangvu.documents.tests.factories import make_document
from dangvu.members.tests.factories import make_member
from dangvu.tracking import operations, queries
from dangvu.tracking.models import Assignment, Report
from dangvu.tracking.rules import Status
from dangvu.tracking.tests.factories import make_assignment, make_task
from dangvu.units.models import UnitKind
from dangvu.units.tests.factories import Tree, make_unit

pytestmark = pytest.mark.django_db

Q1, Q2 = Quarter(2022, 1), Quarter(2022, 2)
URL = reverse("tracking_dashboard")
EXPORT = reverse("tracking_export")


def _report(assignment, quarter=Q2, *, percent=50, submitted=date(2022, 7, 2), completed_on=None, value=None):
    report = operations.submit_report(
        None, assignment, quarter, percent=percent, completed_on=completed_on, indicator_value=value
    )
    at = timezone.make_aware(datetime.combine(submitted, time(9)))
    Report.objects.filter(pk=report.pk).update(first_submitted_at=at, submitted_at=at)
    report.refresh_from_db()
    return report


@pytest.fixture
def world():
    """The bloc's programme: a task to every base unit, passed on by A to its cells, an indicator task for B."""
    tree = Tree()
    tree.programme = make_document(type="programme", number="15", symbol="CTr/ĐUK", issuer_name="Đảng ủy Khối")
    digital = make_task(tree.bloc, document=tree.programme, deadline=date(2022, 6, 15))
    given = {u: make_assignment(digital, u, deadline=date(2022, 6, 15)) for u in (tree.a, tree.b, tree.c)}
    a1, a2 = operations.pass_on(None, given[tree.a], [tree.a1, tree.a2], assigned_on=date(2022, 4, 20))
    operations.review_report(
        None, _report(a1, percent=100, completed_on=date(2022, 6, 10), submitted=date(2022, 6, 28)), accept=True
    )
    _report(a2, percent=40, submitted=date(2022, 7, 12))  # after the reporting deadline
    Assignment.objects.filter(pk=given[tree.c].pk).update(completed_on=date(2022, 7, 20))  # done late, in Q3
    money = make_task(
        tree.bloc,
        "Giải ngân vốn đầu tư công",
        deadline=date(2022, 12, 31),
        indicator="Tỷ lệ giải ngân",
        indicator_unit="%",
        indicator_target=Decimal(100),
    )
    tree.money = make_assignment(money, tree.b, deadline=date(2022, 12, 31), assigned_on=date(2022, 1, 10))
    _report(tree.money, Q1, percent=20, value=Decimal(20), submitted=date(2022, 4, 3))
    _report(tree.money, Q2, percent=45, value=Decimal(45), submitted=date(2022, 7, 4))
    tree.given, tree.passed = given, (a1, a2)
    return tree


def _context(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.context


def test_the_dashboard_opens_on_the_users_unit_and_the_latest_reported_quarter(client, world):
    context = _context(client, make_user(Role.OFFICE, world.bloc))
    assert context["unit"] == world.bloc
    assert context["quarter"] == Q2


def test_the_figures_are_the_subtree_rollup_as_of_the_quarters_end(client, world):
    figures = _context(client, make_user(Role.OFFICE, world.bloc), unit=world.bloc.pk, quarter="2022-Q2")["figures"]
    expected = queries.rollup(queries.assignments_in(world.bloc), Q2, date(2022, 7, 5))
    assert figures.total.by_status == expected.by_status
    assert figures.total.total == 6
    assert figures.total.by_status[Status.DONE_ON_TIME] == 1 and figures.overdue == 4
    assert (figures.total.expected_reports, figures.total.reports, figures.total.reports_on_time) == (6, 3, 2)


def test_the_reporting_deadline_is_the_units_review_when_there_is_one(client, world):
    operations.open_cycle(None, world.bloc, Q2, reporting_deadline=date(2022, 7, 15))
    figures = _context(client, make_user(Role.OFFICE, world.bloc), quarter="2022-Q2")["figures"]
    assert figures.reporting_deadline == date(2022, 7, 15)
    assert figures.total.reports_on_time == 3
    figures = _context(client, make_user(Role.OFFICE, world.bloc), unit=world.a.pk, quarter="2022-Q2")["figures"]
    assert figures.reporting_deadline == date(2022, 7, 5)


def test_the_trend_runs_up_to_the_chosen_quarter_from_the_first_assignment(client, world):
    figures = _context(client, make_user(Role.OFFICE, world.bloc), quarter="2022-Q3")["figures"]
    assert [str(p.quarter) for p in figures.trend] == ["2022-Q1", "2022-Q2", "2022-Q3"]
    q1, q2, q3 = (p.rollup for p in figures.trend)
    assert q1.total == 1 and q2.total == 6
    assert q3.by_status[Status.DONE_LATE] == 1
    make_assignment(make_task(world.bloc, deadline=date(2020, 12, 31)), world.c, assigned_on=date(2020, 2, 1))
    figures = _context(client, make_user(Role.OFFICE, world.bloc), quarter="2022-Q3")["figures"]
    assert [str(p.quarter) for p in figures.trend] == ["2021-Q2", "2021-Q3", "2021-Q4", "2022-Q1", "2022-Q2", "2022-Q3"]


def test_each_unit_below_is_a_row_linking_to_its_own_dashboard(client, world):
    client.force_login(make_user(Role.OFFICE, world.bloc))
    response = client.get(URL, {"unit": world.bloc.pk, "quarter": "2022-Q2"})
    rows = {u.row.unit: u for u in response.context["figures"].units}
    assert set(rows) == {world.a, world.b, world.c}
    assert (rows[world.a].row.assignments, rows[world.a].row.reported, rows[world.a].row.expected) == (3, 2, 3)
    assert f'href="{URL}?unit={world.a.pk}&amp;quarter=2022-Q2"' in response.content.decode()
    drilled = client.get(URL, {"unit": world.a.pk, "quarter": "2022-Q2"}).context["figures"]
    assert {u.row.unit for u in drilled.units} == {world.a1, world.a2}
    assert client.get(URL, {"unit": world.a.pk}).context["ancestors"] == [world.bloc]  # not the province above


def test_the_units_lagging_most_come_first(client, world):
    figures = _context(client, make_user(Role.OFFICE, world.bloc), quarter="2022-Q2")["figures"]
    assert [u.row.unit for u in figures.lagging] == [world.a, world.c, world.b]


def test_indicators_are_shown_against_their_targets(client, world):
    figures = _context(client, make_user(Role.OFFICE, world.bloc), quarter="2022-Q2")["figures"]
    (row,) = figures.indicators
    assert (row["target"], row["average"], row["reached"]) == (Decimal(100), Decimal("45.00"), 0.45)


def test_a_document_narrows_the_dashboard_to_its_tasks(client, world):
    user = make_user(Role.OFFICE, world.bloc)
    context = _context(client, user, quarter="2022-Q2", document=world.programme.pk)
    assert context["figures"].total.total == 5
    assert context["figures"].indicators == []
    assert world.programme in context["documents"]


def test_every_chart_is_json_for_echarts_with_a_table(client, world):
    client.force_login(make_user(Role.OFFICE, world.bloc))
    page = client.get(URL, {"quarter": "2022-Q2"}).content.decode()
    for chart in ("status-data", "trend-data", "units-data", "indicators-data"):
        assert f'data-chart="{chart}"' in page
        opening = f'<script id="{chart}" type="application/json">'
        start = page.index(opening) + len(opening)
        assert json.loads(page[start : page.index("</script>", start)])
    for table in ("status-table", "trend-table", "units-table", "indicators-table"):
        assert f'id="{table}"' in page
    assert "<script>" not in page


@pytest.mark.parametrize("unit", ["b", "bloc"])
def test_a_unit_outside_the_users_scope_is_not_found(client, world, unit):
    client.force_login(make_user(Role.SECRETARY, world.a))
    assert client.get(URL, {"unit": getattr(world, unit).pk}).status_code == 404
    assert client.get(EXPORT, {"unit": getattr(world, unit).pk}).status_code == 404


def test_a_secretary_sees_only_their_subtree(client, world):
    figures = _context(client, make_user(Role.SECRETARY, world.a))["figures"]
    assert figures.unit == world.a and figures.total.total == 3


@pytest.mark.parametrize("params", [{"unit": "x"}, {"document": "x"}, {"document": "999999"}, {"unit": "999999"}])
def test_bad_parameters_are_not_found(client, world, params):
    client.force_login(make_user(Role.OFFICE, world.bloc))
    assert client.get(URL, params).status_code == 404


def test_a_bad_or_future_quarter_falls_back_to_the_default(client, world):
    user = make_user(Role.OFFICE, world.bloc)
    assert _context(client, user, quarter="2022-Q9")["quarter"] == Q2
    assert _context(client, user, quarter="2099-Q1")["quarter"] == Q2


def test_a_member_without_a_role_has_no_dashboard(client, world):
    member = make_member(world.a1, "Nguyễn Thu Trang", gender="female")
    client.force_login(make_user(Role.MEMBER, world.a1, member=member))
    assert client.get(URL).status_code == 404


def test_a_unit_without_assignments_says_so(client, world):
    cell = make_unit("Chi bộ Phòng Kế toán", UnitKind.CELL, world.b)
    client.force_login(make_user(Role.OFFICE, world.bloc))
    response = client.get(URL, {"unit": cell.pk})
    assert response.status_code == 200
    assert 'id="dashboard-empty"' in response.content.decode()


def test_the_export_has_one_sheet_per_chart_with_the_same_figures(client, world):
    client.force_login(make_user(Role.LEADER, world.bloc))
    response = client.get(EXPORT, {"unit": world.bloc.pk, "quarter": "2022-Q2"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="theo-doi-{world.bloc.pk}-2022-Q2.xlsx"'
    book = load_workbook(BytesIO(response.content))
    status, trend, units, lagging, indicators = (list(sheet.values) for sheet in book.worksheets)
    assert [row[1] for row in status[1:]] == [0, 1, 4, 1, 0, 0]
    assert [row[1] for row in trend[1:]] == [1, 6]
    by_name = {row[0]: row[1:] for row in units[1:]}
    assert {name: row[:3] for name, row in by_name.items()} == {
        world.a.name: (3, 2, 0),
        world.b.name: (2, 1, 0),
        world.c.name: (1, 1, 0),
    }
    assert by_name[world.a.name][6] == pytest.approx(2 / 3)
    assert len(lagging) == 4
    assert indicators[1][3:8] == (100, 1, 45, 45, 0.45)


def test_the_export_follows_the_document_filter(client, world):
    client.force_login(make_user(Role.OFFICE, world.bloc))
    response = client.get(EXPORT, {"quarter": "2022-Q2", "document": world.programme.pk})
    book = load_workbook(BytesIO(response.content))
    assert sum(row[1] for row in list(book.worksheets[0].values)[1:]) == 5


def _big_tree(world, committees: int, cells: int, tasks: int) -> None:
    units = []
    for n in range(committees):
        committee = make_unit(f"Đảng bộ cơ sở {n}", UnitKind.BASE_COMMITTEE, world.bloc)
        units.append(committee)
        units.extend(make_unit(f"Chi bộ {n}.{m}", UnitKind.CELL, committee) for m in range(cells))
    for t in range(tasks):
        task = make_task(
            world.bloc, f"Nhiệm vụ {t}", deadline=date(2022, 6, 30), indicator="Tỷ lệ", indicator_target=90
        )
        for unit in units:
            make_assignment(task, unit)


@pytest.mark.parametrize("size", [(1, 1, 1), (8, 3, 4)])
def test_the_dashboard_runs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries, size):
    _big_tree(world, *size)
    old = make_task(world.bloc, "Sơ kết 5 năm", document=world.programme, deadline=date(2020, 12, 31))
    make_assignment(old, world.c, assigned_on=date(2020, 3, 1))  # a full trend: six quarters of rollups
    for assignment in Assignment.objects.filter(task__title__startswith="Nhiệm vụ")[::3]:
        _report(assignment, percent=60, value=Decimal(70))
    operations.open_cycle(None, world.bloc, Q2)
    client.force_login(make_user(Role.OFFICE, world.bloc))
    with django_assert_max_num_queries(33):
        response = client.get(URL, {"quarter": "2022-Q2", "document": world.programme.pk})
    assert response.status_code == 200
    with django_assert_max_num_queries(budgets.TRACKING_DASHBOARD):
        response = client.get(URL, {"quarter": "2022-Q2"})
    assert len(response.context["figures"].units) == size[0] + 3
    assert len(response.context["figures"].trend) == 6
    with django_assert_max_num_queries(26):
        assert client.get(EXPORT, {"quarter": "2022-Q2"}).status_code == 200
