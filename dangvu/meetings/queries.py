"""Read-only figures of cell meetings: which cells held their monthly regular and quarterly thematic meetings
(rules.md §7), and how many of those invited came, per cell and per member.

A meeting counts as held when it was not cancelled and its start is past: secretaries often leave a meeting
"scheduled" after it took place, and an uncancelled meeting whose time has come is the best evidence available.
Every function runs a fixed number of queries whatever the number of cells.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from dangvu.meetings import rules
from dangvu.meetings.models import CELL_MEETING_KINDS, Attendance, Invitation, Meeting, MeetingState
from dangvu.units.models import CELL_KINDS, Unit


@dataclass(frozen=True)
class Period:
    """The days looked at: a calendar year, cut at today for what is already due."""

    start: date
    end: date
    today: date

    @classmethod
    def year(cls, year: int, today: date) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31), today)

    def moments(self) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes in the current (Vietnam) time zone."""
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )


@dataclass
class CellRow:
    """One cell over the period: meetings held, what it missed, and the attendance at what it held."""

    unit: Unit
    compliance: rules.Compliance
    regular: int = 0
    thematic: int = 0
    invited: int = 0
    present: int = 0

    @property
    def rate(self) -> float | None:
        return rules.attendance_rate(self.present, self.invited)

    @property
    def ok(self) -> bool:
        return self.compliance.ok


@dataclass
class MemberRow:
    member_id: int
    full_name: str
    unit_id: int = 0
    invited: int = 0
    present: int = 0
    excused: int = 0
    absent: int = 0

    @property
    def rate(self) -> float | None:
        return rules.attendance_rate(self.present, self.invited)


@dataclass
class Report:
    period: Period
    cells: list[CellRow] = field(default_factory=list)

    @property
    def missing(self) -> list[CellRow]:
        return [row for row in self.cells if not row.ok]

    @property
    def invited(self) -> int:
        return sum(row.invited for row in self.cells)

    @property
    def present(self) -> int:
        return sum(row.present for row in self.cells)

    @property
    def rate(self) -> float | None:
        return rules.attendance_rate(self.present, self.invited)


def cells_in(user, unit: Unit) -> QuerySet:
    """Open cells and base cells in `unit`'s subtree (the unit itself included) that `user` sees."""
    return (
        Unit.objects.visible_to(user)
        .open()
        .filter(path__startswith=unit.path, kind__in=list(CELL_KINDS))
        .order_by("sort_key", "pk")
    )


def held_meetings(user, cells: QuerySet, period: Period) -> QuerySet:
    """Regular and thematic meetings of `cells` in the period, not cancelled and already started."""
    start, end = period.moments()
    return (
        Meeting.objects.visible_to(user)
        .filter(unit__in=cells, kind__in=list(CELL_MEETING_KINDS), starts_at__gte=start, starts_at__lt=end)
        .filter(starts_at__lt=timezone.now())
        .exclude(state=MeetingState.CANCELLED)
    )


def compliance_report(user, unit: Unit, period: Period) -> Report:
    """Every cell under `unit` with what it held and missed; cells that missed something first. Three queries."""
    cells = cells_in(user, unit)
    meetings = held_meetings(user, cells, period)
    held: dict[int, list[tuple[str, date]]] = defaultdict(list)
    for unit_id, kind, starts_at in meetings.values_list("unit_id", "kind", "starts_at"):
        held[unit_id].append((kind, timezone.localdate(starts_at)))
    attendance = {
        row["meeting__unit_id"]: row
        for row in Invitation.objects.filter(meeting__in=meetings)
        .values("meeting__unit_id")
        .annotate(invited=Count("pk"), present=Count("pk", filter=Q(attendance=Attendance.PRESENT)))
    }
    rows = []
    for cell in cells:
        # A cell set up during the year owes meetings only from its establishment.
        start = max(period.start, cell.established_on)
        found = held[cell.pk]
        counts = attendance.get(cell.pk, {})
        rows.append(
            CellRow(
                unit=cell,
                compliance=rules.compliance(found, start, period.end, period.today),
                regular=sum(1 for kind, _day in found if kind == rules.REGULAR),
                thematic=sum(1 for kind, _day in found if kind == rules.THEMATIC),
                invited=counts.get("invited", 0),
                present=counts.get("present", 0),
            )
        )
    rows.sort(key=lambda row: row.ok)  # stable: tree order within each group
    return Report(period, rows)


def cell_meetings(user, cell: Unit, period: Period) -> list[Meeting]:
    """The cell's held meetings in the period with their invitation and presence counts, latest first."""
    return list(
        held_meetings(user, Unit.objects.visible_to(user).filter(pk=cell.pk), period)
        .annotate(
            invited=Count("invitations"),
            present=Count("invitations", filter=Q(invitations__attendance=Attendance.PRESENT)),
        )
        .order_by("-starts_at")
    )


def member_attendance(user, cells: QuerySet, period: Period) -> list[MemberRow]:
    """Each member invited to the held meetings of `cells`: invited, present, excused, absent. One query."""
    rows = (
        Invitation.objects.filter(meeting__in=held_meetings(user, cells, period))
        .values("member_id", "member__full_name", "member__name_sort_key", "meeting__unit_id")
        .annotate(
            invited=Count("pk"),
            present=Count("pk", filter=Q(attendance=Attendance.PRESENT)),
            excused=Count("pk", filter=Q(attendance=Attendance.EXCUSED)),
            absent=Count("pk", filter=Q(attendance=Attendance.ABSENT)),
        )
        .order_by("meeting__unit_id", "member__name_sort_key", "member_id")
    )
    return [
        MemberRow(
            member_id=row["member_id"],
            full_name=row["member__full_name"],
            unit_id=row["meeting__unit_id"],
            invited=row["invited"],
            present=row["present"],
            excused=row["excused"],
            absent=row["absent"],
        )
        for row in rows
    ]
