"""The quarterly report drafted from the data: its figures are those of tracking.queries."""

from datetime import date
from decimal import Decimal

import pytest

from dangvu.core.periods import Quarter
from dangvu.documents.operations import register_document
from dangvu.meetings.tests.factories import at, make_meeting
from dangvu.publishing import drafting, operations, quarterly
from dangvu.publishing.models import DraftKind
from dangvu.publishing.tests.factories import Tree
from dangvu.tracking import queries
from dangvu.tracking.operations import open_cycle, review_report, submit_report
from dangvu.tracking.rules import Status
from dangvu.tracking.tests.factories import make_assignment, make_task

Q1 = Quarter(2022, 1)


@pytest.fixture
def data(db):
    tree = Tree()
    programme = register_document(
        None,
        type="resolution",
        number="48",
        symbol="NQ/TU",
        issuer_unit=tree.province,
        issued_on=date(2021, 11, 15),
        subject="về chuyển đổi số tỉnh Tuyên Quang đến năm 2025",
    )
    open_cycle(None, tree.bloc, Q1, date(2022, 4, 10))
    digital = make_task(
        tree.bloc,
        "Quán triệt Nghị quyết 48-NQ/TU",
        document=programme,
        indicator="Tỷ lệ hồ sơ số",
        indicator_unit="%",
        indicator_target=Decimal("80"),
    )
    done = make_assignment(digital, tree.a, deadline=date(2022, 3, 15), assigned_on=date(2022, 1, 10))
    late = make_assignment(digital, tree.b, deadline=date(2022, 2, 28), assigned_on=date(2022, 1, 10))
    report = submit_report(None, done, Q1, percent=100, completed_on=date(2022, 3, 10), indicator_value=Decimal("85"))
    review_report(None, report, accept=True)
    other = make_task(tree.bloc, "Kiểm tra việc sinh hoạt chi bộ")
    make_assignment(other, tree.c, deadline=date(2022, 6, 30), assigned_on=date(2022, 2, 1))
    make_meeting(tree.bloc, at(2022, 1, 20, 8), kind="standing_committee", title="Họp Ban Thường vụ tháng 1/2022")
    make_meeting(tree.a1, at(2022, 3, 5, 14), title="Sinh hoạt chi bộ thường kỳ tháng 3/2022")
    return {"tree": tree, "late": late, "programme": programme}


def _sections(fields):
    return {s["key"]: s for s in fields["sections"]}


def test_subject_names_both_quarters():
    assert quarterly.subject(Q1) == "Kết quả thực hiện nhiệm vụ quý I, phương hướng, nhiệm vụ quý II năm 2022"
    assert quarterly.subject(Quarter(2022, 4)) == (
        "Kết quả thực hiện nhiệm vụ quý IV năm 2022, phương hướng, nhiệm vụ quý I năm 2023"
    )


def test_figures_are_those_of_the_tracking_queries(data):
    tree = data["tree"]
    fields = quarterly.draft(tree.bloc, Q1)
    total = queries.rollup(queries.assignments_in(tree.bloc), Q1, date(2022, 4, 10))
    text = _sections(fields)["tasks"]["text"]
    s = total.by_status
    assert f"theo dõi {total.total} lượt nhiệm vụ" in text
    assert f"đúng hạn {s[Status.DONE_ON_TIME]}" in text and f"quá hạn {s[Status.OVERDUE]}" in text
    assert f"Có {total.reports}/{total.expected_reports} báo cáo" in text
    assert (total.total, s[Status.DONE_ON_TIME], s[Status.OVERDUE]) == (3, 1, 1)
    assert f"đạt {drafting.rate_text(total.on_time_rate)}" in text
    # By programme: the resolution's tasks, and the others.
    table = _sections(fields)["tasks"]["table"]
    assert table[1][1] == "Nghị quyết 48-NQ/TU" and table[1][2] == "2" and table[1][4] == "1"
    assert table[2][1] == "Nhiệm vụ khác" and table[2][2] == "1"
    # By unit: one row per unit below with assignments, as queries.by_unit.
    rows = queries.by_unit(tree.bloc, Q1)
    units = _sections(fields)["units"]["table"]
    assert [r[1] for r in units[1:]] == [row.unit.name for row in rows]
    assert [r[3] for r in units[1:]] == [str(row.overdue) for row in rows]


def test_indicators_meetings_and_directions(data):
    tree = data["tree"]
    sections = _sections(quarterly.draft(tree.bloc, Q1))
    assert sections["indicators"]["table"][1][1] == "Tỷ lệ hồ sơ số"
    assert sections["indicators"]["table"][1][3] == "85%"
    meetings = sections["meetings"]["text"]
    assert "1 cuộc họp Ban Thường vụ" in meetings and "1 buổi sinh hoạt chi bộ thường kỳ" in meetings
    assert "Ngày 20/01/2022: Họp Ban Thường vụ tháng 1/2022" in meetings
    directions = sections["directions"]
    assert directions["heading"] == "III. PHƯƠNG HƯỚNG, NHIỆM VỤ QUÝ II NĂM 2022"
    assert not directions["drafted"]
    assert "Kiểm tra việc sinh hoạt chi bộ (hạn 30/06/2022)" in directions["text"]
    assert not sections["limits"]["drafted"]
    assert tree.b.name in sections["limits"]["text"]  # the lagging unit, as a starting point


def test_drafting_stores_an_editable_report(data):
    tree = data["tree"]
    draft = operations.draft_quarterly_report(None, tree.bloc, Q1)
    assert draft.kind == DraftKind.QUARTERLY_REPORT and draft.type == "report" and draft.period == "2022-Q1"
    assert draft.place == "Tuyên Quang"
    assert draft.recipients.splitlines()[0] == "Thường trực Tỉnh ủy Tuyên Quang"
    assert draft.signing_authority == "T/M BAN THƯỜNG VỤ"
    paper = drafting.paper(draft)
    assert paper.number_line.startswith("Số ") and paper.number_line.endswith("-BC/ĐUK")
    assert paper.type_name == "Báo cáo"
    assert paper.issuing_body == "Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh"
