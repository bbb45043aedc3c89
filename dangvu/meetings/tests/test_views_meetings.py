from datetime import date, timedelta
from io import BytesIO

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dangvu.access.tests.factories import make_user
from dangvu.core import budgets
from dangvu.meetings import operations
from dangvu.meetings.models import AgendaItem, Invitation, Meeting, Minutes, Outcome
from dangvu.meetings.tests.factories import at, make_meeting
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return Tree()


def _soon(minutes: int = 10):
    return timezone.now() + timedelta(minutes=minutes)


def _form(tree, **changes) -> dict:
    data = {
        "unit": tree.a1.pk,
        "kind": "regular_cell",
        "title": "Sinh hoạt chi bộ thường kỳ tháng 4/2022",
        "day": "05/04/2022",
        "start_time": "14:00",
        "end_time": "16:30",
        "place": "Phòng họp tầng 2",
    }
    data.update(changes)
    return data


# The list ----------------------------------------------------------------------------------------------------------


def test_a_member_lists_only_the_meetings_they_are_invited_to(client, tree):
    own, other = make_member(tree.a1, "Lê Văn Bình"), make_member(tree.a2, "Trần Thị Cúc")
    invited = make_meeting(tree.a1, _soon(), title="Họp chi bộ A1")
    operations.invite(None, invited, [own])
    elsewhere = make_meeting(tree.a2, _soon(), title="Họp chi bộ A2")
    operations.invite(None, elsewhere, [other])
    client.force_login(make_user("member", tree.a1, member=own))
    response = client.get(reverse("meeting_list"))
    assert response.status_code == 200
    assert f'data-meeting="{invited.pk}"' in response.text
    assert f'data-meeting="{elsewhere.pk}"' not in response.text
    assert client.get(reverse("meeting_detail", args=[elsewhere.pk])).status_code == 404
    assert client.get(reverse("meeting_ics", args=[elsewhere.pk])).status_code == 404


def test_a_user_with_no_unit_and_no_member_record_has_no_meeting_list(client, tree):
    client.force_login(make_user(None))
    assert client.get(reverse("meeting_list")).status_code == 404


def test_the_list_filters_by_unit_kind_and_period(client, tree):
    make_meeting(tree.a1, at(2022, 4, 5, 14), title="Cũ A1")
    upcoming_a1 = make_meeting(tree.a1, _soon(), title="Sắp tới A1")
    thematic = make_meeting(tree.a2, _soon(), kind="thematic_cell", title="Chuyên đề A2")
    client.force_login(make_user("secretary", tree.a))
    response = client.get(reverse("meeting_list"))
    assert response.text.count("data-meeting=") == 2
    response = client.get(reverse("meeting_list"), {"unit": tree.a1.pk})
    assert f'data-meeting="{upcoming_a1.pk}"' in response.text
    assert f'data-meeting="{thematic.pk}"' not in response.text
    response = client.get(reverse("meeting_list"), {"kind": "thematic_cell", "period": "all"})
    assert response.text.count("data-meeting=") == 1
    response = client.get(reverse("meeting_list"), {"period": "past"})
    assert response.text.count("data-meeting=") == 1


def test_the_list_makes_a_bounded_number_of_queries(client, tree, django_assert_max_num_queries):
    member = make_member(tree.a1)
    for day in range(1, 21):
        meeting = make_meeting(tree.a1, _soon(60 * 24 * day))
        operations.set_agenda(None, meeting, [{"title": "Quán triệt nghị quyết"}, {"title": "Nhiệm vụ tháng"}])
        operations.invite(None, meeting, [member])
    client.force_login(make_user("secretary", tree.a1))
    with django_assert_max_num_queries(budgets.MEETING_LIST):
        response = client.get(reverse("meeting_list"))
    assert response.text.count("data-meeting=") == 20


def test_the_export_lists_the_filtered_meetings(client, tree):
    make_meeting(tree.a1, at(2022, 4, 5, 14), title="Sinh hoạt tháng 4")
    make_meeting(tree.b1, at(2022, 4, 6, 14), title="Chi bộ khác")
    client.force_login(make_user("secretary", tree.a))
    response = client.get(reverse("meeting_export"), {"period": "all"})
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert [row[2] for row in rows[1:]] == ["Sinh hoạt tháng 4"]


# Scheduling --------------------------------------------------------------------------------------------------------


def test_a_cell_secretary_schedules_a_meeting_in_local_time(client, tree):
    chair = make_member(tree.a1, "Hoàng Thị Hoa")
    client.force_login(make_user("secretary", tree.a1))
    response = client.post(reverse("meeting_create"), _form(tree, chair=chair.pk))
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("meeting_detail", args=[meeting.pk])
    assert meeting.starts_at == at(2022, 4, 5, 14)
    assert meeting.ends_at == at(2022, 4, 5, 16, 30)
    assert meeting.chair == chair


