"""The .ics invitations parse with icalendar and carry Vietnam's time."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from dangvu.meetings import operations
from dangvu.meetings.calendar import ics
from dangvu.meetings.tests.factories import at, make_meeting
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


def _event(data: bytes):
    calendar = Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_an_invitation_carries_the_time_in_asia_ho_chi_minh():
    meeting = make_meeting(Tree().a1, starts_at=at(2022, 4, 13, 8, 0), title="Hội nghị Ban Chấp hành lần thứ 8")
    calendar, event = _event(ics(meeting))
    start = event.decoded("dtstart")
    assert start.tzinfo.key == "Asia/Ho_Chi_Minh" if hasattr(start.tzinfo, "key") else str(start.tzinfo)
    assert (start.hour, start.minute) == (8, 0)
    assert start.astimezone(ZoneInfo("UTC")).hour == 1  # 08:00 in Vietnam is 01:00 UTC
    assert event.decoded("dtend") - start == timedelta(hours=2)
    assert str(event["summary"]) == "Hội nghị Ban Chấp hành lần thứ 8"
    assert str(calendar["method"]) == "REQUEST"
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Asia/Ho_Chi_Minh"
    assert str(event["uid"]) == f"{meeting.uid}@dangvu"


def test_an_update_keeps_the_uid_and_raises_the_sequence_and_a_cancellation_says_so():
    meeting = make_meeting(Tree().a1)
    first = _event(ics(meeting))[1]
    operations.update_meeting(None, meeting, starts_at=at(2022, 4, 6, 14), ends_at=at(2022, 4, 6, 16))
    _calendar, moved = _event(ics(meeting))
    assert moved["uid"] == first["uid"] and int(moved["sequence"]) == int(first["sequence"]) + 1
    assert moved.decoded("dtstart").day == 6
    operations.cancel_meeting(None, meeting, reason="Trùng lịch hội nghị của Đảng ủy Khối")
    calendar, cancelled = _event(ics(meeting, cancel=True))
    assert str(calendar["method"]) == "CANCEL" and str(cancelled["status"]) == "CANCELLED"


def test_an_online_meeting_links_its_video_room(settings):
    settings.DANGVU_VIDEO_URL_TEMPLATE = "https://hop.tuyenquang.dcs.vn/{uid}"
    meeting = make_meeting(Tree().bloc, kind="online_conference", place="", online=True)
    _calendar, event = _event(ics(meeting))
    assert str(event["url"]) == f"https://hop.tuyenquang.dcs.vn/{meeting.uid.hex}"
