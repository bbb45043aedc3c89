"""Meetings through their operations: numbering, invitations, check-in, attendance, minutes, outcomes, congresses."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from dangvu.access.roles import Role
from dangvu.access.tests.factories import make_user
from dangvu.meetings import operations
from dangvu.meetings.models import Attendance, CongressStatus, MeetingState
from dangvu.meetings.tests.factories import at, make_meeting
from dangvu.members.tests.factories import make_member
from dangvu.tracking.models import Notification
from dangvu.units.models import Position, UnitKind
from dangvu.units.operations import open_term
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Refusals are matched on their English message ids here; the pages' tests read them in Vietnamese."""
    with translation.override("en"):
        yield


@pytest.fixture
def tree():
    return Tree()


def test_executive_conferences_are_numbered_within_the_term(tree):
    open_term(None, tree.bloc, name="2020-2025", starts_on=date(2020, 9, 1), ends_on=date(2025, 9, 1))
    numbers = [
        make_meeting(tree.bloc, at(2022, month, 13), kind="executive_conference", title=f"Hội nghị {month}").number
        for month in (1, 4)
    ]
    assert numbers == [1, 2]
    assert make_meeting(tree.bloc, at(2022, 5, 2), kind="standing_committee").number is None


def test_bad_meetings_are_refused_with_the_field_to_fix(tree):
    with pytest.raises(ValidationError) as refused:
        make_meeting(tree.a1, ends_at=at(2022, 4, 5, 13), place="")
    assert set(refused.value.message_dict) == {"ends_at", "place"}
    with pytest.raises(PermissionDenied):
        operations.schedule_meeting(
            make_user(Role.SECRETARY, tree.a2),
            tree.a1,
            kind="regular_cell",
            title="Họp",
            starts_at=at(2022, 4, 5),
            ends_at=at(2022, 4, 5, 10),
            place="Phòng họp",
        )


def test_inviting_a_cell_invites_its_active_members_once_and_e_mails_their_accounts(tree):
    an, binh = make_member(tree.a1, "Nguyễn Văn An"), make_member(tree.a1, "Trần Thị Bình")
    make_member(tree.a2, "Lê Văn Cường")
    make_user(Role.MEMBER, tree.a1, member=an, email="an@example.vn")
    meeting = make_meeting(tree.a1)
    invited = operations.invite(None, meeting, operations.invitees(units=[tree.a1]))
    assert {i.member for i in invited} == {an, binh}
    assert operations.invite(None, meeting, [an]) == []
    (message,) = mail.outbox
    assert message.bcc == ["an@example.vn"] and message.attachments[0][0] == "invitation.ics"
    assert Notification.objects.filter(user__member=an, kind="meeting").count() == 1


def test_members_check_in_with_the_code_while_the_meeting_is_on(tree):
    an = make_member(tree.a1, "Nguyễn Văn An")
    user = make_user(Role.MEMBER, tree.a1, member=an)
    now = timezone.now()
    meeting = make_meeting(tree.a1, starts_at=now - timedelta(minutes=10))
    with pytest.raises(ValidationError, match="not on the list"):
        operations.check_in(user, meeting, meeting.check_in_token)
    operations.invite(None, meeting, [an])
    with pytest.raises(ValidationError, match="not valid"):
        operations.check_in(user, meeting, "wrong")
    invitation = operations.check_in(user, meeting, meeting.check_in_token)
    assert invitation.attendance == Attendance.PRESENT and invitation.checked_in_at is not None
    later = make_meeting(tree.a1, starts_at=now + timedelta(days=2))
    operations.invite(None, later, [an])
    with pytest.raises(ValidationError, match="an hour before"):
        operations.check_in(user, later, later.check_in_token)


def test_an_excused_absence_needs_its_reason(tree):
    binh = make_member(tree.a1, "Trần Thị Bình")
    meeting = make_meeting(tree.a1)
    with pytest.raises(ValidationError, match="reason"):
        operations.record_attendance(None, meeting, binh, Attendance.EXCUSED)
    recorded = operations.record_attendance(None, meeting, binh, Attendance.EXCUSED, reason="Đi công tác")
    assert (recorded.attendance, recorded.reason) == (Attendance.EXCUSED, "Đi công tác")