def test_a_meeting_that_ends_before_it_starts_is_refused(client, tree):
    client.force_login(make_user("secretary", tree.a1))
    response = client.post(reverse("meeting_create"), _form(tree, end_time="13:00"))
    assert response.status_code == 422
    assert 'id="id_end_time_error"' in response.text
    assert not Meeting.objects.exists()


def test_a_chair_from_another_cell_is_refused_by_operations(client, tree):
    outsider = make_member(tree.a2)
    client.force_login(make_user("secretary", tree.a))
    response = client.post(reverse("meeting_create"), _form(tree, chair=outsider.pk))
    assert response.status_code == 422
    assert not Meeting.objects.exists()


def test_a_member_cannot_schedule_or_edit(client, tree):
    member = make_member(tree.a1)
    meeting = make_meeting(tree.a1, _soon())
    operations.invite(None, meeting, [member])
    client.force_login(make_user("member", tree.a1, member=member))
    assert client.get(reverse("meeting_create")).status_code == 404
    assert client.post(reverse("meeting_create"), _form(tree)).status_code == 404
    assert client.post(reverse("meeting_edit", args=[meeting.pk]), _form(tree, title="Khác")).status_code == 404
    assert client.post(reverse("meeting_cancel", args=[meeting.pk]), {"reason": "x"}).status_code == 404
    assert Meeting.objects.get().state == "scheduled"


def test_the_secretary_edits_the_meeting(client, tree):
    meeting = make_meeting(tree.a1, at(2022, 4, 5, 14))
    client.force_login(make_user("secretary", tree.a1))
    assert client.get(reverse("meeting_edit", args=[meeting.pk])).status_code == 200
    response = client.post(reverse("meeting_edit", args=[meeting.pk]), _form(tree, start_time="08:00"))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == at(2022, 4, 5, 8)
    assert meeting.sequence == 1


def test_cancelling_needs_a_reason(client, tree):
    meeting = make_meeting(tree.a1, _soon())
    client.force_login(make_user("secretary", tree.a1))
    assert client.post(reverse("meeting_cancel", args=[meeting.pk]), {"reason": ""}).status_code == 422
    assert Meeting.objects.get().state == "scheduled"
    assert client.post(reverse("meeting_cancel", args=[meeting.pk]), {"reason": "Trùng lịch"}).status_code == 302
    assert Meeting.objects.get().cancel_reason == "Trùng lịch"


# The meeting page --------------------------------------------------------------------------------------------------


def test_the_meeting_page_shows_quorum_qr_and_forms_to_the_organiser(client, tree):
    members = [make_member(tree.a1, f"Đảng viên {n}") for n in range(3)]
    meeting = make_meeting(tree.a1, _soon())
    operations.invite(None, meeting, members)
    operations.record_attendance(None, meeting, members[0], "present")
    operations.record_attendance(None, meeting, members[1], "present")
    client.force_login(make_user("secretary", tree.a1))
    response = client.get(reverse("meeting_detail", args=[meeting.pk]))
    assert 'data-present="2" data-expected="3" data-quorum="yes"' in response.text
    assert reverse("meeting_qr", args=[meeting.pk]) in response.text
    assert 'id="invite-form"' in response.text
    assert 'id="outcome-task-form"' in response.text


def test_an_invited_member_sees_the_meeting_without_the_organiser_tools(client, tree):
    member = make_member(tree.a1)
    meeting = make_meeting(tree.a1, _soon())
    operations.invite(None, meeting, [member])
    client.force_login(make_user("member", tree.a1, member=member))
    response = client.get(reverse("meeting_detail", args=[meeting.pk]))
    assert response.status_code == 200
    assert reverse("meeting_qr", args=[meeting.pk]) not in response.text
    assert 'id="invite-form"' not in response.text
    assert client.get(reverse("meeting_qr", args=[meeting.pk])).status_code == 404


def test_the_meeting_page_makes_a_bounded_number_of_queries(client, tree, django_assert_max_num_queries):
    members = [make_member(tree.a1, f"Đảng viên {n}") for n in range(15)]
    meeting = make_meeting(tree.a1, _soon())
    operations.invite(None, meeting, members)
    operations.set_agenda(None, meeting, [{"title": f"Nội dung {n}"} for n in range(5)])
    client.force_login(make_user("secretary", tree.a1))
    with django_assert_max_num_queries(25):
        response = client.get(reverse("meeting_detail", args=[meeting.pk]))
    assert response.text.count("data-attendance=") == 15


