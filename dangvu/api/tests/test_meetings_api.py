from datetime import date

import pytest
from icalendar import Calendar

from dangvu.access.roles import Role
from dangvu.access.tests.factories import make_user
from dangvu.api.tests.clients import token_client
from dangvu.meetings import operations
from dangvu.meetings.models import Attendance
from dangvu.meetings.tests.factories import at, make_meeting
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


class World:
    """A1's April meeting (Lan present, Bình excused) with a one-item agenda; A2's April meeting; B1 held none.
    The bloc's congress plan for A1 and A2, A1's results approved."""

    def __init__(self) -> None:
        self.tree = tree = Tree()
        self.lan = make_member(tree.a1, "Nguyễn Thị Lan")
        self.binh = make_member(tree.a1, "Trần Văn Bình")
        self.hoa = make_member(tree.a2, "Lê Thị Hoa")
        self.a1_meeting = make_meeting(tree.a1, at(2022, 4, 5, 14))
        operations.set_agenda(None, self.a1_meeting, [{"title": "Kiểm điểm quý I", "duration": 30}])
        operations.invite(None, self.a1_meeting, [self.lan, self.binh])
        operations.record_attendance(None, self.a1_meeting, self.lan, Attendance.PRESENT)
        operations.record_attendance(None, self.a1_meeting, self.binh, Attendance.EXCUSED, "Ốm")
        self.a2_meeting = make_meeting(tree.a2, at(2022, 4, 6, 14), title="Sinh hoạt Chi bộ Phòng Hành chính")
        operations.invite(None, self.a2_meeting, [self.hoa])
        self.plan = operations.plan_congresses(
            None, tree.a, term_name="2022-2025", title="Đại hội chi bộ 2022-2025", units=[tree.a1, tree.a2]
        )
        congress = self.plan.congresses.get(unit=tree.a1)
        operations.record_election(
            None, congress, starts_on=date(2022, 5, 20), ends_on=None, elected=[(self.lan, "secretary")]
        )


@pytest.fixture
def world():
    return World()


def ok(response) -> dict:
    assert response.status_code == 200, response.content
    return response.json()


def test_a_member_of_one_cell_never_gets_another_cells_meetings(world):
    client = token_client(make_user(None, member=world.hoa))
    assert [m["id"] for m in ok(client.get("/api/meetings"))["items"]] == [world.a2_meeting.pk]
    assert client.get(f"/api/meetings/{world.a1_meeting.pk}").status_code == 404
    assert client.get(f"/api/meetings/{world.a1_meeting.pk}/calendar.ics").status_code == 404


def test_a_cell_secretary_lists_only_their_cells_meetings(world):
    client = token_client(make_user(Role.SECRETARY, world.tree.a1))
    assert [m["id"] for m in ok(client.get("/api/meetings"))["items"]] == [world.a1_meeting.pk]
    client = token_client(make_user(Role.OFFICE, world.tree.a))
    found = ok(client.get("/api/meetings", {"unit": world.tree.a2.pk}))["items"]
    assert [m["id"] for m in found] == [world.a2_meeting.pk]
    assert client.get("/api/meetings", {"unit": world.tree.b1.pk}).status_code == 404


def test_a_meeting_comes_with_its_agenda_counts_and_attendance(world):
    client = token_client(make_user(Role.SECRETARY, world.tree.a1))
    meeting = ok(client.get(f"/api/meetings/{world.a1_meeting.pk}"))
    assert (meeting["invited"], meeting["present"], meeting["excused"], meeting["quorum"]) == (2, 1, 1, False)
    assert [item["title"] for item in meeting["agenda"]] == ["Kiểm điểm quý I"]
    attendance = {row["member_id"]: (row["attendance"], row["reason"]) for row in meeting["invitations"]}
    assert attendance == {world.lan.pk: ("present", ""), world.binh.pk: ("excused", "Ốm")}


def test_the_calendar_file_parses_with_the_local_start(world):
    client = token_client(make_user(None, member=world.lan))
    response = client.get(f"/api/meetings/{world.a1_meeting.pk}/calendar.ics")
    assert response.status_code == 200 and response["content-type"].startswith("text/calendar")
    event = next(c for c in Calendar.from_ical(response.content).walk("VEVENT"))
    assert event.decoded("dtstart") == at(2022, 4, 5, 14)


def test_compliance_lists_every_cell_with_what_it_missed(world):
    client = token_client(make_user(Role.OFFICE, world.tree.a))
    answer = ok(client.get("/api/meetings/compliance", {"year": 2022}))
    cells = {row["unit_id"]: row for row in answer["cells"]}
    assert set(cells) == {world.tree.a1.pk, world.tree.a2.pk}
    a1 = cells[world.tree.a1.pk]
    assert a1["regular"] == 1 and "2022-04" not in a1["missed_months"] and "2022-03" in a1["missed_months"]
    assert a1["missed_quarters"] == ["2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4"]
    assert (a1["invited"], a1["present"], a1["attendance_rate"]) == (2, 1, 0.5)
    assert client.get("/api/meetings/compliance", {"unit": world.tree.b.pk}).status_code == 404


def test_congress_plans_come_with_each_units_congress_and_elected_committee(world):
    client = token_client(make_user(Role.LEADER, world.tree.a))
    plans = ok(client.get("/api/meetings/congress-plans"))["items"]
    assert [p["id"] for p in plans] == [world.plan.pk]
    plan = ok(client.get(f"/api/meetings/congress-plans/{world.plan.pk}"))
    assert plan["counts"] == {"planned": 1, "preparing": 0, "held": 0, "approved": 1}
    a1 = next(c for c in plan["congresses"] if c["unit_id"] == world.tree.a1.pk)
    assert a1["elected"] == [{"member_id": world.lan.pk, "member_name": "Nguyễn Thị Lan", "role": "secretary"}]
    other = token_client(make_user(Role.OFFICE, world.tree.b))
    assert ok(other.get("/api/meetings/congress-plans"))["count"] == 0
    assert other.get(f"/api/meetings/congress-plans/{world.plan.pk}").status_code == 404
