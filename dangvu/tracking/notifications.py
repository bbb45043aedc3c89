"""Reminders and notices: the in-app notifications of tracking, and the daily e-mail digest of them.

This module is the only code that writes `Notification` rows. `remind` (run daily by `tasks.daily_reminders`)
notices deadlines coming up, overdue assignments and reports due; `report_submitted` and `report_returned` are
called by the report operations. Each notice has a `key` naming what it is about and when, so running a reminder
twice creates it once. `send_digests` e-mails each person at most once a day, and only about what is still unread.

Who is told: the users holding the right role over the unit concerned through a grant on that unit or, if nobody
holds one there, on its nearest unit above — the secretary of the cell, else of the base committee above it.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dangvu.access.models import Grant, User
from dangvu.access.roles import PERMISSIONS, Action
from dangvu.access.scoping import today as current_day
from dangvu.tracking.models import (
    Assignment,
    CycleState,
    Notification,
    NotificationKind,
    Report,
    ReviewCycle,
)
from dangvu.tracking.queries import assignments_in, expects_report_q

logger = logging.getLogger(__name__)

# How far ahead a unit is reminded of an assignment's deadline, and of the reporting deadline of a review.
DEADLINE_NOTICE_DAYS = 7
REPORT_NOTICE_DAYS = 3
# A digest lists at most this many notices; the rest are on the notifications page.
DIGEST_LIMIT = 50
_TEXT_LENGTH = Notification._meta.get_field("text").max_length


def _paths_up(path: str) -> list[str]:
    """The materialized paths of a unit and of every unit above it, top first ('1.4.9.' -> '1.', '1.4.', ...)."""
    return [path[: i + 1] for i, ch in enumerate(path) if ch == "."]


class Holders:
    """Who holds `action` through an active grant, by unit path; `nearest` picks those closest above a unit."""

    def __init__(self, day: date, action: Action, paths: Iterable[str] | None = None) -> None:
        grants = Grant.objects.active_on(day).filter(role__in=PERMISSIONS[action], user__is_active=True)
        if paths is not None:
            grants = grants.filter(unit__path__in=list(paths))
        self._by_path: dict[str, set[int]] = defaultdict(set)
        for path, user_id in grants.values_list("unit__path", "user_id"):
            self._by_path[path].add(user_id)

    def nearest(self, unit) -> set[int]:
        for path in reversed(_paths_up(unit.path)):
            if path in self._by_path:
                return set(self._by_path[path])
        return set()


def _day(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _about(assignment: Assignment) -> dict:
    return {"task": Truncator(assignment.task.title).chars(200), "unit": assignment.unit.name}


def _url(assignment: Assignment) -> str:
    return reverse("assignment_detail", args=[assignment.pk])


class _Batch:
    """Notices to create, one per (user, key) however often the same one is added."""

    def __init__(self) -> None:
        self._rows: dict[tuple[int, str], Notification] = {}

    def add(self, users: Iterable[int], kind: str, key: str, text: str, url: str) -> None:
        text = Truncator(text).chars(_TEXT_LENGTH)
        for user_id in users:
            self._rows.setdefault((user_id, key), Notification(user_id=user_id, kind=kind, key=key, text=text, url=url))

    def save(self) -> int:
        """Create the notices not created before; how many were new."""
        rows = list(self._rows.values())
        existing: set[tuple[int, str]] = set()
        for start in range(0, len(rows), 500):
            keys = {row.key for row in rows[start : start + 500]}
            existing |= set(Notification.objects.filter(key__in=keys).values_list("user_id", "key"))
        fresh = [row for row in rows if (row.user_id, row.key) not in existing]
        # A reminder run at the same moment may have created some: the unique (user, key) keeps them single.
        Notification.objects.bulk_create(fresh, batch_size=500, ignore_conflicts=True)
        return len(fresh)


def remind(today: date) -> int:
    """Create the day's reminders; returns how many notices are new. Safe to run any number of times a day."""
    reporters = Holders(today, Action.REPORT)
    assigners = Holders(today, Action.ASSIGN)
    batch = _Batch()
    open_assignments = Assignment.objects.filter(
        completed_on__isnull=True, cancelled_on__isnull=True, task__cancelled_on__isnull=True, deadline__isnull=False
    ).select_related("task", "unit", "assigned_by")
    with translation.override(settings.LANGUAGE_CODE):
        soon = open_assignments.filter(deadline__gte=today, deadline__lte=today + timedelta(days=DEADLINE_NOTICE_DAYS))
        for assignment in soon:
            batch.add(
                reporters.nearest(assignment.unit),
                NotificationKind.DEADLINE_SOON,
                f"deadline_soon:{assignment.pk}:{assignment.deadline}",
                _("%(task)s — %(unit)s: due on %(day)s.") % {**_about(assignment), "day": _day(assignment.deadline)},
                _url(assignment),
            )
        for assignment in open_assignments.filter(deadline__lt=today):
            batch.add(
                reporters.nearest(assignment.unit) | assigners.nearest(assignment.assigned_by),
                NotificationKind.OVERDUE,
                f"overdue:{assignment.pk}:{assignment.deadline}",
                _("%(task)s — %(unit)s: overdue since %(day)s.")
                % {**_about(assignment), "day": _day(assignment.deadline)},
                _url(assignment),
            )
        _remind_reports(today, reporters, batch)
    return batch.save()


