"""Reminders, event notices, the daily digest, the background task and the notifications page."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.tasks import TaskResultStatus, task_backends
from django.tasks.backends.immediate import ImmediateBackend
from django.test import Client

from dangvu.access.roles import Role
from dangvu.access.scoping import today
from dangvu.access.tests.factories import make_user
from dangvu.core import budgets
from dangvu.core.periods import Quarter
from dangvu.tracking import notifications, operations
from dangvu.tracking.models import Notification, NotificationKind
from dangvu.tracking.tasks import daily_reminders
from dangvu.tracking.tests.factories import make_assignment, make_task
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db

Q2 = Quarter(2022, 2)
WEEK_BEFORE = date(2022, 6, 25)  # five days before the 30/06/2022 deadline
AFTER = date(2022, 7, 4)


class World:
    """The bloc gives a task to base committee A, which passes it on to cell A1; A2 has no account of its own."""

    def __init__(self) -> None:
        self.tree = Tree()
        self.office = make_user(Role.OFFICE, self.tree.bloc, email="vanphong@example.vn")
        self.secretary_a = make_user(Role.SECRETARY, self.tree.a, email="bithu.a@example.vn")
        self.secretary_a1 = make_user(Role.SECRETARY, self.tree.a1, email="bithu.a1@example.vn")
        self.secretary_b = make_user(Role.SECRETARY, self.tree.b, email="bithu.b@example.vn")
        self.task = make_task(self.tree.bloc, deadline=date(2022, 6, 30))
        self.to_a = make_assignment(self.task, self.tree.a)
        self.to_a1, self.to_a2 = operations.pass_on(
            None, self.to_a, [self.tree.a1, self.tree.a2], assigned_on=date(2022, 4, 20)
        )


@pytest.fixture
def world():
    return World()


def notices(user, kind=None) -> list[Notification]:
    found = Notification.objects.filter(user=user)
    return list(found.filter(kind=kind) if kind else found)


def test_a_deadline_within_a_week_is_noticed_once_however_often_reminders_run(world):
    created = notifications.remind(WEEK_BEFORE)
    assert notifications.remind(WEEK_BEFORE) == 0
    assert notifications.remind(WEEK_BEFORE + timedelta(days=1)) == 0
    (notice,) = notices(world.secretary_a1, NotificationKind.DEADLINE_SOON)
    assert notice.key == f"deadline_soon:{world.to_a1.pk}:2022-06-30"
    assert "30/06/2022" in notice.text
    assert notice.url == f"/tracking/assignments/{world.to_a1.pk}/"
    assert created == Notification.objects.count()


def test_a_unit_without_its_own_account_is_reminded_through_the_unit_above(world):
    notifications.remind(WEEK_BEFORE)
    keys = {n.key for n in notices(world.secretary_a, NotificationKind.DEADLINE_SOON)}
    # A's own assignment, and A2's (no account there); A1 has its own secretary.
    assert keys == {f"deadline_soon:{world.to_a.pk}:2022-06-30", f"deadline_soon:{world.to_a2.pk}:2022-06-30"}


def test_no_reminder_for_other_units_far_deadlines_or_finished_work(world):
    operations.submit_report(None, world.to_a1, Q2, percent=100, completed_on=date(2022, 6, 20))
    operations.review_report(None, world.to_a1.reports.get(), accept=True)
    make_assignment(make_task(world.tree.bloc, title="Sơ kết 6 tháng"), world.tree.b, deadline=date(2022, 8, 31))
    notifications.remind(WEEK_BEFORE)
    assert notices(world.secretary_b) == []
    assert notices(world.secretary_a1) == []
    assert notices(world.office) == []


def test_an_overdue_assignment_tells_the_unit_and_the_unit_that_assigned_it(world):
    notifications.remind(AFTER)
    assert [n.key for n in notices(world.secretary_a1, NotificationKind.OVERDUE)] == [
        f"overdue:{world.to_a1.pk}:2022-06-30"
    ]
    assert {n.key for n in notices(world.secretary_a, NotificationKind.OVERDUE)} == {
        f"overdue:{world.to_a.pk}:2022-06-30",
        f"overdue:{world.to_a1.pk}:2022-06-30",
        f"overdue:{world.to_a2.pk}:2022-06-30",
    }
    assert [n.key for n in notices(world.office, NotificationKind.OVERDUE)] == [f"overdue:{world.to_a.pk}:2022-06-30"]
    assert notices(world.secretary_b) == []


def test_a_moved_deadline_is_noticed_again(world):
    notifications.remind(AFTER)
    operations.reschedule(None, world.to_a1, date(2022, 7, 10), reason="Chờ hướng dẫn")
    notifications.remind(AFTER)
    assert {n.key for n in notices(world.secretary_a1)} == {
        f"overdue:{world.to_a1.pk}:2022-06-30",
        f"deadline_soon:{world.to_a1.pk}:2022-07-10",
    }


def test_units_that_have_not_reported_are_reminded_before_the_reporting_deadline(world):
    operations.open_cycle(None, world.tree.a, Q2, reporting_deadline=date(2022, 7, 5))
    operations.submit_report(None, world.to_a1, Q2, percent=60)
    assert notifications.remind(date(2022, 7, 2)) > 0
    assert notices(world.secretary_a1, NotificationKind.REPORT_DUE) == []
    (due,) = notices(world.secretary_a, NotificationKind.REPORT_DUE)
    assert due.key == f"report_due:{world.to_a2.pk}:2022-Q2"
    assert "05/07/2022" in due.text


def test_no_report_reminder_long_before_the_reporting_deadline(world):
    operations.open_cycle(None, world.tree.a, Q2, reporting_deadline=date(2022, 7, 5))
    notifications.remind(date(2022, 6, 28))
    assert not Notification.objects.filter(kind=NotificationKind.REPORT_DUE).exists()


def test_a_submitted_report_is_noticed_by_the_reviewing_unit_and_a_returned_one_by_the_reporters(world):
    report = operations.submit_report(world.secretary_a1, world.to_a1, Q2, percent=50)
    (to_review,) = notices(world.secretary_a, NotificationKind.REPORT_SUBMITTED)
    assert to_review.url == f"/tracking/assignments/{world.to_a1.pk}/"
    assert notifications.report_submitted(report) == 0  # the operation has told them already, once
    report = operations.review_report(world.secretary_a, report, accept=False, comment="Bổ sung số liệu")
    (returned,) = notices(world.secretary_a1, NotificationKind.REPORT_RETURNED)
    assert "Bổ sung số liệu" in returned.text
    assert notices(world.office) == []


def test_nobody_without_pending_notices_gets_a_digest(world):
    notifications.remind(WEEK_BEFORE)
    notifications.mark_read(world.secretary_a)
    assert notifications.send_digests(today()) == 1
    assert [message.to for message in mail.outbox] == [["bithu.a1@example.vn"]]


def test_the_digest_lists_every_pending_notice_and_marks_them_e_mailed(world):
    notifications.remind(AFTER)
    notifications.send_digests(today())
    (message,) = [m for m in mail.outbox if m.to == ["bithu.a@example.vn"]]
    pending = notices(world.secretary_a)
    assert len(pending) == 3
    assert all(notice.text in message.body for notice in pending)
    assert all(notice.emailed_at is not None for notice in pending)


def test_at_most_one_digest_a_day_per_person(world):
    notifications.remind(WEEK_BEFORE)
    day = today()
    assert notifications.send_digests(day) == 2  # A and A1
    notifications.remind(AFTER)  # new overdue notices the same day: only the bloc's office has had none yet
    assert notifications.send_digests(day) == 1
    assert [message.to for message in mail.outbox[2:]] == [["vanphong@example.vn"]]
    assert notifications.send_digests(day + timedelta(days=1)) == 2  # A and A1 the next day


def test_a_user_without_an_e_mail_address_has_the_notices_in_the_app_only(world):
    quiet = make_user(Role.SECRETARY, world.tree.a2)
    notifications.remind(WEEK_BEFORE)
    notifications.send_digests(today())
    assert len(notices(quiet)) == 1
    assert all("" not in m.to for m in mail.outbox)
    assert Notification.objects.get(user=quiet).emailed_at is None


def test_the_daily_task_runs_without_a_worker_in_development(world):
    assert isinstance(task_backends["default"], ImmediateBackend)
    result = daily_reminders.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    # Today every 2022 assignment is long overdue: A1, A (for itself, A1 and A2) and the bloc's office are told.
    assert result.return_value == {"day": today().isoformat(), "notices": 5, "digests": 3}


def test_the_command_queues_the_daily_reminders(world, capsys):
    call_command("send_reminders")
    assert f"{today().isoformat()}: 5 " in capsys.readouterr().out
    assert Notification.objects.count() == 5
    assert len(mail.outbox) == 3


def test_the_page_lists_only_the_users_own_notices_unread_first(world, django_assert_max_num_queries):
    notifications.remind(WEEK_BEFORE)
    notifications.remind(AFTER)
    client = Client()
    client.force_login(world.secretary_a1)
    own = notices(world.secretary_a1)
    read = own[-1]
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    with django_assert_max_num_queries(budgets.NOTIFICATIONS):
        response = client.get("/tracking/notifications/")
    assert response.status_code == 200
    html = response.content.decode()
    for notice in Notification.objects.exclude(user=world.secretary_a1):
        assert f'data-notification="{notice.pk}"' not in html
    positions = {n.pk: html.index(f'data-notification="{n.pk}"') for n in own}
    assert max(positions[n.pk] for n in own if n.pk != read.pk) < positions[read.pk]
    assert 'id="mark-all-read"' in html


def test_mark_all_read_marks_only_the_users_own_notices(world):
    notifications.remind(AFTER)
    client = Client()
    client.force_login(world.secretary_a1)
    response = client.post("/tracking/notifications/", {"action": "mark_all_read"})
    assert response.status_code == 302
    assert notifications.unread_count(world.secretary_a1) == 0
    assert notifications.unread_count(world.secretary_a) == 3
    assert 'data-unread="0"' in client.get("/tracking/notifications/").content.decode()
