"""Demo meetings of 2022: the bloc's 8th executive-committee conference, an online conference, a year of cell
meetings and the congresses of the cells under two base committees.

Báo Tuyên Quang (14-4-2022): on 13-4-2022 the bloc held the 8th conference of its executive committee (term
2020-2025): it reviewed the first quarter, set the second quarter's tasks — 21-KL/TW, 01-KL/TW on continuing
05-CT/TW, the programme implementing 48-NQ/TU on digital transformation, breakthrough tasks, online conferences, the
congresses of the cells under base committees for 2022-2025 — and handed out emulation flags and certificates of
merit. The earlier seven conferences of the term are there only so that the 8th is numbered as it was.

Cells meet every month and hold a thematic meeting every quarter (rules.md §7; in 2022 Hướng dẫn 12-HD/BTCTW 2018);
here some cells skip a month or a quarter's theme, as the compliance check should show. Every write goes through
`dangvu.meetings.operations` as the system, with the clock of `tracking.story_clock` set to the moment of the event.
"""

import random
from datetime import date, datetime, time, timedelta
from unittest import mock

from django.db.models import Count
from django.utils import timezone

from dangvu.documents.models import Document
from dangvu.meetings import operations
from dangvu.meetings.models import Attendance, CongressStatus, Meeting, MeetingKind
from dangvu.members.models import Member
from dangvu.members.rules import ACTIVE_STATUSES
from dangvu.units.models import PositionRole, Term, Unit
from dangvu.web.demo.committees import TERM_2022, Seats
from dangvu.web.demo.tracking import story_clock
from dangvu.web.demo.units import DemoTree

BLOC_HALL = "Hội trường Đảng ủy Khối"
CONFERENCE_8 = (date(2022, 4, 13), time(8), time(11, 30))
# The term's earlier conferences (dates of the 1st to the 7th).
EARLIER_CONFERENCES = (
    date(2020, 10, 20),
    date(2021, 1, 14),
    date(2021, 4, 15),
    date(2021, 7, 15),
    date(2021, 10, 14),
    date(2021, 12, 23),
    date(2022, 1, 18),
)
EXCUSED_REASONS = (
    "Đi công tác theo sự phân công của cơ quan",
    "Đi học lớp bồi dưỡng tập trung",
    "Nghỉ ốm",
    "Việc gia đình",
    "Trực cơ quan",
)
CITED = (("21", "KL/TW"), ("01", "KL/TW"), ("05", "CT/TW"), ("48", "NQ/TU"))
CONCLUSIONS_8 = (
    "Hội nghị thống nhất đánh giá kết quả thực hiện nhiệm vụ quý I năm 2022 và phương hướng, nhiệm vụ quý II năm "
    "2022. Giao Ban Thường vụ Đảng ủy Khối chỉ đạo tiếp tục thực hiện Kết luận số 21-KL/TW, Kết luận số 01-KL/TW "
    "về tiếp tục thực hiện Chỉ thị số 05-CT/TW, Chương trình hành động thực hiện Nghị quyết số 48-NQ/TU; ứng dụng "
    "công nghệ thông tin tổ chức hội nghị trực tuyến đến các chi, đảng bộ cơ sở; chỉ đạo, hướng dẫn đại hội chi bộ "
    "trực thuộc đảng ủy cơ sở nhiệm kỳ 2022-2025."
)
# Cell meetings: a regular one every month, a thematic one in each quarter's last month (chance of skipping each).
CELL_YEAR = 2022
MISSED_MONTH, MISSED_THEME = 0.06, 0.15
THEMES = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tinh thần trách nhiệm, nêu gương",
    "Quán triệt Kết luận số 21-KL/TW về xây dựng, chỉnh đốn Đảng; liên hệ trách nhiệm của đảng viên",
    "Chuyển đổi số trong hoạt động của chi bộ theo Nghị quyết số 48-NQ/TU",
    "Nâng cao chất lượng sinh hoạt chi bộ, kiểm điểm việc thực hiện nhiệm vụ được giao",
)
CONGRESS_PLAN = ("2022-2025", "Đại hội chi bộ trực thuộc nhiệm kỳ 2022-2025")