def _remind_reports(today: date, reporters: Holders, batch: _Batch) -> None:
    """Units below a review that is open for reports, due within a few days, and have not reported yet."""
    cycles = ReviewCycle.objects.filter(
        state=CycleState.OPEN,
        reporting_deadline__gte=today,
        reporting_deadline__lte=today + timedelta(days=REPORT_NOTICE_DAYS),
    ).select_related("unit")
    for cycle in cycles:
        quarter = cycle.quarter_obj
        missing = (
            assignments_in(cycle.unit)
            .exclude(unit=cycle.unit)
            .filter(expects_report_q(quarter), cancelled_on__isnull=True, task__cancelled_on__isnull=True)
            .exclude(reports__quarter=cycle.quarter)
            .select_related("task", "unit")
        )
        for assignment in missing:
            batch.add(
                reporters.nearest(assignment.unit),
                NotificationKind.REPORT_DUE,
                f"report_due:{assignment.pk}:{cycle.quarter}",
                _("Report on %(task)s — %(unit)s for %(quarter)s is due by %(day)s.")
                % {**_about(assignment), "quarter": quarter.label, "day": _day(cycle.reporting_deadline)},
                _url(assignment),
            )


def report_submitted(report: Report) -> int:
    """Tell the unit that assigned the task that a report waits for its review (call after `submit_report`)."""
    assignment = report.assignment
    reviewers = Holders(current_day(), Action.ASSIGN, _paths_up(assignment.assigned_by.path))
    batch = _Batch()
    with translation.override(settings.LANGUAGE_CODE):
        batch.add(
            reviewers.nearest(assignment.assigned_by) - {report.submitted_by_id},
            NotificationKind.REPORT_SUBMITTED,
            f"report_submitted:{report.pk}:{report.submitted_at.isoformat()}",
            _("%(unit)s reported on %(task)s for %(quarter)s: waiting for your review.")
            % {**_about(assignment), "quarter": report.quarter_label},
            _url(assignment),
        )
    return batch.save()


