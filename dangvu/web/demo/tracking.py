"""Demo tracking: the bloc's first two quarters of 2022, as the seed article tells them.

Báo Tuyên Quang (14-4-2022): on 13-4-2022 the 8th conference of the bloc's executive committee reviewed the first
quarter — the plan implementing 21-KL/TW, 01-KL/TW on continuing 05-CT/TW, the action programme implementing 48-NQ/TU
on digital transformation, breakthrough tasks for leaders — and set the second quarter's: model examples in following
Ho Chi Minh, training for leaders, online conferences, congresses of the cells under base committees for 2022-2025,
public-investment disbursement. Here the bloc registers those programmes, gives their tasks to the base organisations
(some passed on to cells), the units report each quarter (most on time, some late, a few not at all; some reports are
returned and corrected), the first quarter is reviewed and closed after the conference and the second is left open,
as it stood in early July 2022.

The story is told as a sequence of dated events run in date order through `tracking.operations`, each with the clock
set to its moment (`story_clock`), so that submission, review and audit times are those of 2022: the reporting rate
compares them with the reporting deadline. Everything else — which unit finishes when, who reports late — is drawn
from the demo's one random generator.
"""

import heapq
import itertools
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from unittest import mock

from django.utils import timezone

from dangvu.core.periods import Quarter
from dangvu.tracking import operations
from dangvu.tracking.models import Assignment, Priority, Recurrence, Report, Task
from dangvu.units.models import Unit, UnitKind
from dangvu.web.demo.committees import Seats
from dangvu.web.demo.documents import BLOC_DOCUMENTS, register_bloc_document
from dangvu.web.demo.units import DemoTree

Q1, Q2 = Quarter(2022, 1), Quarter(2022, 2)
Q1_OPENED = date(2022, 1, 4)
Q1_REPORTS_DUE = date(2022, 4, 5)
Q1_COMPILED = (date(2022, 4, 12), 17, 30)
Q1_CLOSED = (date(2022, 4, 13), 16, 30)  # after the 8th conference of the executive committee, 13-4-2022
LAST_REVIEW = {Q1: date(2022, 4, 12), Q2: date(2022, 7, 8)}  # the story ends on 8-7-2022, Q2 still open
# When reports come in: on time from a few days before the quarter ends to the reporting deadline, late until the
# last review day (chance of on time, of late; the rest never report).
REPORTING = {Q1: (date(2022, 3, 28), Q1_REPORTS_DUE, 0.89, 0.07), Q2: (date(2022, 6, 27), date(2022, 7, 5), 0.72, 0.08)}
LAST_COMPLETION = date(2022, 6, 28)  # work finished later is reported in the third quarter, outside the story
# Share of the second quarter's reports accepted by the end of the story (progress, completion); the others wait for
# review or were returned.
ACCEPTED_IN_Q2 = (0.5, 0.85)
RETURNED = 0.07

EVERY_COMMITTEE = "committees"  # every base committee (operations.units_of_kinds_below)
DIGITAL_PILOTS = ("VPTU", "VPUB", "SKH", "STT", "DHTT")  # the first wave of 48-NQ/TU in the bloc
INVESTMENT = ("SKH", "STC", "SGT", "SNN", "SYT", "SXD", "BQLKCN")  # agencies managing public investment


@dataclass(frozen=True)
class TaskSpec:
    key: str
    document: str  # key in documents.BLOC_DOCUMENTS
    assigned_on: date
    deadline: date | None
    to: str | tuple[str, ...]  # EVERY_COMMITTEE, unit codes, or () for a task that only groups sub-tasks
    title: str
    doing: str = ""  # narrative of a progress report; fields: {people} {few} {meetings} {cells} {value}
    done: str = ""  # narrative of the report saying the task is done
    parent: str = ""
    recurrence: str = Recurrence.NONE
    priority: str = Priority.NORMAL
    person: str = ""  # "DBK:<seat>" for a bloc leader, or the code of a base organisation for its secretary
    cooperating: tuple[str, ...] = ()
    outcome: str = ""  # on_time, late, overdue or progress; drawn for each assignment when blank
    pass_on: tuple[str, ...] = ()  # base committees that pass their assignment on to every one of their cells
    cell_deadline: date | None = None
    indicator: str = ""  # in %, target 100
    values: tuple[tuple[int, int], tuple[int, int]] = ((0, 0), (0, 0))  # first quarter's range, second's increase


