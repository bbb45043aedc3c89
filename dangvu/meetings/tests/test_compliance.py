"""The cell-meeting compliance page and its export: held and missed meetings per cell, attendance per cell and
per member, in a bounded number of queries, within the user's scope."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangvu.access import scoping
from dangvu.access.roles import Role
from dangvu.access.tests.factories import make_user
from dangvu.core import budgets
from dangvu.core.periods import Quarter
from dangvu.meetings import operations
from dangvu.meetings.models import Attendance
from dangvu.meetings.tests.factories import at, make_meeting
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree, make_unit

pytestmark = pytest.mark.django_db


def hold_year(cell, *, skip_months=(), skip_quarters=(), year=2022):
    """A regular meeting every month and a thematic one every quarter of `year`, except those skipped."""
    for month in range(1, 13):
        if month not in skip_months:
            make_meeting(cell, at(year, month, 5, 14), title=f"Sinh hoạt thường kỳ tháng {month}/{year}")
    for number in range(1, 5):
        if number not in skip_quarters:
            make_meeting(cell, at(year, number * 3, 20, 14), kind="thematic_cell", title=f"Chuyên đề quý {number}")


class World:
    """A1 met every month and quarter of 2022; A2 missed March (its meeting was cancelled) and its Q2 theme;
    B1 and C met never. Two members of A1 were invited to its January meeting: one came, one was excused."""

    def __init__(self) -> None:
        self.tree = tree = Tree()
        hold_year(tree.a1)
        hold_year(tree.a2, skip_months=(3,), skip_quarters=(2,))
        march = make_meeting(tree.a2, at(2022, 3, 5, 14))
        operations.cancel_meeting(None, march, "Trùng lịch họp của Đảng ủy")
        self.lan = make_member(tree.a1, "Nguyễn Thị Lan")
        self.binh = make_member(tree.a1, "Trần Văn Bình")
        january = tree.a1.meetings.get(starts_at=at(2022, 1, 5, 14))
        operations.invite(None, january, [self.lan, self.binh])
        operations.record_attendance(None, january, self.lan, Attendance.PRESENT)
        operations.record_attendance(None, january, self.binh, Attendance.EXCUSED, "Đi công tác")


@pytest.fixture
def world():
    return World()


def rows(response) -> dict[int, object]:
    assert response.status_code == 200
    return {row.unit.pk: row for row in response.context["report"].cells}


def test_cells_that_missed_a_meeting_come_first_with_what_they_missed(client, world):
    tree = world.tree
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    response = client.get(reverse("cell_compliance"), {"year": 2022})
    found = rows(response)
    assert set(found) == {tree.a1.pk, tree.a2.pk, tree.b1.pk, tree.c.pk}
    order = [row.unit.pk for row in response.context["report"].cells]
    assert order.index(tree.a1.pk) == 3
    a2 = found[tree.a2.pk]
    assert a2.compliance.missed_months == [(2022, 3)]
    assert a2.compliance.missed_quarters == [Quarter(2022, 2)]
    assert (a2.regular, a2.thematic) == (11, 3)
    assert found[tree.a1.pk].ok and (found[tree.a1.pk].regular, found[tree.a1.pk].thematic) == (12, 4)
    assert len(found[tree.b1.pk].compliance.missed_months) == 12
    assert f'data-cell="{tree.a2.pk}" data-ok="false"' in response.content.decode()


def test_attendance_rate_per_cell_counts_those_present_among_the_invited(client, world):
    client.force_login(make_user(Role.OFFICE, world.tree.bloc))
    a1 = rows(client.get(reverse("cell_compliance"), {"year": 2022}))[world.tree.a1.pk]
    assert (a1.present, a1.invited, a1.rate) == (1, 2, 0.5)


def test_months_not_yet_over_are_not_missed(client, world, monkeypatch):
    monkeypatch.setattr(scoping, "today", lambda: date(2022, 5, 10))
    client.force_login(make_user(Role.OFFICE, world.tree.bloc))
    b1 = rows(client.get(reverse("cell_compliance"), {"year": 2022}))[world.tree.b1.pk]
    assert b1.compliance.missed_months == [(2022, 1), (2022, 2), (2022, 3), (2022, 4)]
    assert b1.compliance.missed_quarters == [Quarter(2022, 1)]


def test_a_cell_set_up_during_the_year_owes_meetings_only_from_then(client, world):
    tree = world.tree
    new = make_unit("Chi bộ Phòng Kế hoạch", parent=tree.b, established_on=date(2022, 10, 15))
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    row = rows(client.get(reverse("cell_compliance"), {"year": 2022}))[new.pk]
    assert row.compliance.missed_months == [(2022, 10), (2022, 11), (2022, 12)]


def test_drilling_into_a_cell_lists_its_meetings_and_each_members_attendance(client, world):
    tree = world.tree
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    response = client.get(reverse("cell_compliance"), {"year": 2022, "cell": tree.a1.pk})
    assert response.status_code == 200
    found = response.context["found"]
    assert len(found.meetings) == 16
    january = next(m for m in found.meetings if m.starts_at == at(2022, 1, 5, 14))
    assert (january.present, january.invited) == (1, 2)
    members = {m.member_id: m for m in found.members}
    assert (members[world.lan.pk].present, members[world.lan.pk].rate) == (1, 1.0)
    assert (members[world.binh.pk].excused, members[world.binh.pk].rate) == (1, 0.0)
    assert f'data-meeting="{january.pk}"' in response.content.decode()


def test_a_cell_outside_the_chosen_unit_is_not_found(client, world):
    tree = world.tree
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    response = client.get(reverse("cell_compliance"), {"year": 2022, "unit": tree.a.pk, "cell": tree.b1.pk})
    assert response.status_code == 404


def test_a_cell_secretary_sees_only_their_cell(client, world):
    tree = world.tree
    client.force_login(make_user(Role.SECRETARY, tree.a2))
    assert set(rows(client.get(reverse("cell_compliance"), {"year": 2022}))) == {tree.a2.pk}
    assert client.get(reverse("cell_compliance"), {"unit": tree.a.pk}).status_code == 404
    assert client.get(reverse("cell_compliance"), {"cell": tree.a1.pk}).status_code == 404
    names = [m.full_name for m in client.get(reverse("cell_compliance"), {"year": 2022}).context["found"].members]
    assert "Nguyễn Thị Lan" not in names


def test_a_member_without_a_grant_is_refused(client, world):
    client.force_login(make_user(None, member=world.lan))
    assert client.get(reverse("cell_compliance")).status_code == 404


def test_the_page_runs_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    tree = world.tree
    for number in range(8):
        cell = make_unit(f"Chi bộ thêm {number}", parent=tree.b)
        hold_year(cell, skip_months=(number + 1,))
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    with django_assert_max_num_queries(budgets.CELL_COMPLIANCE):
        response = client.get(reverse("cell_compliance"), {"year": 2022})
    assert len(rows(response)) == 12


def test_the_export_has_a_sheet_of_cells_and_one_of_members(client, world):
    tree = world.tree
    client.force_login(make_user(Role.OFFICE, tree.bloc))
    response = client.get(reverse("cell_compliance_export"), {"year": 2022})
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    cells, members = book.worksheets
    names = [row[0] for row in cells.iter_rows(min_row=2, values_only=True)]
    assert names[-1] == tree.a1.name and set(names) == {tree.a1.name, tree.a2.name, tree.b1.name, tree.c.name}
    a2 = next(row for row in cells.iter_rows(min_row=2, values_only=True) if row[0] == tree.a2.name)
    assert a2[1:4] == (11, 3, 12) and a2[4] == "03/2022"
    member_rows = {row[1]: row for row in members.iter_rows(min_row=2, values_only=True)}
    assert member_rows["Nguyễn Thị Lan"][2:4] == (1, 1)
