"""The quarterly report ("Báo cáo kết quả thực hiện nhiệm vụ quý I, phương hướng, nhiệm vụ quý II năm 2022") of a
unit, drafted from the data.

Sections drafted from the data state the figures in sentences and small tables: the quarter's rollup of the
subtree and by programme/document and by unit below (`tracking.queries`, the same figures as the review page),
indicators, the meetings held in the quarter and the conference that reviewed it, the congresses of the period,
ratings decided and awards decided or presented in the quarter. Narrative sections are left for the clerk:
"Hạn chế, nguyên nhân" (with the lagging units as a starting point) and the next quarter's directions, pre-filled
with the tasks due in it. All sections are stored on `OfficialDraft.sections` and edited before issuing.
"""

from collections import Counter
from datetime import datetime, time, timedelta

from django.db.models import Q

from dangvu.awards.models import Award, Rating
from dangvu.awards.rules import ABBREVIATIONS, Level
from dangvu.core.periods import Quarter
from dangvu.meetings.models import Congress, CongressStatus, Meeting, MeetingKind, MeetingState
from dangvu.publishing.drafting import (
    LOCAL_ZONE,
    day_text,
    local,
    number_text,
    place_of,
    rate_text,
    section,
    signature,
    upward_recipients,
)
from dangvu.publishing.models import DraftKind
from dangvu.tracking import queries
from dangvu.tracking.models import Assignment, ReviewCycle
from dangvu.tracking.operations import default_reporting_deadline
from dangvu.tracking.rules import Status
from dangvu.units.models import CELL_KINDS, Unit

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MEETING_NAMES = {
    MeetingKind.EXECUTIVE_CONFERENCE: "hội nghị Ban Chấp hành",
    MeetingKind.STANDING_COMMITTEE: "cuộc họp Ban Thường vụ",
    MeetingKind.REGULAR_CELL: "buổi sinh hoạt chi bộ thường kỳ",
    MeetingKind.THEMATIC_CELL: "buổi sinh hoạt chuyên đề",
    MeetingKind.REVIEW_CONFERENCE: "hội nghị sơ kết, tổng kết",
    MeetingKind.CONGRESS: "đại hội",
    MeetingKind.ONLINE_CONFERENCE: "hội nghị trực tuyến",
}
CONGRESS_NAMES = {
    CongressStatus.PLANNED: "chưa tổ chức",
    CongressStatus.PREPARING: "đang chuẩn bị",
    CongressStatus.HELD: "đã tổ chức",
    CongressStatus.APPROVED: "đã được công nhận kết quả",
}


def subject(quarter: Quarter) -> str:
    """'Kết quả thực hiện nhiệm vụ quý I, phương hướng, nhiệm vụ quý II năm 2022' (the year of each quarter when
    they differ: quý IV năm 2022 … quý I năm 2023)."""
    following = quarter.next()
    if following.year == quarter.year:
        return (
            f"Kết quả thực hiện nhiệm vụ quý {ROMAN[quarter.number]}, phương hướng, nhiệm vụ quý "
            f"{ROMAN[following.number]} năm {quarter.year}"
        )
    return (
        f"Kết quả thực hiện nhiệm vụ quý {ROMAN[quarter.number]} năm {quarter.year}, phương hướng, nhiệm vụ quý "
        f"{ROMAN[following.number]} năm {following.year}"
    )


def _moments(quarter: Quarter) -> tuple[datetime, datetime]:
    start = datetime.combine(quarter.start, time.min, tzinfo=LOCAL_ZONE)
    return start, datetime.combine(quarter.end + timedelta(days=1), time.min, tzinfo=LOCAL_ZONE)


def reporting_deadline(unit: Unit, quarter: Quarter):
    cycle = ReviewCycle.objects.filter(unit=unit, quarter=str(quarter)).first()
    return cycle.reporting_deadline if cycle else default_reporting_deadline(quarter)


def figures(unit: Unit, quarter: Quarter) -> dict:
    """Every figure the report states, from the data (kept apart so tests can compare them with the queries)."""
    deadline = reporting_deadline(unit, quarter)
    total = queries.rollup(queries.assignments_in(unit), quarter, deadline)
    by_document = []
    base = queries.assignments_in(unit).filter(assigned_on__lte=quarter.end)
    documents = (
        base.filter(task__document__isnull=False)
        .values_list("task__document_id", flat=True)
        .distinct()
        .order_by("task__document_id")
    )
    from dangvu.documents.models import Document

    for document in Document.objects.filter(pk__in=list(documents)).order_by("issued_on", "id"):
        rollup = queries.rollup(queries.assignments_in(unit).filter(task__document=document), quarter, deadline)
        by_document.append((document, rollup))
    others = queries.assignments_in(unit).filter(task__document__isnull=True)
    if others.filter(assigned_on__lte=quarter.end).exists():
        by_document.append((None, queries.rollup(others, quarter, deadline)))
    return {
        "deadline": deadline,
        "total": total,
        "by_document": by_document,
        "by_unit": queries.by_unit(unit, quarter),
        "indicators": queries.indicator_rows(unit, quarter),
    }