# "Giao việc đột phá, đổi mới" to leaders (seed article), carried out by the unit each leads:
# (person as in TaskSpec, unit, deadline, outcome), title.
BREAKTHROUGHS = (
    (
        ("DBK:0", "CQDUK", date(2022, 6, 30), "on_time"),
        "Đổi mới phương thức lãnh đạo: giao ban trực tuyến hằng tháng giữa Ban Thường vụ Đảng ủy Khối với các đảng "
        "bộ cơ sở",
    ),
    (
        ("DBK:1", "CQDUK", date(2022, 9, 30), "progress"),
        "Chỉ đạo hoàn thành số hóa hồ sơ đảng viên, vận hành cơ sở dữ liệu đảng viên của Đảng bộ Khối",
    ),
    (
        ("DBK:2", "CQDUK", date(2022, 5, 31), "late"),
        "Xây dựng mô hình “Chi bộ kiểu mẫu” trong sinh hoạt chi bộ ở 10 chi bộ điểm",
    ),
    (("VPTU", "VPTU", date(2022, 6, 30), "on_time"), "Ký số 100% văn bản đi của Văn phòng Tỉnh ủy"),
    (
        ("STC", "STC", date(2022, 6, 15), "overdue"),
        "Rút ngắn thời gian thẩm tra quyết toán dự án đầu tư công hoàn thành",
    ),
    (
        ("SKH", "SKH", date(2022, 5, 31), "late"),
        "100% hồ sơ đăng ký doanh nghiệp được tiếp nhận, giải quyết trực tuyến",
    ),
)
_BREAKTHROUGH_DOING = (
    "Đã ban hành kế hoạch thực hiện việc đột phá, phân công cán bộ phụ trách; kết quả bước đầu tích cực."
)
_BREAKTHROUGH_DONE = "Hoàn thành nhiệm vụ đột phá được giao; kết quả được báo cáo tại hội nghị giao ban Ban Thường vụ."

