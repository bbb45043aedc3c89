"""Pages of official documents: scoping, drafting, editing with a version check, issuing, downloads."""

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document as Docx
from openpyxl import load_workbook

from dangvu.access.roles import Role
from dangvu.access.tests.factories import make_user
from dangvu.meetings.tests.factories import at, make_meeting
from dangvu.publishing import pdf
from dangvu.publishing.models import DraftKind, DraftState, OfficialDraft
from dangvu.publishing.tests.factories import Tree, make_draft, office_of


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def tree(db):
    return Tree()


@pytest.fixture
def office(tree, client):
    user = office_of(tree.bloc)
    client.force_login(user)
    return user


def test_list_shows_only_the_units_in_scope(tree, client):
    mine = make_draft(tree.a, subject="Báo cáo của Văn phòng Tỉnh ủy")
    other = make_draft(tree.b, subject="Báo cáo của Sở Tài chính")
    client.force_login(office_of(tree.a))
    page = client.get(reverse("official_list")).content.decode()
    assert mine.subject in page and other.subject not in page
    assert client.get(reverse("official_preview", args=[other.pk])).status_code == 404
    assert client.get(reverse("official_docx", args=[other.pk])).status_code == 404
    assert client.get(reverse("official_edit", args=[other.pk])).status_code == 404


def test_a_reader_previews_but_may_not_edit_or_issue(tree, client):
    draft = make_draft(tree.bloc)
    client.force_login(make_user(Role.LEADER, tree.bloc))
    page = client.get(reverse("official_preview", args=[draft.pk]))
    assert page.status_code == 200 and "ĐẢNG CỘNG SẢN VIỆT NAM" in page.content.decode()
    assert 'id="official-issue"' not in page.content.decode()
    assert client.get(reverse("official_edit", args=[draft.pk])).status_code == 404
    assert (
        client.post(reverse("official_issue", args=[draft.pk]), {"version": 1, "issued_on": "14/04/2022"}).status_code
        == 404
    )
    assert OfficialDraft.objects.get().state == DraftState.DRAFT


def test_list_filters_and_exports(tree, office, client):
    make_draft(tree.bloc, subject="Báo cáo quý")
    make_draft(tree.bloc, kind=DraftKind.INVITATION, type="invitation", subject="Giấy mời hội nghị")
    page = client.get(reverse("official_list"), {"kind": "invitation"}).content.decode()
    assert "Giấy mời hội nghị" in page and "Báo cáo quý" not in page
    response = client.get(reverse("official_export"), {"kind": "invitation"})
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Number" and [r[3] for r in rows[1:]] == ["Giấy mời hội nghị"]


def test_draft_a_quarterly_report_then_edit_it(tree, office, client):
    response = client.post(reverse("official_quarterly_new"), {"unit": tree.bloc.pk, "quarter": "2022-Q1"})
    draft = OfficialDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("official_edit", args=[draft.pk])
    assert draft.subject == "Kết quả thực hiện nhiệm vụ quý I, phương hướng, nhiệm vụ quý II năm 2022"
    form = client.get(response["Location"]).content.decode()
    assert 'name="section_limits"' in form and 'name="section_directions"' in form
    data = {
        "version": draft.version,
        "subject": draft.subject,
        "recipients": draft.recipients,
        "signing_authority": "T/M BAN THƯỜNG VỤ",
        "signer_title": "Phó Bí thư",
        "signer_name": "Nguyễn Văn A",
        **{f"section_{s['key']}": s["text"] for s in draft.sections},
        "section_limits": "Một số chi bộ còn chậm báo cáo.",
    }
    assert client.post(reverse("official_edit", args=[draft.pk]), data).status_code == 302
    draft.refresh_from_db()
    assert {s["key"]: s["text"] for s in draft.sections}["limits"] == "Một số chi bộ còn chậm báo cáo."
    # A second clerk who opened the old version is told, and nothing of theirs is saved.
    stale = client.post(reverse("official_edit", args=[draft.pk]), {**data, "section_limits": "Bản cũ."})
    assert stale.status_code == 409
    assert "Someone else saved this document" in stale.content.decode()
    draft.refresh_from_db()
    assert {s["key"]: s["text"] for s in draft.sections}["limits"] == "Một số chi bộ còn chậm báo cáo."


def test_issue_shows_the_number_and_the_docx_carries_it(tree, office, client):
    draft = make_draft(tree.bloc)
    issue = {"version": draft.version, "issued_on": "14/04/2022"}
    response = client.post(reverse("official_issue", args=[draft.pk]), issue, follow=True)
    page = response.content.decode()
    assert "Issued as number 1-BC/ĐUK" in page
    assert "Tuyên Quang, ngày 14 tháng 4 năm 2022" in page
    draft.refresh_from_db()
    assert draft.state == DraftState.ISSUED and draft.document.number_symbol == "1-BC/ĐUK"
    docx = client.get(reverse("official_docx", args=[draft.pk]))
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "1-BC-DUK" in docx["Content-Disposition"]
    header = Docx(BytesIO(docx.content)).tables[0].rows[0].cells[0]
    assert "Số 1-BC/ĐUK" in [p.text for p in header.paragraphs]
    # Issued: the edit page sends back to the preview, and issuing again is refused.
    assert client.get(reverse("official_edit", args=[draft.pk]))["Location"] == reverse(
        "official_preview", args=[draft.pk]
    )
    again = client.post(reverse("official_issue", args=[draft.pk]), issue, follow=True)
    assert "has been issued" in again.content.decode()


def test_draft_from_a_meeting(tree, office, client):
    meeting = make_meeting(
        tree.bloc, at(2022, 4, 13, 8), kind="executive_conference", title="Hội nghị Ban Chấp hành lần thứ 8"
    )
    assert client.get(reverse("official_from_meeting", args=[meeting.pk])).status_code == 200
    response = client.post(reverse("official_from_meeting", args=[meeting.pk]), {"kind": "invitation"})
    draft = OfficialDraft.objects.get()
    assert response.status_code == 302 and draft.meeting == meeting and draft.type == "invitation"


def test_pdf_only_when_libreoffice_is_present(tree, office, client):
    draft = make_draft(tree.bloc)
    response = client.get(reverse("official_pdf", args=[draft.pk]))
    if not pdf.available():
        assert response.status_code == 404
        assert 'id="official-pdf"' not in client.get(reverse("official_preview", args=[draft.pk])).content.decode()
    else:
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_award_decision_drafted_from_a_registered_decision(tree, office, client):
    from datetime import date

    from dangvu.awards.models import Award, AwardForm, AwardType
    from dangvu.documents.operations import register_document

    decision = register_document(
        None, type="decision", number="412", symbol="QĐ/ĐUK", issuer_unit=tree.bloc, issued_on=date(2022, 4, 5)
    )
    award_type = AwardType.objects.create(
        name="Giấy khen", form=AwardForm.CERTIFICATE_OF_COMMENDATION, grantor_unit=tree.bloc, recipients="units"
    )
    Award.objects.create(award_type=award_type, year=2021, unit=tree.c, decision=decision, citation="Tiêu biểu")
    url = reverse("official_from_award_decision", args=[decision.pk])
    response = client.post(url)
    draft = OfficialDraft.objects.get()
    assert response["Location"] == reverse("official_edit", args=[draft.pk])
    page = client.get(reverse("official_preview", args=[draft.pk])).content.decode()
    assert "Số 412-QĐ/ĐUK" in page and tree.c.name in page
    assert client.post(url)["Location"] == reverse("official_preview", args=[draft.pk])  # drafted once
    client.force_login(office_of(tree.a))
    assert client.post(url).status_code == 404