def report_returned(report: Report) -> int:
    """Tell the reporting unit, and who submitted, that its report came back with a comment (after
    `review_report` returned it)."""
    assignment = report.assignment
    reporters = Holders(current_day(), Action.REPORT, _paths_up(assignment.unit.path))
    users = reporters.nearest(assignment.unit)
    if report.submitted_by_id and report.submitted_by.is_active:
        users.add(report.submitted_by_id)
    batch = _Batch()
    with translation.override(settings.LANGUAGE_CODE):
        batch.add(
            users - {report.reviewed_by_id},
            NotificationKind.REPORT_RETURNED,
            f"report_returned:{report.pk}:{report.reviewed_at.isoformat()}",
            _("%(reviewer)s returned the report on %(task)s for %(quarter)s: %(comment)s")
            % {
                **_about(assignment),
                "reviewer": assignment.assigned_by.name,
                "quarter": report.quarter_label,
                "comment": report.review_comment,
            },
            _url(assignment),
        )
    return batch.save()


# Reading and marking ------------------------------------------------------------------------------------------------


def notify_meeting(meeting, members: Iterable, *, update: bool = False, cancel: bool = False) -> int:
    """Tell the accounts of invited members about a meeting, its change or its cancellation (one notice each)."""
    member_ids = [member.pk for member in members]
    users = User.objects.filter(member_id__in=member_ids, is_active=True).values_list("pk", flat=True)
    when = date_format(timezone.localtime(meeting.starts_at), "SHORT_DATETIME_FORMAT")
    with translation.override(settings.LANGUAGE_CODE):
        if cancel:
            text = _("Cancelled: %(title)s (%(when)s).")
        elif update:
            text = _("Changed: %(title)s, now %(when)s.")
        else:
            text = _("Invitation: %(title)s, %(when)s.")
        batch = _Batch()
        batch.add(
            users,
            NotificationKind.MEETING,
            f"meeting:{meeting.pk}:{meeting.sequence}",
            text % {"title": meeting.title, "when": when},
            reverse("meeting_detail", args=[meeting.pk]),
        )
    return batch.save()


def for_user(user) -> QuerySet:
    """The user's own notices, unread first, newest first."""
    unread_first = Case(When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField())
    return Notification.objects.filter(user=user).order_by(unread_first, "-created_at", "-id")


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user) -> int:
    """Mark all the user's notices read; returns how many were unread."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


# The daily digest ---------------------------------------------------------------------------------------------------


def _digest(user, notices: list[Notification]) -> EmailMessage:
    # Users have no language preference of their own yet: the digest is in the site's language (Vietnamese).
    with translation.override(settings.LANGUAGE_CODE):
        count = len(notices)
        subject = ngettext("%(count)s new notice", "%(count)s new notices", count) % {"count": count}
        lines = [_("Hello %(name)s,") % {"name": user}, "", _("These notices are waiting for you:"), ""]
        lines += [f"- {notice.text}" for notice in notices[:DIGEST_LIMIT]]
        if count > DIGEST_LIMIT:
            lines.append(_("… and %(count)s more.") % {"count": count - DIGEST_LIMIT})
        lines += ["", _("Open Notifications in dangvu to see them and mark them read.")]
    return EmailMessage(subject=subject, body="\n".join(lines), to=[user.email])


def send_digests(today: date) -> int:
    """E-mail each person with unread notices not e-mailed before one digest listing them, unless they already had
    one `today`; returns how many were sent. Users without an e-mail address keep the notices in the app only."""
    already = set(Notification.objects.filter(emailed_at__date=today).values_list("user_id", flat=True))
    pending = (
        Notification.objects.filter(read_at__isnull=True, emailed_at__isnull=True, user__is_active=True)
        .exclude(user__email="")
        .exclude(user_id__in=already)
        .select_related("user")
        .order_by("user_id", "created_at", "id")
    )
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for notice in pending:
        by_user[notice.user_id].append(notice)
    sent = 0
    for notices in by_user.values():
        user = notices[0].user
        try:
            _digest(user, notices).send()
        except OSError:
            # Left unmarked, so the next run tries again.
            logger.exception("could not e-mail the digest to user %s", user.pk)
            continue
        Notification.objects.filter(pk__in=[n.pk for n in notices]).update(emailed_at=timezone.now())
        sent += 1
    return sent
