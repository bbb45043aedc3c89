"""Facts of a meeting gathered from the data, and the article drafted from them (factory data, not the demo)."""

from datetime import date

import pytest
from django.utils import translation

from dangvu.awards import awarding
from dangvu.awards.models import AwardForm, Criterion, Recipients
from dangvu.core.periods import Quarter
from dangvu.documents.citations import find_citations
from dangvu.documents.tests.factories import make_document
from dangvu.meetings import operations as meetings
from dangvu.meetings.tests.factories import at, make_meeting
from dangvu.members.tests.factories import make_member
from dangvu.publishing.news import NewsFacts, award_counts, draft_article, gather_facts
from dangvu.tracking import operations as tracking
from dangvu.units.operations import open_term
from dangvu.units.tests.factories import Tree

CONCLUSIONS = (
    "Hội nghị thống nhất đánh giá kết quả thực hiện nhiệm vụ quý I năm 2022. Giao Ban Thường vụ Đảng ủy Khối chỉ "
    "đạo tiếp tục thực hiện Kết luận số 01-KL/TW; ứng dụng công nghệ thông tin tổ chức hội nghị trực tuyến; chỉ đạo "
    "đại hội chi bộ trực thuộc nhiệm kỳ 2022-2025."
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


class Scene:
    """The bloc's 2nd conference of its 2020-2025 term on 13-4-2022, reviewing 2022-Q1, with documents, conclusions,
    a task, and awards: a flag to 1 base committee and 1 cell, merits to 1 cell and 2 members, commendations to 2."""

    def __init__(self):
        tree = self.tree = Tree()
        open_term(None, tree.bloc, name="2020-2025", starts_on=date(2020, 10, 1))
        cycle = tracking.open_cycle(None, tree.bloc, Quarter(2022, 1))
        self.kl21 = make_document()
        self.kl01 = make_document(
            number="01", issuer_name="Bộ Chính trị", term="", issued_on=date(2021, 5, 18), subject="về tiếp tục"
        )
        make_meeting(tree.bloc, at(2022, 1, 18), kind="executive_conference", title="Hội nghị lần thứ 1")
        meeting = self.meeting = make_meeting(
            tree.bloc,
            at(2022, 4, 13, 8),
            kind="executive_conference",
            title="Hội nghị Ban Chấp hành Đảng bộ Khối lần thứ 2",
            review_cycle=cycle,
        )
        meetings.set_agenda(
            None,
            meeting,
            [
                {"title": "Báo cáo kết quả thực hiện nhiệm vụ quý I", "documents": [self.kl21]},
                {"title": "Kết quả thực hiện Kết luận số 01-KL/TW"},
            ],
        )
        meetings.save_minutes(None, meeting, conclusions=CONCLUSIONS)
        meetings.task_from_meeting(
            None, meeting, title="Tổ chức tập huấn nghiệp vụ công tác đảng", deadline=date(2022, 6, 30)
        )
        self.members = [make_member(tree.a1, full_name=f"Nguyễn Văn {n}") for n in ("An", "Bình", "Cường", "Dũng")]
        province_decision = make_document(
            type="decision",
            number="1026",
            symbol="QĐ/TU",
            issuer_name="",
            issuer_unit=tree.province,
            term="",
            issued_on=date(2022, 4, 5),
        )
        bloc_decision = make_document(
            type="decision",
            number="412",
            symbol="QĐ/ĐUK",
            issuer_name="",
            issuer_unit=tree.bloc,
            term="",
            issued_on=date(2022, 4, 8),
        )

        def kind(form, recipients, grantor_unit, grantor, years=1, name=""):
            return awarding.create_award_type(
                None,
                name=name or f"{form} {recipients}",
                form=form,
                grantor=grantor,
                grantor_unit=grantor_unit,
                recipients=recipients,
                criterion=Criterion.EXCELLENT_YEARS,
                criterion_years=years,
            )

        province = "Ban Thường vụ Tỉnh ủy"
        flag = kind(AwardForm.EMULATION_FLAG, Recipients.UNITS, tree.province, province)
        merit_units = kind(AwardForm.CERTIFICATE_OF_MERIT, Recipients.UNITS, tree.province, province)
        merit_members = kind(AwardForm.CERTIFICATE_OF_MERIT, Recipients.MEMBERS, tree.province, province)
        five = kind(
            AwardForm.CERTIFICATE_OF_COMMENDATION, Recipients.MEMBERS, tree.bloc, "Ban Thường vụ Đảng ủy Khối", 5
        )
        grant = awarding.grant_awards
        grant(None, flag, 2021, province_decision, units=[tree.a, tree.c], presented_at=meeting)
        grant(None, merit_units, 2021, province_decision, units=[tree.b1], presented_at=meeting)
        grant(None, merit_members, 2021, province_decision, members=self.members[:2], presented_at=meeting)
        grant(None, five, 2021, bloc_decision, members=self.members[2:], presented_at=meeting)
        self.meeting.refresh_from_db()


@pytest.fixture
def scene(db):
    return Scene()


@pytest.mark.django_db
def test_facts_of_a_review_conference(scene):
    facts = gather_facts(scene.meeting)
    assert facts.committee == "Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh"
    assert facts.committee_short == "Đảng ủy Khối"
    assert facts.place == "Tuyên Quang"
    assert (facts.date, facts.number, facts.term) == ("2022-04-13", 2, "2020-2025")
    assert (facts.reviewed, facts.deployed) == ("2022-Q1", "2022-Q2")
    assert [d.number_symbol for d in facts.documents] == ["21-KL/TW", "01-KL/TW"]
    assert facts.documents[0].citation == "Kết luận số 21-KL/TW, ngày 25-10-2021 của BCH Trung ương (khóa XIII)"
    assert any("hội nghị trực tuyến" in p for p in facts.priorities)
    assert any("2022-2025" in p for p in facts.priorities)
    assert "Tổ chức tập huấn nghiệp vụ công tác đảng" in facts.priorities
    assert [(g.form_name, g.counts) for g in facts.awards] == [
        ("Cờ thi đua", {"đảng bộ": 1, "chi bộ": 1}),
        ("Bằng khen", {"chi bộ": 1, "cá nhân": 2}),
        ("Giấy khen", {"đảng viên": 2}),
    ]
    assert facts.awards[2].reason == "hoàn thành xuất sắc nhiệm vụ 5 năm liền (2017-2021)"
    # The facts survive the JSON they are stored as.
    assert NewsFacts.from_json(facts.as_json()) == facts


@pytest.mark.django_db
def test_article_states_the_facts(scene):
    draft = draft_article(gather_facts(scene.meeting))
    assert draft.headline == "Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh triển khai nhiệm vụ quý II"
    assert draft.lead == (
        "Ngày 13-4, Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh đã tổ chức Hội nghị Ban Chấp hành Đảng bộ lần "
        "thứ 2 đánh giá kết quả thực hiện nhiệm vụ quý I, triển khai nhiệm vụ quý II năm 2022."
    )
    assert draft.dateline == "Tuyên Quang"
    assert draft.source == "Văn phòng Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh"
    cited = {(c.number, c.symbol): c for c in find_citations(draft.body) if c.date}
    assert cited[("21", "KL/TW")].date == "2021-10-25"
    assert cited[("21", "KL/TW")].term == "XIII"
    assert cited[("01", "KL/TW")].issuer == "Bộ Chính trị"
    assert "Trong quý II-2022, Đảng ủy Khối tập trung triển khai" in draft.body
    assert award_counts(draft.body) == {
        "Cờ thi đua": {"đảng bộ": 1, "chi bộ": 1},
        "Bằng khen": {"chi bộ": 1, "cá nhân": 2},
        "Giấy khen": {"đảng viên": 2},
    }
    assert "5 năm liền (2017-2021)" in draft.body
    assert any("Cờ thi đua" in caption and "Đảng bộ Văn phòng Tỉnh ủy" in caption for caption in draft.captions)
    # No one's name is printed.
    assert not any(member.full_name in draft.body for member in scene.members)


@pytest.mark.django_db
def test_a_cell_meeting_gets_a_simpler_article(db):
    tree = Tree()
    meeting = make_meeting(tree.a1, at(2022, 4, 5, 14))
    draft = draft_article(gather_facts(meeting))
    assert draft.lead == "Ngày 5-4-2022, Chi bộ Phòng Tổng hợp đã tổ chức sinh hoạt chi bộ thường kỳ tháng 4."
    assert draft.body == ""
    assert draft.source == "Chi bộ Phòng Tổng hợp"


def test_award_counts_of_the_seed_sentence():
    text = (
        "Nhân dịp này, Đảng ủy Khối đã trao Cờ Thi đua của Ban Thường vụ Tỉnh ủy tặng 2 đảng bộ và 1 chi bộ; tặng "
        "Bằng khen cho 2 Đảng bộ, 2 chi bộ và 3 cá nhân có thành tích xuất sắc tiêu biểu năm 2021. Ban Thường vụ "
        "cũng đã tặng Giấy khen cho 6 đảng viên hoàn thành xuất sắc nhiệm vụ 5 năm liền (2017-2021)."
    )
    assert award_counts(text) == {
        "Cờ thi đua": {"đảng bộ": 2, "chi bộ": 1},
        "Bằng khen": {"đảng bộ": 2, "chi bộ": 2, "cá nhân": 3},
        "Giấy khen": {"đảng viên": 6},
    }