def _results_text(quarter: Quarter, unit: Unit, total) -> str:
    s = total.by_status
    done = s[Status.DONE_ON_TIME] + s[Status.DONE_LATE]
    whole = "toàn Chi bộ" if unit.kind in CELL_KINDS else "toàn Đảng bộ"
    lines = [
        f"Trong quý {ROMAN[quarter.number]} năm {quarter.year}, {whole} theo dõi {total.total} lượt nhiệm vụ được "
        f"giao; đã hoàn thành {done} (đúng hạn {s[Status.DONE_ON_TIME]}, chậm {s[Status.DONE_LATE]}), đang thực hiện "
        f"{s[Status.IN_PROGRESS]}, chưa triển khai {s[Status.NOT_STARTED]}, quá hạn {s[Status.OVERDUE]}"
        + (f", đã hủy {s[Status.CANCELLED]}" if s[Status.CANCELLED] else "")
        + f". Tỷ lệ hoàn thành đúng hạn trên số nhiệm vụ đến hạn đạt {rate_text(total.on_time_rate)}.",
        f"Có {total.reports}/{total.expected_reports} báo cáo tiến độ quý được gửi (đạt "
        f"{rate_text(total.reporting_rate)}), trong đó {total.reports_on_time} báo cáo gửi đúng hạn.",
    ]
    return "\n".join(lines)


def _document_table(by_document) -> list[list[str]]:
    rows = [["STT", "Văn bản, chương trình", "Số nhiệm vụ", "Hoàn thành", "Quá hạn", "Tỷ lệ đúng hạn"]]
    for index, (document, rollup) in enumerate(by_document, start=1):
        name = f"{document.type_name} {document.number_symbol}" if document else "Nhiệm vụ khác"
        done = rollup.by_status[Status.DONE_ON_TIME] + rollup.by_status[Status.DONE_LATE]
        rows.append(
            [
                str(index),
                name,
                str(rollup.total),
                str(done),
                str(rollup.by_status[Status.OVERDUE]),
                rate_text(rollup.on_time_rate),
            ]
        )
    return rows


def _unit_table(rows) -> list[list[str]]:
    table = [["STT", "Đơn vị", "Số nhiệm vụ", "Quá hạn", "Tiến độ bình quân", "Báo cáo"]]
    for index, row in enumerate(rows, start=1):
        table.append(
            [
                str(index),
                row.unit.name,
                str(row.assignments),
                str(row.overdue),
                f"{number_text(row.average_percent)}%",
                f"{row.reported}/{row.expected}",
            ]
        )
    return table


def _indicator_table(indicators) -> list[list[str]]:
    table = [["STT", "Chỉ tiêu", "Chỉ tiêu đề ra", "Kết quả (bình quân)", "Số báo cáo"]]
    for index, row in enumerate(indicators, start=1):
        unit = "" if not row["unit"] else row["unit"] if row["unit"] == "%" else f" {row['unit']}"
        target = f"{number_text(row['target'])}{unit}" if row["target"] is not None else "—"
        table.append(
            [
                str(index),
                row["indicator"] or row["task"],
                target,
                f"{number_text(row['average'])}{unit}",
                str(row["reports"]),
            ]
        )
    return table


def meetings_held(unit: Unit, quarter: Quarter) -> list[Meeting]:
    start, end = _moments(quarter)
    return list(
        Meeting.objects.filter(unit__path__startswith=unit.path, starts_at__gte=start, starts_at__lt=end)
        .exclude(state=MeetingState.CANCELLED)
        .select_related("unit")
        .order_by("starts_at", "id")
    )


def review_conferences(unit: Unit, quarter: Quarter) -> list[Meeting]:
    """The unit's conferences that review this quarter (held early in the next one, e.g. 13/04/2022 for Q1)."""
    return list(
        Meeting.objects.filter(unit=unit, review_cycle__unit=unit, review_cycle__quarter=str(quarter))
        .exclude(state=MeetingState.CANCELLED)
        .order_by("starts_at")
    )