def test_inviting_the_whole_unit(client, tree):
    members = [make_member(tree.a1, f"Đảng viên {n}") for n in range(3)]
    make_member(tree.a2, "Chi bộ khác")
    meeting = make_meeting(tree.a1, _soon())
    client.force_login(make_user("secretary", tree.a1))
    response = client.post(reverse("meeting_invite", args=[meeting.pk]), {"who": "unit"})
    assert response.status_code == 302
    assert {i.member for i in meeting.invitations.all()} == set(members)


def test_inviting_chosen_members_needs_a_choice(client, tree):
    meeting = make_meeting(tree.a1, _soon())
    client.force_login(make_user("secretary", tree.a1))
    response = client.post(reverse("meeting_invite", args=[meeting.pk]), {"who": "chosen"})
    assert response.status_code == 422
    assert not Invitation.objects.exists()


def test_an_excused_absence_needs_a_reason(client, tree):
    member = make_member(tree.a1)
    meeting = make_meeting(tree.a1, _soon())
    operations.invite(None, meeting, [member])
    client.force_login(make_user("secretary", tree.a1))
    url = reverse("meeting_attendance", args=[meeting.pk])
    response = client.post(url, {"member": member.pk, "attendance": "excused", "reason": ""})
    assert response.status_code == 422
    assert 'id="attendance-errors"' in response.text
    assert Invitation.objects.get().attendance == ""
    response = client.post(url, {"member": member.pk, "attendance": "excused", "reason": "Đi công tác"})
    assert response.status_code == 302
    assert Invitation.objects.get().reason == "Đi công tác"


def test_the_agenda_is_saved_in_order(client, tree):
    presenter = make_member(tree.a1)
    meeting = make_meeting(tree.a1, _soon())
    client.force_login(make_user("secretary", tree.a1))
    url = reverse("meeting_agenda", args=[meeting.pk])
    assert client.get(url).status_code == 200
    data = {"agenda-TOTAL_FORMS": "3", "agenda-INITIAL_FORMS": "0"}
    data.update({"agenda-0-title": "Kiểm điểm tháng", "agenda-0-presenter": presenter.pk, "agenda-0-duration": "30"})
    data.update({"agenda-1-title": "", "agenda-2-title": "Nhiệm vụ tháng tới"})
    assert client.post(url, data).status_code == 302
    assert list(AgendaItem.objects.values_list("position", "title")) == [
        (1, "Kiểm điểm tháng"),
        (2, "Nhiệm vụ tháng tới"),
    ]


# Check-in, QR code, calendar ---------------------------------------------------------------------------------------


def test_a_member_checks_in_with_the_token(client, tree):
    member = make_member(tree.a1)
    meeting = make_meeting(tree.a1, _soon())
    operations.invite(None, meeting, [member])
    client.force_login(make_user("member", tree.a1, member=member))
    url = reverse("meeting_check_in", args=[meeting.pk, meeting.check_in_token])
    assert 'id="check-in-button"' in client.get(url).text
    assert Invitation.objects.get().attendance == ""
    assert client.post(url).status_code == 302
    assert Invitation.objects.get().attendance == "present"


def test_a_wrong_token_is_refused_and_changes_nothing(client, tree):
    member = make_member(tree.a1)
    meeting = make_meeting(tree.a1, _soon())
    operations.invite(None, meeting, [member])
    client.force_login(make_user("member", tree.a1, member=member))
    response = client.post(reverse("meeting_check_in", args=[meeting.pk, "wrong"]))
    assert response.status_code == 422
    assert 'id="check-in-error"' in response.text
    assert Invitation.objects.get().attendance == ""