def test_minutes_are_drafted_from_the_meeting_then_approved_and_locked(tree):
    an, binh = make_member(tree.a1, "Nguyễn Văn An"), make_member(tree.a1, "Trần Thị Bình")
    meeting = make_meeting(tree.a1, chair=an)
    operations.set_agenda(None, meeting, [{"title": "Đánh giá kết quả tháng 3"}, {"title": "Nhiệm vụ tháng 4"}])
    operations.record_attendance(None, meeting, an, Attendance.PRESENT)
    operations.record_attendance(None, meeting, binh, Attendance.EXCUSED, reason="Ốm")
    minutes = operations.save_minutes(None, meeting)
    assert "Attendance: 1 of 2 present." in minutes.content and "Trần Thị Bình (Ốm)" in minutes.content
    assert "2. Nhiệm vụ tháng 4" in minutes.content
    operations.save_minutes(None, meeting, minutes.content + "\nChi bộ thống nhất.", conclusions="Giao đồng chí An")
    operations.approve_minutes(None, minutes)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.HELD
    with pytest.raises(ValidationError, match="approved"):
        operations.save_minutes(None, meeting, "Sửa lại")
    with pytest.raises(ValidationError, match="approved"):
        operations.record_attendance(None, meeting, binh, Attendance.PRESENT)


def test_a_conclusion_becomes_a_task_linked_to_the_meeting(tree):
    meeting = make_meeting(tree.a)
    outcome = operations.task_from_meeting(
        None, meeting, title="Hoàn thành số hóa hồ sơ đảng viên", deadline=date(2022, 6, 30)
    )
    assert outcome.task.owner_unit == tree.a and meeting.outcomes.get().task == outcome.task


def test_a_congress_plan_ends_with_the_elected_committee_in_the_unit(tree):
    plan = operations.plan_congresses(
        None,
        tree.a,
        term_name="2022-2025",
        title="Đại hội chi bộ trực thuộc nhiệm kỳ 2022-2025",
        units=[u for u in (tree.a1, tree.a2) if u.kind == UnitKind.CELL],
    )
    congress = plan.congresses.get(unit=tree.a1)
    operations.advance_congress(None, congress, CongressStatus.PREPARING, planned_on=date(2022, 5, 20))
    with pytest.raises(ValidationError, match="earlier stage"):
        operations.advance_congress(None, congress, CongressStatus.PLANNED)
    secretary = make_member(tree.a1, "Hoàng Thu Trang")
    term = operations.record_election(
        None, congress, starts_on=date(2022, 5, 20), ends_on=date(2025, 5, 20), elected=[(secretary, "secretary")]
    )
    congress.refresh_from_db()
    assert congress.status == CongressStatus.APPROVED and congress.term == term
    assert Position.objects.get(term=term).member == secretary


def test_the_task_page_shows_the_meeting_it_was_decided_at(client, tree):
    from django.urls import reverse

    meeting = make_meeting(tree.a, title="Hội nghị Ban Chấp hành Đảng bộ Văn phòng Tỉnh ủy")
    outcome = operations.task_from_meeting(None, meeting, title="Số hóa hồ sơ đảng viên", deadline=date(2022, 6, 30))
    client.force_login(make_user(Role.LEADER, tree.a))
    page = client.get(reverse("task_detail", args=[outcome.task_id]))
    assert f'href="/meetings/{meeting.pk}/"' in page.text
    client.force_login(make_user(Role.SECRETARY, tree.b))
    assert client.get(reverse("task_detail", args=[outcome.task_id])).status_code == 404


def test_the_minutes_follow_the_template_of_the_kind_of_meeting(tree):
    open_term(None, tree.bloc, name="2020-2025", starts_on=date(2020, 9, 1), ends_on=date(2025, 9, 1))
    conference = make_meeting(tree.bloc, at(2022, 4, 13), kind="executive_conference", title="Hội nghị lần thứ 8")
    cell_meeting = make_meeting(tree.a1)
    conference_text = operations.draft_text(conference)
    assert conference_text.startswith("MINUTES OF THE EXECUTIVE COMMITTEE CONFERENCE (no. 1)")
    assert "3. VOTES" in conference_text
    assert "2. TASKS FOR THE COMING MONTH" in operations.draft_text(cell_meeting)


def test_the_review_page_links_the_conference_that_reviews_the_quarter(client, tree):
    from django.urls import reverse

    from dangvu.core.periods import Quarter
    from dangvu.tracking.operations import open_cycle

    cycle = open_cycle(None, tree.bloc, Quarter(2022, 1))
    conference = make_meeting(
        tree.bloc, at(2022, 4, 13), kind="review_conference", title="Hội nghị đánh giá quý I", review_cycle=cycle
    )
    client.force_login(make_user(Role.LEADER, tree.bloc))
    page = client.get(reverse("review_detail", args=[cycle.pk]))
    assert f'href="/meetings/{conference.pk}/"' in page.text
