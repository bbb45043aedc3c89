"""The demo's meetings of 2022: the bloc's 8th executive-committee conference (seed article), an online conference,
a year of cell meetings and the congresses of cells for 2022-2025.

The demo is loaded once for the package (`conftest.demo_output`).
"""

from collections import defaultdict
from datetime import date

import pytest
from django.utils import timezone

from dangvu.access.models import AuditEntry, User
from dangvu.meetings.models import (
    Attendance,
    Congress,
    CongressPlan,
    CongressStatus,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingState,
)
from dangvu.meetings.rules import compliance
from dangvu.units.models import Position, PositionRole, Unit

pytestmark = pytest.mark.django_db

YEAR_START, YEAR_END = date(2022, 1, 1), date(2022, 12, 31)


@pytest.fixture
def bloc(demo_output) -> Unit:
    return Unit.objects.get(code="DBK")


@pytest.fixture
def eighth(bloc) -> Meeting:
    return Meeting.objects.get(unit=bloc, kind=MeetingKind.EXECUTIVE_CONFERENCE, number=8)


def test_the_load_command_counts_the_meetings(demo_output):
    assert f"{Meeting.objects.count()} meetings" in demo_output


def test_the_8th_conference_is_numbered_in_the_bloc_term_on_13_april_2022(bloc, eighth):
    assert timezone.localtime(eighth.starts_at).date() == date(2022, 4, 13)
    assert eighth.term.name == "2020-2025" and eighth.state == MeetingState.HELD
    assert eighth.review_cycle.quarter == "2022-Q1"
    assert Position.objects.filter(term__unit=bloc, member=eighth.chair, role=PositionRole.SECRETARY).exists()
    earlier = Meeting.objects.filter(unit=bloc, kind=MeetingKind.EXECUTIVE_CONFERENCE, term=eighth.term)
    assert sorted(earlier.values_list("number", flat=True)) == list(range(1, 9))
    assert max(earlier.exclude(pk=eighth.pk).values_list("starts_at", flat=True)) < eighth.starts_at


def test_the_8th_conference_agenda_cites_the_four_documents(eighth):
    cited = {f"{d.number}-{d.symbol}" for item in eighth.agenda.all() for d in item.documents.all()}
    assert cited == {"21-KL/TW", "01-KL/TW", "05-CT/TW", "48-NQ/TU"}
    assert eighth.agenda.count() >= 5


def test_the_8th_conference_has_attendance_approved_minutes_and_a_task(bloc, eighth):
    invitations = list(eighth.invitations.all())
    assert len(invitations) >= 15
    excused = [i for i in invitations if i.attendance == Attendance.EXCUSED]
    assert 1 <= len(excused) <= 2 and all(i.reason for i in excused)
    assert all(i.attendance for i in invitations)
    assert eighth.minutes.is_approved and "21-KL/TW" in eighth.minutes.conclusions
    (outcome,) = eighth.outcomes.exclude(task=None)
    assert outcome.task.owner_unit == bloc and "trực tuyến" in outcome.task.title


def test_an_online_conference_reaches_remote_sites(bloc):
    meeting = Meeting.objects.get(unit=bloc, kind=MeetingKind.ONLINE_CONFERENCE)
    assert meeting.online and meeting.sites.count() >= 3
    assert meeting.invitations.filter(site__isnull=False).exists()


def test_cells_met_through_2022_and_one_missed_a_month(demo_output):
    held = defaultdict(list)
    rows = Meeting.objects.filter(kind__in=[MeetingKind.REGULAR_CELL, MeetingKind.THEMATIC_CELL])
    for unit_id, kind, starts_at in rows.values_list("unit_id", "kind", "starts_at"):
        held[unit_id].append((kind, timezone.localtime(starts_at).date()))
    assert len(held) >= 4
    results = [compliance(meetings, YEAR_START, YEAR_END, date(2023, 1, 15)) for meetings in held.values()]
    assert all(result.months_due == 12 for result in results)
    assert any(result.missed_months for result in results)
    assert sum(12 - len(result.missed_months) for result in results) >= 10 * len(results)


def test_cell_members_mostly_attend_and_most_minutes_are_approved(demo_output):
    invitations = Invitation.objects.filter(meeting__kind=MeetingKind.REGULAR_CELL)
    present = invitations.filter(attendance=Attendance.PRESENT).count()
    assert present > 0.8 * invitations.count()
    assert not invitations.filter(attendance=Attendance.EXCUSED, reason="").exists()
    meetings = Meeting.objects.filter(kind=MeetingKind.REGULAR_CELL)
    approved = meetings.filter(minutes__state="approved").count()
    assert 0.75 * meetings.count() <= approved < meetings.count()


def test_the_congress_plans_mix_statuses_and_seat_the_elected_committees(demo_output):
    plans = CongressPlan.objects.filter(term_name="2022-2025")
    assert plans.exists() and all("2022-2025" in plan.title for plan in plans)
    congresses = Congress.objects.filter(plan__in=plans).select_related("unit", "meeting")
    assert {CongressStatus.PLANNED, CongressStatus.PREPARING} <= {c.status for c in congresses}
    done = [c for c in congresses if c.status in {CongressStatus.HELD, CongressStatus.APPROVED}]
    assert done
    for congress in done:
        assert congress.meeting.kind == MeetingKind.CONGRESS and congress.planned_on < date(2022, 5, 1)
        seats = Position.objects.filter(term__unit=congress.unit, term__name="2022-2025")
        assert seats.filter(role=PositionRole.SECRETARY).exists()


def test_meeting_events_carry_the_times_of_2022(demo_output):
    """All but the one upcoming meeting, scheduled on the day the demo is loaded."""
    entries = AuditEntry.objects.filter(object_type="meetings.meeting")
    years = [timezone.localtime(entry.at).year for entry in entries]
    assert sum(1 for year in years if year not in {2020, 2021, 2022}) == 3  # scheduled, agenda set, invitations sent


def test_the_demo_member_sees_the_next_meeting_of_the_cell_with_its_documents(demo_output):
    member = User.objects.get(username="dangvien")
    upcoming = Meeting.objects.visible_to(member).filter(starts_at__gt=timezone.now())
    (meeting,) = upcoming
    assert meeting.invitations.filter(member_id=member.member_id).exists()
    assert meeting.agenda.filter(documents__number="48").exists()