TASKS = (
    TaskSpec(
        "thoughts",
        "work-2022",
        date(2022, 1, 7),
        None,
        EVERY_COMMITTEE,
        "Báo cáo tình hình tư tưởng đảng viên",
        done="Tư tưởng cán bộ, đảng viên ổn định; {few} ý kiến về chế độ, chính sách đã được cấp ủy giải đáp.",
        recurrence=Recurrence.QUARTERLY,
    ),
    TaskSpec(
        "commitments",
        "plan-01",
        date(2022, 1, 12),
        date(2022, 3, 31),
        ("SGD", "BVDK", "SNN", "MTDT", "BTQ"),
        "Tổ chức cho đảng viên đăng ký làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2022",
        "{people} đảng viên đã đăng ký; đang hoàn thiện bản đăng ký của đảng viên mới chuyển đến.",
        "100% đảng viên ({people} đồng chí) đăng ký làm theo gắn với nhiệm vụ; cấp ủy đăng ký {few} việc đột phá.",
    ),
    TaskSpec(
        "study-21",
        "plan-21",
        date(2022, 1, 17),
        date(2022, 2, 28),
        ("VPHD", "SNV", "SCT", "TCT", "AGR", "PTTH", "STP", "TTR"),
        "Quán triệt, triển khai Kết luận số 21-KL/TW và Kế hoạch của Ban Chấp hành Đảng bộ tỉnh",
        "Đã ban hành kế hoạch; quán triệt cho {people} cán bộ, đảng viên, còn đảng viên đi công tác chưa dự.",
        "Đã quán triệt Kết luận số 21-KL/TW cho {people} cán bộ, đảng viên; cấp ủy ban hành kế hoạch thực hiện.",
    ),
    TaskSpec(
        "self-review-21",
        "plan-21",
        date(2022, 1, 17),
        date(2022, 6, 30),
        ("VPTU", "STC", "SYT", "CTHUE"),
        "Rà soát, nhận diện biểu hiện suy thoái về tư tưởng chính trị, đạo đức, lối sống, “tự diễn biến”, "
        "“tự chuyển hóa” trong cán bộ, đảng viên",
        "Đảng viên đã tự soi, tự sửa; đã rà soát {people} đảng viên, chưa phát hiện biểu hiện suy thoái.",
        "Hoàn thành rà soát {people} đảng viên; cấp ủy chỉ ra {few} hạn chế và biện pháp khắc phục.",
        pass_on=("VPTU",),
        cell_deadline=date(2022, 5, 31),
    ),
    TaskSpec(
        "congresses",
        "work-2022",
        date(2022, 1, 20),
        date(2022, 5, 31),
        EVERY_COMMITTEE,
        "Chỉ đạo, hướng dẫn tổ chức đại hội chi bộ trực thuộc đảng ủy cơ sở, nhiệm kỳ 2022-2025",
        "Đã ban hành kế hoạch, hướng dẫn; {cells} chi bộ đã thông qua dự thảo báo cáo chính trị, phương án nhân sự.",
        "Đại hội chi bộ nhiệm kỳ 2022-2025 đã tổ chức xong, bầu cấp ủy, bí thư, phó bí thư đúng quy trình.",
        pass_on=("STC",),
        cell_deadline=date(2022, 4, 30),
    ),
    TaskSpec(
        "investment",
        "work-2022",
        date(2022, 1, 20),
        date(2022, 12, 31),
        (*INVESTMENT, "CTHUE"),
        "Lãnh đạo, đôn đốc giải ngân vốn đầu tư công năm 2022",
        "Giải ngân đạt {value}% kế hoạch vốn; cấp ủy chỉ đạo đẩy nhanh giải phóng mặt bằng, thanh toán khối lượng.",
        priority=Priority.HIGH,
        outcome="progress",
        indicator="Tỷ lệ giải ngân vốn đầu tư công",
        values=((18, 35), (22, 25)),
    ),
    *(
        TaskSpec(
            f"breakthrough-{person}",
            "work-2022",
            date(2022, 1, 25),
            deadline,
            (unit,),
            title,
            _BREAKTHROUGH_DOING,
            _BREAKTHROUGH_DONE,
            priority=Priority.BREAKTHROUGH,
            person=person,
            outcome=outcome,
        )
        for (person, unit, deadline, outcome), title in BREAKTHROUGHS
    ),
    TaskSpec(
        "digital",
        "programme-48",
        date(2022, 2, 18),
        date(2025, 12, 31),
        (),
        "Ứng dụng công nghệ thông tin, chuyển đổi số trong hoạt động của cấp ủy, tổ chức đảng",
        cooperating=("STT",),
    ),
    TaskSpec(
        "software",
        "programme-48",
        date(2022, 2, 18),
        date(2022, 6, 30),
        DIGITAL_PILOTS,
        "Sử dụng phần mềm quản lý văn bản và hồ sơ công việc trong gửi, nhận văn bản của cấp ủy",
        "Đã cài đặt phần mềm; {cells} chi bộ đã nhận văn bản qua phần mềm; đang tập huấn cho cán bộ văn phòng.",
        "100% văn bản của cấp ủy được gửi, nhận qua phần mềm; đã tập huấn cho {people} bí thư, phó bí thư chi bộ.",
        parent="digital",
    ),
    TaskSpec(
        "records",
        "programme-48",
        date(2022, 2, 18),
        date(2022, 12, 31),
        DIGITAL_PILOTS,
        "Số hóa hồ sơ đảng viên, cập nhật đầy đủ cơ sở dữ liệu đảng viên",
        "Đã rà soát, số hóa hồ sơ của {people} đảng viên; đang bổ sung lý lịch, phiếu báo thay đổi còn thiếu.",
        "Hoàn thành số hóa hồ sơ của {people} đảng viên, cập nhật vào cơ sở dữ liệu đảng viên.",
        parent="digital",
    ),
    TaskSpec(
        "signatures",
        "programme-48",
        date(2022, 2, 18),
        date(2022, 12, 31),
        DIGITAL_PILOTS,
        "Sử dụng chữ ký số trên văn bản điện tử của cấp ủy",
        "Bí thư, phó bí thư đã được cấp chứng thư số; tỷ lệ văn bản điện tử được ký số đạt {value}%.",
        "100% văn bản điện tử của cấp ủy được ký số.",
        parent="digital",
        indicator="Tỷ lệ văn bản điện tử được ký số",
        values=((30, 75), (8, 22)),
    ),
    TaskSpec(
        "training",
        "work-2022",
        date(2022, 3, 1),
        date(2022, 6, 30),
        ("SNV", "SLD", "STN", "AGR", "XMTQ"),
        "Cử cán bộ lãnh đạo, quản lý tham gia bồi dưỡng, cập nhật kiến thức năm 2022",
        "Đã lập danh sách {few} cán bộ lãnh đạo, quản lý; một số đồng chí đã tham gia lớp bồi dưỡng đợt 1.",
        "Đã cử đủ {few} cán bộ lãnh đạo, quản lý đi bồi dưỡng, cập nhật kiến thức; 100% hoàn thành chương trình.",
        cooperating=("TCT",),
    ),
    TaskSpec(
        "model-examples",
        "plan-01",
        date(2022, 4, 15),
        date(2022, 5, 31),
        ("VPHD", "SVH", "PTTH", "DLTQ", "BTQ"),
        "Bình xét, biểu dương tập thể, cá nhân điển hình tiêu biểu trong học tập và làm theo tư tưởng, đạo đức, "
        "phong cách Hồ Chí Minh",
        "Các chi bộ đã bình xét, đề xuất {few} cá nhân tiêu biểu; đang hoàn thiện hồ sơ đề nghị biểu dương.",
        "Đã biểu dương {meetings} tập thể, {few} cá nhân tiêu biểu nhân kỷ niệm 132 năm Ngày sinh Chủ tịch Hồ Chí Minh.",
    ),
    TaskSpec(
        "online",
        "programme-48",
        date(2022, 4, 15),
        date(2022, 6, 30),
        DIGITAL_PILOTS,
        "Ứng dụng công nghệ thông tin tổ chức hội nghị trực tuyến đến các đảng bộ cơ sở, nâng cao chất lượng sinh "
        "hoạt cấp ủy, chi bộ",
        "Đã bố trí phòng họp, đường truyền; thử kết nối trực tuyến {meetings} lần với Đảng ủy Khối.",
        "Điểm cầu trực tuyến của đảng bộ đã vận hành, tham gia {meetings} hội nghị trực tuyến do Đảng ủy Khối tổ chức.",
        parent="digital",
    ),
)
NOT_STARTED = "Chưa triển khai do tập trung cho nhiệm vụ chính trị của cơ quan; dự kiến triển khai trong quý tới."
DELAYS = (
    "cán bộ phụ trách đi học tập trung",
    "chờ hướng dẫn của cơ quan chuyên môn",
    "kinh phí chưa được bố trí",
    "một số đảng viên đi công tác dài ngày",
)
COMMENTS = (
    "Đề nghị bổ sung số liệu cụ thể về số cán bộ, đảng viên tham gia.",
    "Báo cáo chưa nêu khó khăn, vướng mắc và đề xuất; đề nghị bổ sung.",
    "Tỷ lệ hoàn thành chưa khớp với kết quả nêu trong báo cáo, đề nghị rà soát lại.",
    "Đề nghị gửi kèm kế hoạch của cấp ủy đã ban hành.",
)
CORRECTED = " Đã bổ sung, điều chỉnh theo ý kiến của cấp ủy cấp trên."
# A rescheduled assignment (the baseline deadline stays): (task, unit code, new deadline, reason).
RESCHEDULED = (
    "online",
    "DHTT",
    date(2022, 9, 30),
    "Trường đang nâng cấp hạ tầng mạng, chờ bàn giao thiết bị đầu cuối.",
)
# Given by mistake and cancelled after its first report: (task, unit code, report narrative, reason).
CANCELLED = (
    "investment",
    "CTHUE",
    "Cục Thuế không được giao kế hoạch vốn đầu tư công năm 2022; đề nghị Đảng ủy Khối điều chỉnh.",
    "Đơn vị không quản lý vốn đầu tư công; giao nhầm.",
)


