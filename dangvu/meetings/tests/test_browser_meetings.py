"""The acceptance scenario of issue 5, clicked through as a cell secretary and two members on their phones would."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from dangvu.access.tests.factories import make_user
from dangvu.meetings.models import Invitation, Meeting, Minutes, Outcome
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page, user, login):
    page.context.clear_cookies()
    login(page, user)


def _next_minute():
    """The next whole minute in local time: the form takes HH:MM, and the meeting must have begun for its
    minutes to be approved, so it starts within the minute."""
    now = timezone.localtime()
    return (now + timedelta(minutes=1)).replace(second=0, microsecond=0)


def _schedule(page, live_server, tree, starts) -> Meeting:
    ends = starts + timedelta(hours=2)
    page.goto(f"{live_server.url}/meetings/")
    page.click("#new-meeting")
    page.select_option("select[name=unit]", str(tree.a1.pk))
    page.select_option("select[name=kind]", "regular_cell")
    page.fill("input[name=title]", "Sinh hoạt chi bộ thường kỳ")
    page.fill("input[name=day]", starts.strftime("%d/%m/%Y"))
    page.fill("input[name=start_time]", starts.strftime("%H:%M"))
    page.fill("input[name=end_time]", ends.strftime("%H:%M"))
    page.fill("input[name=end_day]", ends.strftime("%d/%m/%Y"))
    page.fill("input[name=place]", "Phòng họp tầng 2, Văn phòng Tỉnh ủy")
    page.click("main form#meeting-form button[type=submit]")
    page.wait_for_url("**/meetings/*/")
    return Meeting.objects.get()


def _record(page, member, attendance: str, reason: str = "") -> None:
    row = page.locator(f"#attendance tr[data-member='{member.pk}']")
    row.locator("select[name=attendance]").select_option(attendance)
    row.locator("input[name=reason]").fill(reason)
    row.locator("button[type=submit]").click()
    page.wait_for_selector(f"#attendance tr[data-member='{member.pk}'][data-attendance='{attendance}']")


def test_a_cell_meeting_is_scheduled_attended_from_phones_minuted_and_followed_up(
    page, phone_page, live_server, login, screenshot
):
    tree = Tree()
    own = make_member(tree.a1, "Nguyễn Thị Thu")
    first, second, third = (make_member(tree.a1, name) for name in ("Lê Văn Bình", "Trần Thị Cúc", "Phạm Văn Dũng"))
    make_member(tree.a2, "Hoàng Văn Em")  # another cell: not invited
    secretary = make_user("secretary", tree.a1, member=own)
    phones = [make_user("member", tree.a1, member=m) for m in (first, second)]

    # The secretary schedules the meeting and invites the whole cell.
    login(page, secretary)
    meeting = _schedule(page, live_server, tree, _next_minute())
    page.check("#invite-form input[name=who][value=unit]")
    page.click("#invite-form button[type=submit]")
    page.wait_for_selector("#attendance tr[data-member]")
    assert set(Invitation.objects.filter(meeting=meeting).values_list("member_id", flat=True)) == {
        own.pk,
        first.pk,
        second.pk,
        third.pk,
    }

    # Two members check in from their phones with the QR code's address.
    check_in = f"{live_server.url}/meetings/{meeting.pk}/check-in/{meeting.check_in_token}/"
    for user in phones:
        _as(phone_page, user, login)
        phone_page.goto(check_in)
        if user is phones[0]:
            screenshot(phone_page, "meetings-phone-check-in")
        phone_page.click("#check-in-button")
        phone_page.wait_for_selector("#checked-in")
    screenshot(phone_page, "meetings-phone-checked-in")
    phone_page.goto(f"{live_server.url}/meetings/")
    assert phone_page.locator(f"[data-meeting='{meeting.pk}']").is_visible()
    screenshot(phone_page, "meetings-phone-list")
    assert set(
        Invitation.objects.filter(meeting=meeting, attendance="present").values_list("member_id", flat=True)
    ) == {
        first.pk,
        second.pk,
    }

    # The secretary marks herself present and a third member excused, with the reason: the quorum is reached.
    page.reload()
    _record(page, own, "present")
    _record(page, third, "excused", "Đi công tác tại Hà Nội")
    assert page.locator("#quorum").get_attribute("data-quorum") == "yes"
    assert page.locator("#quorum").get_attribute("data-present") == "3"
    excused = Invitation.objects.get(meeting=meeting, member=third)
    assert (excused.attendance, excused.reason) == ("excused", "Đi công tác tại Hà Nội")
    page.click("#check-in-code summary")
    screenshot(page, "meetings-desktop-attendance")

    # She drafts, edits and approves the minutes once the meeting has begun.
    page.click("#edit-minutes")
    page.click("#draft-minutes")
    page.wait_for_selector("#minutes-form")
    page.fill("textarea[name=conclusions]", "Giao chi ủy rà soát hồ sơ đảng viên trước ngày 30.")
    page.click("#save-minutes")
    page.wait_for_selector("#minutes-form")
    assert "Phạm Văn Dũng (Đi công tác tại Hà Nội)" in Minutes.objects.get(meeting=meeting).content
    time.sleep(max(0.0, (meeting.starts_at - timezone.now()).total_seconds() + 1))
    page.click("#approve-minutes")
    page.wait_for_selector("#minutes-state[data-state=approved]")

    # One conclusion becomes a task of the cell.
    page.click("#outcome-task > summary")
    page.fill("#outcome-task-form textarea[name=title]", "Rà soát hồ sơ đảng viên của chi bộ")
    page.fill(
        "#outcome-task-form input[name=deadline]", (timezone.localdate() + timedelta(days=30)).strftime("%d/%m/%Y")
    )
    page.click("#outcome-task-form button[type=submit]")
    page.wait_for_selector("#outcomes [data-task]")
    outcome = Outcome.objects.get(meeting=meeting)
    assert outcome.task.owner_unit == tree.a1
    screenshot(page, "meetings-desktop-held")

    # The meeting counts as held for the cell's compliance, with its attendance.
    assert Meeting.objects.get(pk=meeting.pk).state == "held"
    page.goto(f"{live_server.url}/meetings/compliance/?unit={tree.a1.pk}&cell={tree.a1.pk}")
    held = page.locator(f"#cell-meetings tr[data-meeting='{meeting.pk}']")
    assert held.is_visible()
    assert "3/4" in held.inner_text()
    screenshot(page, "meetings-desktop-compliance")