def _moment(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


class _Meetings:
    def __init__(self, rng: random.Random, tree: DemoTree, seats: Seats, clock: mock.Mock):
        self.rng, self.tree, self.seats, self.clock = rng, tree, seats, clock

    def _schedule(self, unit: Unit, starts_at: datetime, sites=(), **fields) -> Meeting:
        self.clock.return_value = starts_at - timedelta(days=self.rng.randint(5, 10))
        return operations.schedule_meeting(None, unit, sites=sites, starts_at=starts_at, **fields)

    def _attend(self, meeting: Meeting, members: list[Member], excused: int = 0, absent: int = 0, sites=()):
        """Everyone present except `excused` members (with a reason) and `absent` ones, at the meeting's end."""
        self.clock.return_value = meeting.ends_at
        missing = self.rng.sample(members, min(len(members), excused + absent))
        away = {m.pk: (Attendance.EXCUSED, self.rng.choice(EXCUSED_REASONS)) for m in missing[:excused]}
        away |= {m.pk: (Attendance.ABSENT, "") for m in missing[excused:]}
        for member in members:
            attendance, reason = away.get(member.pk, (Attendance.PRESENT, ""))
            site = self.rng.choice(sites) if sites and attendance == Attendance.PRESENT else None
            operations.record_attendance(None, meeting, member, attendance, reason, site)

    def _minutes(self, meeting: Meeting, conclusions: str = "", approve: bool = True):
        self.clock.return_value = meeting.ends_at + timedelta(minutes=30)
        minutes = operations.save_minutes(None, meeting, conclusions=conclusions)
        if approve:
            self.clock.return_value = meeting.ends_at + timedelta(days=self.rng.randint(1, 3))
            operations.approve_minutes(None, minutes)
        return minutes

    # The bloc --------------------------------------------------------------------------------------------------

    def conferences(self) -> Meeting:
        bloc = self.tree.bloc
        chair = self.seats.secretaries[bloc.code].member
        for number, day in enumerate(EARLIER_CONFERENCES, start=1):
            meeting = self._schedule(
                bloc,
                _moment(day, time(8)),
                kind=MeetingKind.EXECUTIVE_CONFERENCE,
                title=f"Hội nghị Ban Chấp hành Đảng bộ Khối lần thứ {number}, nhiệm kỳ 2020-2025",
                ends_at=_moment(day, time(11, 30)),
                place=BLOC_HALL,
                chair=chair,
            )
            self._minutes(meeting)
        return self._eighth(bloc, chair)

    def _eighth(self, bloc: Unit, chair: Member) -> Meeting:
        day, start, end = CONFERENCE_8
        leaders = [person.member for person in self.seats.holders[bloc.code]]
        meeting = self._schedule(
            bloc,
            _moment(day, start),
            kind=MeetingKind.EXECUTIVE_CONFERENCE,
            title="Hội nghị Ban Chấp hành Đảng bộ Khối lần thứ 8: đánh giá kết quả thực hiện nhiệm vụ quý I, "
            "triển khai nhiệm vụ quý II năm 2022",
            ends_at=_moment(day, end),
            place=BLOC_HALL,
            chair=chair,
            secretary=leaders[3],
            review_cycle=bloc.review_cycles.get(quarter="2022-Q1"),
        )
        cited = {(d.number, d.symbol): d for d in Document.objects.filter(number__in=["21", "01", "05", "48"])}
        documents = [cited[key] for key in CITED if key in cited]
        operations.set_agenda(
            None,
            meeting,
            [
                {
                    "title": "Báo cáo kết quả thực hiện nhiệm vụ quý I, phương hướng, nhiệm vụ quý II năm 2022",
                    "presenter": leaders[1],
                    "duration": 45,
                },
                {
                    "title": "Kết quả thực hiện Kết luận số 21-KL/TW, Kết luận số 01-KL/TW về tiếp tục thực hiện Chỉ "
                    "thị số 05-CT/TW và Nghị quyết số 48-NQ/TU",
                    "presenter": leaders[2],
                    "duration": 30,
                    "documents": documents,
                },
                {
                    "title": "Chương trình hành động thực hiện Nghị quyết số 48-NQ/TU về chuyển đổi số",
                    "presenter": leaders[2],
                    "duration": 30,
                    "documents": [d for d in documents if d.symbol == "NQ/TU"],
                },
                {"title": "Việc đột phá, đổi mới giao cán bộ lãnh đạo, quản lý", "presenter": chair, "duration": 20},
                {
                    "title": "Trao Cờ Thi đua của Ban Thường vụ Tỉnh ủy, Bằng khen, Giấy khen cho các tập thể, cá nhân "
                    "có thành tích xuất sắc năm 2021",
                    "presenter": leaders[1],
                    "duration": 25,
                },
            ],
        )
        committee = sorted(operations.invitees(committee_of=bloc, day=day), key=lambda m: m.pk)
        operations.invite(None, meeting, committee)
        self._attend(meeting, committee, excused=2)
        self._minutes(meeting, CONCLUSIONS_8)
        self.clock.return_value = _moment(day + timedelta(days=2), time(9))
        operations.task_from_meeting(
            None,
            meeting,
            title="Chỉ đạo tổ chức hội nghị trực tuyến đến các chi bộ",
            description="Kết luận Hội nghị Ban Chấp hành Đảng bộ Khối lần thứ 8 (13-4-2022).",
            deadline=date(2022, 6, 30),
        )
        return meeting

    def online_conference(self) -> Meeting:
        """The first online conference to the base committees' remote sites, as the 8th conference decided."""
        bloc = self.tree.bloc
        day = date(2022, 5, 19)
        codes = [code for code in ("VPTU", "VPUB", "SKH", "STT", "DHTT") if code in self.tree.base]
        sites = [self.tree.base[code] for code in codes]
        meeting = self._schedule(
            bloc,
            _moment(day, time(14)),
            sites=sites,
            kind=MeetingKind.ONLINE_CONFERENCE,
            title="Hội nghị trực tuyến quán triệt Chương trình hành động thực hiện Nghị quyết số 48-NQ/TU về chuyển "
            "đổi số",
            ends_at=_moment(day, time(16, 30)),
            place=BLOC_HALL,
            online=True,
            chair=self.seats.secretaries[bloc.code].member,
        )
        remote = {site.unit_id: site for site in meeting.sites.all()}
        self.clock.return_value = meeting.ends_at
        committee = sorted(operations.invitees(committee_of=bloc, day=day), key=lambda m: m.pk)
        secretaries = [self.seats.secretaries[code].member for code in codes]
        invited = committee + [m for m in secretaries if m not in committee]
        operations.invite(None, meeting, invited)
        for member in invited:
            site = next((remote[u.pk] for u in sites if member.unit.path.startswith(u.path)), None)
            operations.record_attendance(None, meeting, member, Attendance.PRESENT, "", site)
        self._minutes(meeting)
        return meeting

    # Cells ------------------------------------------------------------------------------------------------------

    def cell_year(self, cell: Unit, gap: int | None = None) -> None:
        """A year of meetings of `cell`; it skips month `gap`, and some months or themes by chance."""
        members = sorted(operations.invitees(units=[cell]), key=lambda m: m.pk)
        chair = self.seats.secretaries.get(cell.code)
        for month in range(1, 13):
            if month == gap or self.rng.random() < MISSED_MONTH:
                continue
            day = date(CELL_YEAR, month, self.rng.randint(3, 10))
            self._cell_meeting(cell, members, chair, MeetingKind.REGULAR_CELL, day, month)
            if month % 3 == 0 and self.rng.random() >= MISSED_THEME:
                day = date(CELL_YEAR, month, self.rng.randint(15, 25))
                self._cell_meeting(cell, members, chair, MeetingKind.THEMATIC_CELL, day, month)

    def _cell_meeting(self, cell: Unit, members, chair, kind: str, day: date, month: int) -> None:
        if kind == MeetingKind.REGULAR_CELL:
            title = f"Sinh hoạt chi bộ thường kỳ tháng {month}/{CELL_YEAR}"
        else:
            title = f"Sinh hoạt chuyên đề quý {month // 3}/{CELL_YEAR}: {THEMES[month // 3 - 1]}"
        meeting = self._schedule(
            cell,
            _moment(day, time(16)),
            kind=kind,
            title=title,
            ends_at=_moment(day, time(17, 30)),
            place="Phòng họp cơ quan",
            chair=chair.member if chair else None,
        )
        operations.invite(None, meeting, members)
        excused = self.rng.choice((0, 1, 1, 1, 2))
        absent = 1 if self.rng.random() < 0.05 else 0
        self._attend(meeting, members, excused=excused, absent=absent)
        self._minutes(meeting, approve=self.rng.random() < 0.9)

    # Congresses -------------------------------------------------------------------------------------------------

    def congresses(self, base: Unit, cells: list[Unit]) -> None:
        """The plan of `base` for its cells: half of them held in April (their committees take office on 1-5-2022),
        a quarter preparing for June, the rest still planned."""
        term_name, title = CONGRESS_PLAN
        _name, takes_office, term_ends = TERM_2022
        self.clock.return_value = _moment(date(2022, 3, 15), time(9))
        plan = operations.plan_congresses(None, base, term_name=term_name, title=title, units=cells)
        congresses = sorted(plan.congresses.select_related("unit"), key=lambda c: c.unit.code)
        for index, congress in enumerate(congresses):
            share = index / len(congresses)
            if share >= 0.75:
                continue  # still planned
            held = share < 0.5
            day = date(2022, 4, 18 + 3 * index) if held else date(2022, 6, 10 + 3 * index)
            self.clock.return_value = _moment(day - timedelta(days=20), time(9))
            operations.advance_congress(None, congress, CongressStatus.PREPARING, planned_on=day)
            if not held:
                continue
            meeting = self._schedule(
                congress.unit,
                _moment(day, time(8)),
                kind=MeetingKind.CONGRESS,
                title=f"Đại hội {congress.unit.name} nhiệm kỳ {term_name}",
                ends_at=_moment(day, time(11, 30)),
                place="Hội trường cơ quan",
            )
            self.clock.return_value = meeting.ends_at
            operations.advance_congress(None, congress, CongressStatus.HELD, meeting=meeting)
            if Term.objects.filter(unit=congress.unit, name=term_name).exists():
                # `elect_committees` has already seated this cell's 2022-2025 committee; recording the election
                # would open the term a second time.
                continue
            members = sorted(operations.invitees(units=[congress.unit]), key=lambda m: m.pk)
            secretary, deputy = self.rng.sample(members, 2)
            self.clock.return_value = meeting.ends_at + timedelta(days=self.rng.randint(5, 10))
            operations.record_election(
                None,
                congress,
                starts_on=takes_office,
                ends_on=term_ends,
                elected=[(secretary, PositionRole.SECRETARY), (deputy, PositionRole.DEPUTY)],
            )


def _smallest_committees(tree: DemoTree, count: int = 2) -> list[str]:
    """The base committees whose cells have the fewest active members (short attendance lists keep the load quick)."""
    codes = {tree.base[code].pk: code for code, cells in tree.cells_of.items() if len(cells) > 1}
    rows = (
        Member.objects.filter(unit__parent__in=list(codes), status__in=ACTIVE_STATUSES)
        .values("unit__parent")
        .annotate(n=Count("id"))
    )
    sizes = {codes[row["unit__parent"]]: row["n"] for row in rows}
    return sorted(sizes, key=lambda code: (sizes[code], code))[:count]


def load_meetings(rng: random.Random, tree: DemoTree, seats: Seats) -> None:
    """The bloc's meetings of 2022 (after `load_tracking`: the 8th conference reviews its first quarter)."""
    with story_clock() as clock:
        story = _Meetings(rng, tree, seats, clock)
        story.conferences()
        story.online_conference()
        committees = _smallest_committees(tree)
        # A year of meetings in the cells of the first committee; its first cell let its summer meeting slip.
        for position, cell in enumerate(tree.cells_of[committees[0]]):
            story.cell_year(cell.unit, gap=8 if position == 0 else None)
        # The cell of the demo accounts bithu.chibo and dangvien keeps its record too.
        story.cell_year(tree.cells_of["VPTU"][0].unit)
        for code in committees:
            story.congresses(tree.base[code], [cell.unit for cell in tree.cells_of[code]])
    _next_meeting(tree.cells_of["VPTU"][0].unit, seats)


def _next_meeting(cell: Unit, seats: Seats) -> Meeting:
    """That cell's next regular meeting, a week from the day the demo is loaded: what a member sees on a phone."""
    day = timezone.localdate() + timedelta(days=7)
    chair = seats.secretaries.get(cell.code)
    meeting = operations.schedule_meeting(
        None,
        cell,
        kind=MeetingKind.REGULAR_CELL,
        title=f"Sinh hoạt chi bộ thường kỳ tháng {day.month}/{day.year}",
        starts_at=_moment(day, time(14)),
        ends_at=_moment(day, time(16)),
        place="Phòng họp tầng 2, Văn phòng Tỉnh ủy",
        chair=chair.member if chair else None,
    )
    resolution = Document.objects.get(number="48", symbol="NQ/TU")
    operations.set_agenda(
        None,
        meeting,
        [
            {"title": f"Đánh giá kết quả thực hiện nhiệm vụ tháng {day.month}", "duration": 45},
            {"title": "Quán triệt Nghị quyết số 48-NQ/TU về chuyển đổi số", "duration": 30, "documents": [resolution]},
            {"title": "Phương hướng, nhiệm vụ tháng tới", "duration": 30},
        ],
    )
    operations.invite(None, meeting, operations.invitees(units=[cell]))
    return meeting