def _meetings_text(unit: Unit, quarter: Quarter, held: list[Meeting], reviews: list[Meeting]) -> str:
    lines = []
    counts = Counter(m.kind for m in held)
    if counts:
        parts = [f"{n} {MEETING_NAMES.get(kind, kind)}" for kind, n in sorted(counts.items(), key=lambda kv: -kv[1])]
        lines.append(f"Trong quý, các cấp ủy, tổ chức đảng đã tổ chức {', '.join(parts)}.")
    else:
        lines.append("Trong quý, chưa ghi nhận cuộc họp, hội nghị nào trên hệ thống.")
    for meeting in [m for m in held if m.unit_id == unit.pk] + reviews:
        start = local(meeting.starts_at)
        number = f" lần thứ {meeting.number}" if meeting.number else ""
        title = meeting.title if not number or str(meeting.number) in meeting.title else f"{meeting.title}{number}"
        line = f"- Ngày {day_text(start.date())}: {title}"
        if meeting in reviews and "quý" not in meeting.title.lower():
            line += f" (sơ kết quý {ROMAN[quarter.number]}, triển khai nhiệm vụ quý {ROMAN[quarter.next().number]})"
        lines.append(line + ";")
    return "\n".join(dict.fromkeys(lines))


def congresses(unit: Unit, quarter: Quarter) -> list[Congress]:
    """Congresses of units under `unit` planned or held in the quarter."""
    start, end = _moments(quarter)
    return list(
        Congress.objects.filter(plan__unit__path__startswith=unit.path)
        .filter(
            Q(planned_on__gte=quarter.start, planned_on__lte=quarter.end)
            | Q(meeting__starts_at__gte=start, meeting__starts_at__lt=end)
        )
        .select_related("unit", "meeting")
        .order_by("unit__sort_key")
    )


def _congress_text(found: list[Congress]) -> str:
    counts = Counter(c.status for c in found)
    parts = [f"{n} đại hội {CONGRESS_NAMES[status]}" for status, n in counts.items()]
    lines = [f"Trong quý có {len(found)} tổ chức đảng trực thuộc thuộc kế hoạch đại hội: {', '.join(parts)}."]
    for congress in found:
        when = (
            day_text(local(congress.meeting.starts_at).date()) if congress.meeting_id else day_text(congress.planned_on)
        )
        lines.append(f"- {congress.unit.name}: {CONGRESS_NAMES[congress.status]} ({when});")
    return "\n".join(lines)


def ratings_decided(unit: Unit, quarter: Quarter):
    start, end = _moments(quarter)
    return Rating.objects.filter(
        Q(cell__path__startswith=unit.path) | Q(unit__path__startswith=unit.path),
        decided_at__gte=start,
        decided_at__lt=end,
    ).exclude(level="")


def awards_in(unit: Unit, quarter: Quarter, reviews: list[Meeting]):
    """Awards decided in the quarter by the unit or for its subtree, and those presented at its meetings of the
    quarter or at the conference that reviewed it."""
    start, end = _moments(quarter)
    scope = (
        Q(unit__path__startswith=unit.path)
        | Q(member__unit__path__startswith=unit.path)
        | Q(award_type__grantor_unit=unit)
    )
    when = Q(decision__issued_on__gte=quarter.start, decision__issued_on__lte=quarter.end) | Q(
        presented_at__in=[m.pk for m in reviews]
    )
    when |= Q(
        presented_at__unit__path__startswith=unit.path,
        presented_at__starts_at__gte=start,
        presented_at__starts_at__lt=end,
    )
    return Award.objects.filter(scope, when).select_related("award_type", "decision").distinct()


def _ratings_awards_text(ratings, awards) -> str:
    lines = []
    member_levels = Counter(r.level for r in ratings if r.member_id)
    unit_levels = Counter(r.level for r in ratings if r.unit_id)
    for label, counts in (("đảng viên", member_levels), ("tổ chức đảng", unit_levels)):
        if counts:
            parts = [f"{counts[level.value]} {ABBREVIATIONS[level]}" for level in Level if counts[level.value]]
            lines.append(f"Đánh giá, xếp loại chất lượng {sum(counts.values())} {label}: {', '.join(parts)}.")
    by_type = Counter(a.award_type.name for a in awards)
    if by_type:
        parts = [f"{name}: {n}" for name, n in by_type.items()]
        decisions = sorted({a.decision.number_symbol for a in awards})
        lines.append(
            f"Khen thưởng {len(awards)} tập thể, cá nhân ({'; '.join(parts)}) theo Quyết định số {', '.join(decisions)}."
        )
    return "\n".join(lines) or "Trong quý, chưa có quyết định đánh giá, xếp loại hoặc khen thưởng."