def test_a_member_not_invited_cannot_check_in(client, tree):
    meeting = make_meeting(tree.a1, _soon())
    client.force_login(make_user("member", tree.a1, member=make_member(tree.a1)))
    response = client.post(reverse("meeting_check_in", args=[meeting.pk, meeting.check_in_token]))
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_the_qr_code_is_an_svg_for_the_organiser(client, tree):
    meeting = make_meeting(tree.a1, _soon())
    client.force_login(make_user("secretary", tree.a1))
    response = client.get(reverse("meeting_qr", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content
    client.force_login(make_user("leader", tree.a1))
    assert client.get(reverse("meeting_qr", args=[meeting.pk])).status_code == 404


def test_the_calendar_file_parses_and_a_cancelled_meeting_is_cancelled(client, tree):
    meeting = make_meeting(tree.a1, at(2022, 4, 5, 14))
    client.force_login(make_user("secretary", tree.a1))
    response = client.get(reverse("meeting_ics", args=[meeting.pk]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment")
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == at(2022, 4, 5, 14)
    operations.cancel_meeting(None, meeting, "Trùng lịch")
    response = client.get(reverse("meeting_ics", args=[meeting.pk]))
    assert icalendar.Calendar.from_ical(response.content)["METHOD"] == "CANCEL"


# Minutes and outcomes ----------------------------------------------------------------------------------------------


def test_the_minutes_page_writes_nothing_on_get(client, tree):
    meeting = make_meeting(tree.a1, at(2022, 4, 5, 14))
    client.force_login(make_user("secretary", tree.a1))
    response = client.get(reverse("meeting_minutes", args=[meeting.pk]))
    assert response.status_code == 200
    assert 'id="draft-minutes"' in response.text
    assert not Minutes.objects.exists()


def test_the_minutes_are_drafted_edited_and_approved(client, tree):
    meeting = make_meeting(tree.a1, at(2022, 4, 5, 14))
    client.force_login(make_user("secretary", tree.a1))
    url = reverse("meeting_minutes", args=[meeting.pk])
    assert client.post(url, {"action": "draft"}).status_code == 302
    assert meeting.title in Minutes.objects.get().content
    response = client.post(url, {"content": "Chi bộ đã thảo luận.", "conclusions": "Giao chi ủy."})
    assert response.status_code == 302
    assert Minutes.objects.get().conclusions == "Giao chi ủy."
    assert client.post(reverse("meeting_minutes_approve", args=[meeting.pk])).status_code == 302
    assert Meeting.objects.get().state == "held"
    response = client.post(url, {"content": "Sửa sau khi duyệt."})
    assert response.status_code == 422
    assert Minutes.objects.get().content == "Chi bộ đã thảo luận."


def test_minutes_of_a_future_meeting_cannot_be_approved(client, tree):
    meeting = make_meeting(tree.a1, timezone.now() + timedelta(days=3))
    operations.save_minutes(None, meeting)
    client.force_login(make_user("secretary", tree.a1))
    response = client.post(reverse("meeting_minutes_approve", args=[meeting.pk]))
    assert response.status_code == 422
    assert Minutes.objects.get().state == "draft"


def test_a_conclusion_becomes_a_task_of_the_unit(client, tree):
    meeting = make_meeting(tree.a1, at(2022, 4, 5, 14))
    client.force_login(make_user("secretary", tree.a1))
    response = client.post(
        reverse("meeting_outcome_task", args=[meeting.pk]),
        {"title": "Rà soát hồ sơ đảng viên", "deadline": "30/06/2022", "description": ""},
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get()
    assert outcome.task.owner_unit == tree.a1
    assert outcome.task.deadline == date(2022, 6, 30)
    response = client.get(reverse("meeting_detail", args=[meeting.pk]))
    assert reverse("task_detail", args=[outcome.task_id]) in response.text


def test_a_task_without_a_title_is_refused(client, tree):
    meeting = make_meeting(tree.a1, at(2022, 4, 5, 14))
    client.force_login(make_user("secretary", tree.a1))
    response = client.post(reverse("meeting_outcome_task", args=[meeting.pk]), {"title": ""})
    assert response.status_code == 422
    assert not Outcome.objects.exists()


def test_the_resolution_is_registered_from_the_meeting(client, tree):
    meeting = make_meeting(tree.a, at(2022, 4, 13, 8), kind="executive_conference")
    client.force_login(make_user("office", tree.a))
    response = client.post(
        reverse("meeting_outcome_document", args=[meeting.pk]),
        {"type": "resolution", "number": "12", "symbol": "NQ/ĐU", "issued_on": "13/04/2022", "subject": "về nhiệm vụ"},
    )
    assert response.status_code == 302
    assert Outcome.objects.get().document.issuer_unit == tree.a


def test_members_check_in_at_a_remote_site_and_the_page_counts_each_site(client):
    tree = Tree()
    an = make_member(tree.a1, "Nguyễn Văn An")
    meeting = make_meeting(
        tree.a,
        kind="online_conference",
        starts_at=timezone.now() - timedelta(minutes=5),
        place="",
        online=True,
        sites=[tree.a1, tree.a2],
    )
    operations.invite(None, meeting, [an])
    site = meeting.sites.get(unit=tree.a1)
    client.force_login(make_user("member", tree.a1, member=an))
    url = f"/meetings/{meeting.pk}/check-in/{meeting.check_in_token}/"
    assert client.post(url, {"site": site.pk}).status_code == 302
    assert Invitation.objects.get(meeting=meeting, member=an).site == site
    client.force_login(make_user("secretary", tree.a))
    page = client.get(f"/meetings/{meeting.pk}/")
    assert f'data-site="{site.pk}">' in page.text
    assert [count for s, count in page.context["sites"]] == [0, 1, 0]