@contextmanager
def story_clock() -> Iterator[mock.Mock]:
    """Inside the block (and only there) `django.utils.timezone.now` answers the clock's `return_value`.

    The operations stamp submissions, reviews, cycles and audit entries with `timezone.now()` and check dates against
    `timezone.localdate()`, which reads it too; so a 2022 event gets 2022 times. The project has no time-travel
    library, and this is the only place that moves the clock.
    """
    with mock.patch("django.utils.timezone.now") as clock:
        yield clock


def _moment(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@dataclass
class _Story:
    rng: random.Random
    tree: DemoTree
    seats: Seats
    clock: mock.Mock
    events: list = field(default_factory=list)
    order: Iterator[int] = field(default_factory=itertools.count)
    tasks: dict[str, Task] = field(default_factory=dict)
    reports: dict[tuple[int, str], Report] = field(default_factory=dict)

    def at(self, when: datetime, action: Callable[[], object]) -> None:
        heapq.heappush(self.events, (when, next(self.order), action))

    def run(self) -> None:
        while self.events:
            self.clock.return_value, _seq, action = heapq.heappop(self.events)
            action()

    def _office_hours(self, day: date) -> datetime:
        return _moment(day, self.rng.randint(8, 16), self.rng.randrange(0, 60, 5))

    def _day_between(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    # Tasks and assignments ------------------------------------------------------------------------------------------

    def create(self, spec: TaskSpec, documents: dict) -> None:
        person = None
        if spec.person.startswith("DBK:"):
            person = self.seats.holders[self.tree.bloc.code][int(spec.person[4:])].member
        elif spec.person:
            person = self.seats.secretaries[spec.person].member
        self.tasks[spec.key] = operations.create_task(
            None,
            self.tree.bloc,
            [self.tree.base[code] for code in spec.cooperating],
            title=spec.title,
            document=documents[spec.document],
            parent=self.tasks.get(spec.parent),
            deadline=spec.deadline if spec.recurrence == Recurrence.NONE else None,
            recurrence=spec.recurrence,
            priority=spec.priority,
            person=person,
            indicator=spec.indicator,
            indicator_unit="%" if spec.indicator else "",
            indicator_target=Decimal(100) if spec.indicator else None,
        )
        if spec.to:
            self.at(_moment(spec.assigned_on, 10), partial(self.assign, spec))

    def assign(self, spec: TaskSpec) -> None:
        if spec.to == EVERY_COMMITTEE:
            units = operations.units_of_kinds_below(self.tree.bloc, [UnitKind.BASE_COMMITTEE])
        else:
            units = [self.tree.base[code] for code in spec.to]
        period = str(Q1) if spec.recurrence == Recurrence.QUARTERLY else ""
        assignments = operations.assign(None, self.tasks[spec.key], units, period=period, assigned_on=spec.assigned_on)
        for assignment in assignments:
            self.plan(spec, assignment)
            if assignment.unit.code in spec.pass_on:
                when = self._office_hours(spec.assigned_on + timedelta(days=self.rng.randint(3, 10)))
                self.at(when, partial(self.pass_on, spec, assignment))
        if spec.key == CANCELLED[0]:
            self.cancel(next(a for a in assignments if a.unit.code == CANCELLED[1]))

    def pass_on(self, spec: TaskSpec, assignment: Assignment) -> None:
        cells = [cell.unit for cell in self.tree.cells_of[assignment.unit.code]]
        today = timezone.localdate()
        for passed in operations.pass_on(None, assignment, cells, deadline=spec.cell_deadline, assigned_on=today):
            self.plan(spec, passed)

    def cancel(self, assignment: Assignment) -> None:
        """The unit reports it has no such capital; the report is accepted and the assignment cancelled."""
        _task, _code, narrative, reason = CANCELLED
        report = {"percent": 0, "narrative": narrative}
        self.at(_moment(date(2022, 3, 25), 9), partial(self.submit, assignment, Q1, report))
        self.at(_moment(date(2022, 3, 30), 17), partial(self.review, assignment, Q1, ""))
        cancel = partial(operations.cancel_assignment, None, assignment, reason, on=date(2022, 3, 31))
        self.at(_moment(date(2022, 3, 31), 15), cancel)

    def renew(self) -> None:
        """After the first quarter closes, the recurring tasks' new assignments get their own story."""
        renewed = Assignment.objects.filter(period=str(Q2)).select_related("task", "unit")
        specs = {self.tasks[s.key].pk: s for s in TASKS if s.recurrence != Recurrence.NONE}
        for assignment in renewed:
            self.plan(specs[assignment.task_id], assignment)

    # One assignment's story ----------------------------------------------------------------------------------------

    def plan(self, spec: TaskSpec, assignment: Assignment) -> None:
        """Decide when the unit finishes (if it does) and schedule its quarterly reports and their reviews."""
        key = (spec.key, assignment.unit.code)
        if key == CANCELLED[:2]:
            return
        deadline = assignment.deadline
        if key == RESCHEDULED[:2]:
            deadline = RESCHEDULED[2]
            reason = RESCHEDULED[3]
            self.at(_moment(date(2022, 6, 10), 10), partial(operations.reschedule, None, assignment, deadline, reason))
        done_on = self._finish(assignment.assigned_on, deadline, "progress" if key == RESCHEDULED[:2] else spec.outcome)
        percent, value = 0, None
        for quarter in (Q1, Q2):
            if assignment.assigned_on > quarter.end:
                continue
            first, due, on_time, late = REPORTING[quarter]
            draw = self.rng.random()
            if draw >= on_time + late:
                continue  # never reported: the reporting rate shows it
            finished = done_on if done_on is not None and done_on <= quarter.end else None
            if draw < on_time:
                submitted = self._office_hours(self._day_between(max(first, finished or first), due))
            else:
                submitted = self._office_hours(self._day_between(due + timedelta(days=1), LAST_REVIEW[quarter]))
            percent = 100 if finished else self._progress(assignment.assigned_on, deadline, quarter, percent)
            if spec.indicator:
                value = 100 if finished else self._indicator(spec, quarter, value)
            narrative = self._narrative(spec, percent, finished, deadline, quarter, value)
            accepted = self._report(assignment, quarter, submitted, percent, narrative, finished, value)
            if finished and accepted:
                return

    def _finish(self, assigned_on: date, deadline: date | None, outcome: str) -> date | None:
        long_term = deadline is None or deadline > Q2.end
        if not outcome:
            draw = self.rng.random()
            if long_term:
                outcome = "on_time" if draw < 0.06 else "progress"
            else:
                outcome = "on_time" if draw < 0.74 else "late" if draw < 0.88 else "overdue"
        if outcome == "on_time":
            last = min(deadline or LAST_COMPLETION, LAST_COMPLETION)
            return self._day_between(max(assigned_on + timedelta(days=5), last - timedelta(days=30)), last)
        if outcome == "late" and deadline is not None:
            day = deadline + timedelta(days=self.rng.randint(3, 35))
            return day if day <= LAST_COMPLETION else None
        return None

    def _progress(self, assigned_on: date, deadline: date | None, quarter: Quarter, previous: int) -> int:
        if quarter == Q1 and (deadline is None or deadline > Q2.end) and self.rng.random() < 0.12:
            return 0
        if deadline is not None and deadline < quarter.end:
            share = self.rng.uniform(50, 90)  # overdue
        else:
            span = ((deadline or date(2022, 12, 31)) - assigned_on).days or 1
            share = 100 * (quarter.end - assigned_on).days / span + self.rng.uniform(-15, 10)
        return max(previous, min(95, max(5, round(share / 5) * 5)))

    def _indicator(self, spec: TaskSpec, quarter: Quarter, previous: int | None) -> int:
        (low, high), (more, most) = spec.values
        if quarter == Q1 or previous is None:
            return self.rng.randint(low, high) + (self.rng.randint(more, most) if quarter == Q2 else 0)
        return min(99, previous + self.rng.randint(more, most))

    def _narrative(self, spec, percent: int, finished, deadline, quarter: Quarter, value) -> str:
        if percent == 0:
            return NOT_STARTED
        doing, done = spec.doing, spec.done
        numbers = {
            "people": self.rng.randint(25, 180),
            "few": self.rng.randint(3, 12),
            "meetings": self.rng.randint(2, 6),
            "cells": self.rng.randint(2, 7),
            "value": value,
        }
        if finished:
            return (done or doing).format(**numbers)
        text = (doing or done).format(**numbers) + f" Ước đạt {percent}% khối lượng công việc."
        if deadline is not None and deadline < quarter.end:
            text += f" Chậm so với yêu cầu do {self.rng.choice(DELAYS)}."
        return text

    def _report(self, assignment, quarter, submitted: datetime, percent, narrative, finished, value) -> bool:
        """Schedule the report and its review; whether it ends accepted."""
        fields = {
            "percent": percent,
            "narrative": narrative,
            "completed_on": finished,
            "indicator_value": Decimal(value) if value is not None else None,
        }
        self.at(submitted, partial(self.submit, assignment, quarter, fields))
        last = LAST_REVIEW[quarter]
        review_day = min(submitted.date() + timedelta(days=self.rng.randint(1, 4)), last)
        draw = self.rng.random()
        if draw < RETURNED and submitted.date() <= REPORTING[quarter][1]:
            returned = _moment(submitted.date() + timedelta(days=self.rng.randint(1, 2)), 9)
            self.at(returned, partial(self.review, assignment, quarter, self.rng.choice(COMMENTS)))
            if quarter == Q2:
                return False  # still waiting for the correction when the story ends
            corrected = {**fields, "narrative": narrative + CORRECTED}
            self.at(returned + timedelta(days=1, hours=2), partial(self.submit, assignment, quarter, corrected))
            review_day = min(returned.date() + timedelta(days=2), last)
        elif quarter == Q2 and draw >= RETURNED + ACCEPTED_IN_Q2[finished is not None]:
            return False  # waiting for review
        self.at(_moment(review_day, 17), partial(self.review, assignment, quarter, ""))
        return True

    def submit(self, assignment: Assignment, quarter: Quarter, fields: dict) -> None:
        report = operations.submit_report(None, assignment, quarter, **fields)
        self.reports[assignment.pk, str(quarter)] = report

    def review(self, assignment: Assignment, quarter: Quarter, comment: str) -> None:
        report = self.reports[assignment.pk, str(quarter)]
        operations.review_report(None, report, accept=not comment, comment=comment)


def load_tracking(rng: random.Random, tree: DemoTree, seats: Seats) -> None:
    """Tell the bloc's first half of 2022 (after `load_documents`, before the later restructuring)."""
    with story_clock() as clock:
        story = _Story(rng, tree, seats, clock)
        documents: dict = {}
        for key, *_fields, issued_on, _subject, _implements in BLOC_DOCUMENTS:
            story.at(_moment(issued_on, 8, 30), partial(_register, documents, tree.bloc, key))
        for spec in TASKS:
            story.at(_moment(spec.assigned_on, 9), partial(story.create, spec, documents))
        bloc = tree.bloc
        story.at(_moment(Q1_OPENED, 8), partial(operations.open_cycle, None, bloc, Q1, Q1_REPORTS_DUE))
        story.at(_moment(*Q1_COMPILED), lambda: operations.compile_cycle(None, bloc.review_cycles.get(quarter=str(Q1))))
        story.at(_moment(*Q1_CLOSED), lambda: operations.close_cycle(None, bloc.review_cycles.get(quarter=str(Q1))))
        story.at(_moment(*Q1_CLOSED) + timedelta(minutes=1), story.renew)
        story.run()


def _register(documents: dict, bloc: Unit, key: str) -> None:
    documents[key] = register_bloc_document(bloc, key)