def tasks_due(unit: Unit, quarter: Quarter) -> list:
    """Tasks with an open assignment in the subtree due in `quarter` (the next quarter's directions)."""
    rows = (
        Assignment.objects.filter(
            unit__path__startswith=unit.path,
            deadline__gte=quarter.start,
            deadline__lte=quarter.end,
            completed_on__isnull=True,
            cancelled_on__isnull=True,
        )
        .select_related("task")
        .order_by("deadline", "task_id")
    )
    seen = {}
    for assignment in rows:
        task = assignment.task
        if task.pk not in seen:
            seen[task.pk] = (task, assignment.deadline)
    return list(seen.values())


def _lagging_text(rows) -> str:
    lagging = queries.lagging(rows)
    lines = ["(Văn phòng bổ sung đánh giá hạn chế, nguyên nhân.)"]
    for row in lagging:
        lines.append(
            f"- {row.unit.name}: {row.overdue} nhiệm vụ quá hạn, tiến độ bình quân {number_text(row.average_percent)}%, "
            f"gửi {row.reported}/{row.expected} báo cáo;"
        )
    return "\n".join(lines)


def draft(unit: Unit, quarter: Quarter) -> dict:
    """The fields of the quarterly report's draft (`operations.create_draft`)."""
    found = figures(unit, quarter)
    following = quarter.next()
    held = meetings_held(unit, quarter)
    reviews = review_conferences(unit, quarter)
    found_congresses = congresses(unit, quarter)
    ratings = list(ratings_decided(unit, quarter))
    awards = list(awards_in(unit, quarter, reviews))
    q, nq = ROMAN[quarter.number], ROMAN[following.number]
    sections = [
        {**section("results", f"I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ QUÝ {q} NĂM {quarter.year}"), "heading_only": True},
        section(
            "tasks",
            "Lãnh đạo, chỉ đạo thực hiện các nhiệm vụ được giao",
            _results_text(quarter, unit, found["total"]),
            table=_document_table(found["by_document"]) if found["by_document"] else None,
        ),
    ]
    if found["by_unit"]:
        sections.append(
            section(
                "units",
                "Kết quả thực hiện của các tổ chức đảng trực thuộc",
                f"Có {len(found['by_unit'])} tổ chức đảng trực thuộc có nhiệm vụ được giao trong quý.",
                table=_unit_table(found["by_unit"]),
            )
        )
    if found["indicators"]:
        sections.append(
            section(
                "indicators",
                "Kết quả thực hiện các chỉ tiêu",
                f"Có {len(found['indicators'])} chỉ tiêu được báo cáo kết quả trong quý.",
                table=_indicator_table(found["indicators"]),
            )
        )
    sections.append(
        section("meetings", "Công tác hội nghị, sinh hoạt đảng", _meetings_text(unit, quarter, held, reviews))
    )
    if found_congresses:
        sections.append(section("congresses", "Công tác đại hội", _congress_text(found_congresses)))
    sections.append(
        section("ratings", "Đánh giá, xếp loại và thi đua, khen thưởng", _ratings_awards_text(ratings, awards))
    )
    # Number the parts of I that have content: 1., 2., … (absent parts leave no gap).
    for number, part in enumerate(sections[1:], start=1):
        part["heading"] = f"{number}. {part['heading']}"
    sections.append(section("limits", "II. HẠN CHẾ, NGUYÊN NHÂN", _lagging_text(found["by_unit"]), drafted=False))
    due = tasks_due(unit, following)
    directions = [f"Trong quý {nq} năm {following.year}, tập trung lãnh đạo, chỉ đạo thực hiện các nhiệm vụ sau:"]
    directions += [f"- {task.title} (hạn {day_text(deadline)});" for task, deadline in due]
    if not due:
        directions.append("- …")
    sections.append(
        section(
            "directions",
            f"III. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ {nq} NĂM {following.year}",
            "\n".join(directions),
            drafted=False,
        )
    )
    sections.append(section("proposals", "IV. ĐỀ XUẤT, KIẾN NGHỊ", "", drafted=False))
    return {
        "kind": DraftKind.QUARTERLY_REPORT,
        "type": "report",
        "subject": subject(quarter),
        "sections": sections,
        "recipients": "\n".join(upward_recipients(unit)),
        "period": str(quarter),
        "place": place_of(unit),
        **signature(unit, min(quarter.end + timedelta(days=14), quarter.next().end)),
    }
