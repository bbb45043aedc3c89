"""The task-completion inputs of a quality rating (Quy định 366-QĐ/TW): pure counting, feeding from the database,
and the table on the unit and member pages."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from dangvu.access.roles import Role
from dangvu.access.tests.factories import make_user
from dangvu.core.periods import Quarter
from dangvu.members.tests.factories import make_member
from dangvu.tracking import operations, ratings
from dangvu.tracking.models import Assignment
from dangvu.tracking.ratings import TaskOutcome, rating_inputs, year_inputs
from dangvu.tracking.tests.factories import make_assignment, make_task
from dangvu.units.tests.factories import Tree

Q2 = Quarter(2022, 2)
LATER = date(2026, 1, 1)


def _q2(*outcomes: TaskOutcome, as_of: date = LATER) -> ratings.RatingInputs:
    return rating_inputs(outcomes, period=str(Q2), start=Q2.start, end=Q2.end, as_of=as_of)


def test_each_assignment_due_in_the_period_counts_once_by_its_status_on_the_day_looked_at():
    found = _q2(
        TaskOutcome(date(2022, 5, 31), completed_on=date(2022, 5, 30)),
        TaskOutcome(date(2022, 5, 31), completed_on=date(2022, 6, 10)),
        TaskOutcome(date(2022, 6, 30), completed_on=date(2022, 7, 4)),  # due on the quarter's last day, done late
        TaskOutcome(date(2022, 6, 30), completed_on=date(2022, 8, 1)),  # still overdue on 15/07
        TaskOutcome(date(2022, 7, 1)),  # due in the next quarter
        TaskOutcome(date(2022, 3, 31)),  # due in the quarter before
        as_of=date(2022, 7, 15),
    )
    assert (found.due, found.done_on_time, found.done_late, found.overdue, found.pending) == (4, 1, 2, 1, 0)
    assert (found.on_time_share, found.behind_share) == (0.25, 0.75)


def test_nothing_due_gives_no_shares_rather_than_zero():
    found = _q2(TaskOutcome(date(2022, 9, 30)))
    assert found.due == 0
    assert (found.on_time_share, found.exceeding_share, found.behind_share) == (None, None, None)


def test_a_cancelled_task_is_not_due_once_cancelled():
    outcomes = (
        TaskOutcome(date(2022, 5, 31), cancelled_on=date(2022, 6, 1)),
        TaskOutcome(date(2022, 5, 31), cancelled_on=date(2022, 9, 1)),
    )
    found = _q2(*outcomes, as_of=date(2022, 7, 15))
    assert (found.due, found.overdue) == (1, 1)
    assert _q2(*outcomes).due == 0


@pytest.mark.parametrize(
    ("outcome", "exceeds"),
    [
        (TaskOutcome(date(2022, 6, 30), completed_on=date(2022, 6, 23)), True),  # 7 days early
        (TaskOutcome(date(2022, 6, 30), completed_on=date(2022, 6, 24)), False),  # 6 days early
        (
            TaskOutcome(
                date(2022, 6, 30), date(2022, 6, 30), indicator_value=Decimal(101), indicator_target=Decimal(100)
            ),
            True,
        ),
        (
            TaskOutcome(
                date(2022, 6, 30), date(2022, 6, 30), indicator_value=Decimal(100), indicator_target=Decimal(100)
            ),
            False,  # the target reached is the requirement met, not exceeded
        ),
        (TaskOutcome(date(2022, 6, 30), date(2022, 6, 30), indicator_value=Decimal(120)), False),  # no target
        (
            TaskOutcome(
                date(2022, 6, 1), date(2022, 6, 2), indicator_value=Decimal(150), indicator_target=Decimal(100)
            ),
            False,  # late is never exceeding
        ),
    ],
)
def test_exceeding_requirements_is_done_on_time_and_early_or_above_the_target(outcome, exceeds):
    assert ratings.exceeds_requirements(outcome) is exceeds
    assert _q2(outcome).exceeding == int(exceeds)


def test_a_period_not_over_yet_counts_what_is_known_today():
    found = _q2(
        TaskOutcome(date(2022, 5, 10)),
        TaskOutcome(date(2022, 6, 20), completed_on=date(2022, 5, 2)),
        TaskOutcome(date(2022, 6, 20), completed_on=date(2022, 5, 25)),
        as_of=date(2022, 5, 20),
    )
    assert (found.due, found.overdue, found.done_on_time, found.exceeding, found.pending) == (3, 1, 1, 1, 1)


def test_a_year_has_its_quarters_so_far_and_a_total():
    outcomes = [
        TaskOutcome(date(2022, 3, 31), completed_on=date(2022, 3, 1)),
        TaskOutcome(date(2022, 6, 30), completed_on=date(2022, 7, 10)),
        TaskOutcome(date(2022, 8, 31)),
    ]
    found = year_inputs(outcomes, 2022, as_of=date(2022, 8, 15))
    assert [q.period for q in found.quarters] == ["2022-Q1", "2022-Q2", "2022-Q3"]
    assert [q.due for q in found.quarters] == [1, 1, 1]
    assert [q.done_late for q in found.quarters] == [0, 1, 0]
    assert found.total.period == "2022"
    assert (found.total.due, found.total.done_on_time, found.total.done_late, found.total.pending) == (3, 1, 1, 1)


# From the database ---------------------------------------------------------------------------------------------------


@pytest.fixture
def tree(db):
    tree = Tree()
    tree.leader = make_member(tree.a1, "Trần Thị Hoa", gender="female")
    plan = make_task(tree.bloc, "Chuyển đổi số", deadline=date(2022, 6, 30))
    given = make_assignment(plan, tree.a, deadline=date(2022, 6, 30))
    (passed,) = operations.pass_on(None, given, [tree.a1], assigned_on=date(2022, 4, 20))
    Assignment.objects.filter(pk=given.pk).update(completed_on=date(2022, 6, 1), started_on=date(2022, 4, 16))
    Assignment.objects.filter(pk=passed.pk).update(completed_on=date(2022, 7, 3))
    yearly = make_task(tree.bloc, "Kết nạp đảng viên", deadline=date(2022, 12, 31))
    make_assignment(yearly, tree.a, deadline=date(2022, 12, 31))
    breakthrough = make_task(
        tree.bloc,
        "Giải ngân vốn đầu tư công",
        person=tree.leader,
        deadline=date(2022, 9, 30),
        indicator="Tỷ lệ giải ngân",
        indicator_unit="%",
        indicator_target=Decimal(95),
    )
    top = make_assignment(breakthrough, tree.a, deadline=date(2022, 9, 30))
    (copy,) = operations.pass_on(None, top, [tree.a2], assigned_on=date(2022, 4, 20))
    report = operations.submit_report(
        None, top, Quarter(2022, 3), percent=100, completed_on=date(2022, 9, 28), indicator_value=Decimal(98)
    )
    operations.review_report(None, report, accept=True)
    tree.given, tree.passed, tree.top, tree.copy = given, passed, top, copy
    make_assignment(make_task(tree.bloc, "Tổng kết", deadline=date(2021, 12, 31)), tree.a, deadline=date(2021, 12, 31))
    return tree


def test_a_units_figures_are_its_own_assignments_not_those_of_its_cells(tree):
    found = ratings.for_unit(tree.a, 2022, LATER)
    assert (found.total.due, found.total.done_on_time, found.total.exceeding, found.total.overdue) == (3, 2, 2, 1)
    assert [q.due for q in found.quarters] == [0, 1, 1, 1]
    cell = ratings.for_unit(tree.a1, 2022, LATER)
    assert (cell.total.due, cell.total.done_late) == (1, 1)


def test_a_persons_figures_are_the_tasks_they_lead_as_given_not_the_copies_passed_on(tree):
    found = ratings.for_person(tree.leader, 2022, LATER)
    assert (found.total.due, found.total.done_on_time, found.total.exceeding) == (1, 1, 1)
    assert found.quarters[2].exceeding_share == 1.0


def test_the_rows_read_can_be_restricted_to_what_a_user_sees(tree):
    secretary = make_user(Role.SECRETARY, tree.a1)
    found = ratings.for_person(tree.leader, 2022, LATER, Assignment.objects.visible_to(secretary))
    assert found.total.due == 0


def test_the_panel_shows_the_latest_year_with_tasks_unless_another_is_asked(tree):
    own = ratings.unit_assignments(tree.a)
    assert ratings.panel(own, None, LATER).inputs.year == 2022
    assert ratings.panel(own, None, LATER).years == [2022, 2021]
    assert ratings.panel(own, "2021", LATER).inputs.total.due == 1
    assert ratings.panel(own, "abc", LATER).inputs.year == 2022
    assert ratings.panel(own, "2030", LATER).inputs.year == 2022
    assert ratings.panel(own, None, date(2021, 12, 31)).years == [2021]


# On the pages --------------------------------------------------------------------------------------------------------


def test_the_unit_page_shows_the_figures_quarter_by_quarter(client, tree):
    client.force_login(make_user(Role.LEADER, tree.bloc))
    page = client.get(reverse("unit_detail", args=[tree.a.pk])).content.decode()
    assert 'id="rating-inputs"' in page
    for period in ("2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4", "2022"):
        assert f'data-period="{period}"' in page
    assert 'data-year="2021"' in page
    page = client.get(reverse("unit_detail", args=[tree.a.pk]), {"rating_year": "2021"}).content.decode()
    assert 'data-period="2021-Q4"' in page and 'data-year="2022"' in page


def test_the_member_page_shows_the_tasks_the_member_leads(client, tree):
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    response = client.get(reverse("member_detail", args=[tree.leader.pk]))
    assert response.context["rating"].inputs.total.exceeding == 1
    assert 'data-period="2022-Q3"' in response.content.decode()


def test_pages_without_tasks_show_no_table(client, tree):
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    assert 'id="rating-inputs"' not in client.get(reverse("unit_detail", args=[tree.b.pk])).content.decode()
    other = make_member(tree.b1, "Lê Văn Bình")
    assert 'id="rating-inputs"' not in client.get(reverse("member_detail", args=[other.pk])).content.decode()


@pytest.mark.parametrize("tasks", [1, 12])
def test_the_figures_add_a_fixed_number_of_queries_to_the_pages(client, tree, django_assert_max_num_queries, tasks):
    for n in range(tasks):
        task = make_task(tree.bloc, f"Nhiệm vụ {n}", person=tree.leader, deadline=date(2022, 3 * (n % 4) + 3, 28))
        make_assignment(task, tree.a, deadline=task.deadline)
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    with django_assert_max_num_queries(18):  # with the unit's collective ratings and awards
        client.get(reverse("unit_detail", args=[tree.a.pk]))
    with django_assert_max_num_queries(18):  # with the member's ratings, awards and badges (awards.presentation)
        client.get(reverse("member_detail", args=[tree.leader.pk]))
