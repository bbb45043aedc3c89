"""What every meeting page shares: the page context, the lookup of a visible meeting, the organiser's gate, and
the files the pages send (the list as .xlsx, the check-in QR code as SVG)."""

import io

import segno
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from openpyxl import Workbook

from dangvu.access.roles import Action
from dangvu.access.scoping import can, has_any
from dangvu.documents.models import Document
from dangvu.meetings.forms import LOCAL_ZONE
from dangvu.meetings.models import AgendaItem, Meeting
from dangvu.tracking.models import Task

STATE_BADGES = {"scheduled": "exempt", "held": "full", "cancelled": "closed"}
ATTENDANCE_BADGES = {"present": "full", "excused": "probationary", "absent": "overdue", "": ""}


def render_page(request, template: str, context: dict, status: int = 200):
    context = {
        "nav_section": "meetings",
        "state_badges": STATE_BADGES,
        "attendance_badges": ATTENDANCE_BADGES,
        **context,
    }
    return render(request, template, context, status=status)


def require_meetings(user) -> None:
    if not (has_any(user, Action.VIEW) or getattr(user, "member_id", None)):
        raise Http404


def visible_meeting(request, pk) -> Meeting:
    meetings = Meeting.objects.visible_to(request.user).select_related("unit", "chair", "secretary", "review_cycle")
    return get_object_or_404(meetings, pk=pk)


def organised_meeting(request, pk) -> Meeting:
    """A meeting the user organises (Action.CONVENE on its unit); any other is a 404."""
    meeting = visible_meeting(request, pk)
    if not can(request.user, Action.CONVENE, meeting.unit):
        raise Http404
    return meeting


def agenda_of(user, meeting: Meeting) -> list[AgendaItem]:
    """The agenda with the documents and tasks the user may open."""
    return list(
        meeting.agenda.select_related("presenter").prefetch_related(
            Prefetch("documents", queryset=Document.objects.visible_to(user)),
            Prefetch("tasks", queryset=Task.objects.visible_to(user)),
        )
    )


def meetings_workbook(meetings) -> bytes:
    """The meetings (with `unit` loaded) as an .xlsx, times in Vietnam's time."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Meetings"))
    sheet.append([_("Unit"), _("Kind"), _("Title"), _("Starts at"), _("Ends at"), _("Place"), _("State")])
    for meeting in meetings:
        sheet.append(
            [
                meeting.unit.name,
                meeting.get_kind_display(),
                meeting.title,
                meeting.starts_at.astimezone(LOCAL_ZONE).replace(tzinfo=None),
                meeting.ends_at.astimezone(LOCAL_ZONE).replace(tzinfo=None),
                meeting.place or meeting.online_url,
                meeting.get_state_display(),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def check_in_qr(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=8, border=2, xmldecl=False)
    return buffer.getvalue()
