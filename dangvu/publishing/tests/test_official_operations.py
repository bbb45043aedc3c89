"""Operations on official drafts: who may prepare and issue, concurrent edits, audit, drafting from meetings."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from dangvu.access.models import AuditEntry
from dangvu.access.roles import Role
from dangvu.access.tests.factories import make_user
from dangvu.meetings.operations import invite, save_minutes, set_agenda
from dangvu.meetings.tests.factories import at, make_meeting
from dangvu.members.tests.factories import make_member
from dangvu.publishing import drafting, operations
from dangvu.publishing.models import DraftKind, DraftState, OfficialDraft, Register
from dangvu.publishing.tests.factories import Tree, make_draft, office_of


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def tree(db):
    return Tree()


def test_only_the_units_office_prepares_and_issues(tree):
    secretary = make_user(Role.SECRETARY, tree.bloc)
    with pytest.raises(PermissionDenied):
        make_draft(tree.bloc, secretary)
    office_below = office_of(tree.a)
    with pytest.raises(PermissionDenied):
        make_draft(tree.bloc, office_below)
    draft = make_draft(tree.bloc, office_of(tree.bloc))
    with pytest.raises(PermissionDenied):
        operations.issue(office_below, draft)
    with pytest.raises(PermissionDenied):
        operations.update_draft(secretary, draft, draft.version, subject="Khác")
    assert OfficialDraft.objects.get().state == DraftState.DRAFT


def test_office_above_may_prepare_for_a_unit_below(tree):
    draft = make_draft(tree.a, office_of(tree.bloc))
    assert draft.unit == tree.a


def test_a_stale_save_is_refused_and_overwrites_nothing(tree):
    office = office_of(tree.bloc)
    draft = make_draft(tree.bloc, office)
    opened = draft.version
    operations.update_draft(office, draft, opened, sections={"limits": "Hạn chế của người thứ nhất."})
    with pytest.raises(ValidationError, match="Someone else saved this document") as refused:
        operations.update_draft(office, draft, opened, sections={"limits": "Bản của người thứ hai."})
    assert refused.value.code == "stale"
    saved = OfficialDraft.objects.get(pk=draft.pk)
    assert {s["key"]: s["text"] for s in saved.sections}["limits"] == "Hạn chế của người thứ nhất."
    assert saved.version == opened + 1


def test_edits_are_audited_and_keep_the_sections(tree):
    office = office_of(tree.bloc)
    draft = make_draft(tree.bloc, office)
    operations.update_draft(
        office, draft, draft.version, sections={"limits": "Một số chi bộ còn chậm."}, recipients="A\n\nB"
    )
    draft.refresh_from_db()
    assert [s["key"] for s in draft.sections] == ["results", "limits"]
    assert draft.recipients == "A\nB"
    actions = list(AuditEntry.objects.filter(object_type="publishing.officialdraft").values_list("action", flat=True))
    assert sorted(actions) == ["create", "update"]
    with pytest.raises(ValidationError):
        operations.update_draft(office, draft, draft.version, sections={"nope": "x"})


def test_issued_documents_are_locked(tree):
    office = office_of(tree.bloc)
    draft = operations.issue(office, make_draft(tree.bloc, office), on=date(2022, 4, 14))
    assert AuditEntry.objects.filter(action="issue", object_id=str(draft.pk)).exists()
    with pytest.raises(ValidationError, match="has been issued"):
        operations.update_draft(office, draft, draft.version, subject="Khác")
    with pytest.raises(ValidationError, match="has been issued"):
        operations.issue(office, draft)


@pytest.fixture
def meeting(tree):
    meeting = make_meeting(
        tree.bloc,
        at(2022, 4, 13, 8),
        kind="executive_conference",
        title="Hội nghị Ban Chấp hành Đảng bộ Khối lần thứ 8",
    )
    set_agenda(None, meeting, [{"title": "Sơ kết quý I năm 2022"}, {"title": "Triển khai nhiệm vụ quý II"}])
    invite(None, meeting, [make_member(tree.c, "Trần Thị Bình")])
    return meeting


def test_invitation_from_a_meeting(tree, meeting):
    draft = operations.draft_from_meeting(office_of(tree.bloc), meeting, DraftKind.INVITATION)
    assert (draft.type, draft.meeting, draft.kind) == ("invitation", meeting, DraftKind.INVITATION)
    paper = drafting.paper(draft)
    assert paper.type_name == "Giấy mời" and paper.number_line.endswith("-GM/ĐUK")
    texts = "\n".join(block.text for block in paper.blocks)
    assert "Đồng chí Trần Thị Bình" in texts
    assert "08 giờ 00, ngày 13/04/2022" in texts
    assert "1. Sơ kết quý I năm 2022" in texts


def test_minutes_and_notice_from_the_meetings_minutes(tree, meeting):
    save_minutes(None, meeting, "Hội nghị đã thảo luận.", "Thống nhất triển khai Nghị quyết 48-NQ/TU.")
    office = office_of(tree.bloc)
    minutes = operations.draft_from_meeting(office, meeting, DraftKind.MINUTES)
    assert minutes.type == "minutes"
    sections = {s["key"]: s["text"] for s in minutes.sections}
    assert sections["content"] == "Hội nghị đã thảo luận."
    notice = operations.draft_from_meeting(office, meeting, DraftKind.CONCLUSIONS_NOTICE)
    assert notice.type == "notice" and drafting.paper(notice).number_line.endswith("-TB/ĐUK")
    assert "Thống nhất triển khai Nghị quyết 48-NQ/TU." in [s["text"] for s in notice.sections]
    assert notice.subject.startswith("Kết luận hội nghị Ban Chấp hành")


def test_award_decision_lists_the_awards(tree):
    from dangvu.awards.models import Award, AwardForm, AwardType

    award_type = AwardType(name="Giấy khen", form=AwardForm.CERTIFICATE_OF_COMMENDATION, grantor_unit=tree.bloc)
    member = make_member(tree.a1, "Lê Văn Cường")
    awards = [Award(award_type=award_type, year=2021, member=member, citation="Đã có thành tích xuất sắc")]
    draft = operations.draft_award_decision(office_of(tree.bloc), tree.bloc, awards)
    assert draft.type == "decision" and draft.kind == DraftKind.AWARD_DECISION
    table = {s["key"]: s for s in draft.sections}["list"]["table"]
    assert table[0] == ["STT", "Họ và tên / Tên tập thể", "Đơn vị", "Thành tích"]
    assert table[1][:2] == ["1", "Lê Văn Cường"] and table[1][3] == "Đã có thành tích xuất sắc"
    assert drafting.paper(draft).number_line.endswith("-QĐ/ĐUK")


def test_award_decision_of_a_registered_decision_keeps_its_number(tree):
    from dangvu.awards.models import Award, AwardForm, AwardType
    from dangvu.documents.operations import register_document

    decision = register_document(
        None, type="decision", number="412", symbol="QĐ/ĐUK", issuer_unit=tree.bloc, issued_on=date(2022, 4, 5)
    )
    award_type = AwardType(name="Giấy khen", form=AwardForm.CERTIFICATE_OF_COMMENDATION, grantor_unit=tree.bloc)
    awards = [Award(award_type=award_type, year=2021, unit=tree.c, citation="Trong sạch, vững mạnh")]
    office = office_of(tree.bloc)
    draft = operations.draft_award_decision(office, tree.bloc, awards, decision=decision)
    paper = drafting.paper(draft)
    assert paper.number_line == "Số 412-QĐ/ĐUK" and paper.day == date(2022, 4, 5)
    issued = operations.issue(office, draft)
    assert issued.document == decision and issued.issued_on == date(2022, 4, 5)
    assert not Register.objects.exists()  # no new number taken
    with pytest.raises(ValidationError, match="already been drafted"):
        operations.draft_award_decision(office, tree.bloc, awards, decision=decision)
