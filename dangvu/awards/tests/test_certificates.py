"""Certificates (DOCX, PDF) and the list of a decision (DOCX, XLSX) read back as a user would."""

import shutil
import subprocess
from datetime import date
from io import BytesIO

import pytest
from docx import Document as Docx
from docx.oxml.ns import qn
from openpyxl import load_workbook

from dangvu.awards import certificates
from dangvu.awards.awarding import grant_awards
from dangvu.awards.tests.test_eligibility import five_years
from dangvu.documents.tests.factories import make_document
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def granted():
    tree = Tree()
    members = [make_member(tree.a1, "Nguyễn Thị Hường"), make_member(tree.b1, "Đặng Văn Đức")]
    award_type = five_years(tree.bloc)
    qd = make_document(
        type="decision",
        number="123",
        symbol="QĐ/ĐUK",
        issuer_unit=tree.bloc,
        issuer_name="",
        term="",
        issued_on=date(2022, 4, 5),
        subject="về việc khen thưởng đảng viên 5 năm liền",
    )
    return grant_awards(None, award_type, 2021, qd, members=members)


def _docx_text(content: bytes) -> str:
    doc = Docx(BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_the_docx_certificate_names_the_recipient_the_form_and_the_decision(granted):
    content = certificates.certificate_docx(granted[0])
    doc = Docx(BytesIO(content))
    text = _docx_text(content)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "BAN THƯỜNG VỤ ĐẢNG ỦY KHỐI" in text
    assert "GIẤY KHEN" in text
    assert "Nguyễn Thị Hường" in text
    assert "Chi bộ Phòng Tổng hợp, Đảng bộ Văn phòng Tỉnh ủy" in text
    assert "hoàn thành xuất sắc nhiệm vụ 5 năm liền (2017-2021)" in text
    assert "Quyết định số 123-QĐ/ĐUK, ngày 05/04/2022" in text
    assert "Tuyên Quang, ngày 05 tháng 04 năm 2022" in text
    assert "T/M BAN THƯỜNG VỤ" in text and "BÍ THƯ" in text
    section = doc.sections[0]
    assert section.page_width > section.page_height  # landscape
    assert doc.styles["Normal"].font.name == "Times New Roman"
    borders = section._sectPr.find(qn("w:pgBorders"))
    assert [edge.get(qn("w:val")) for edge in borders] == ["double"] * 4


def test_the_pdf_certificate_has_the_name_in_vietnamese(granted):
    content = certificates.certificate_pdf(granted[1])
    assert content.startswith(b"%PDF")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed")
    text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
    assert "Đặng Văn Đức" in text
    assert "GIẤY KHEN" in text
    assert "123-QĐ/ĐUK" in text


def test_a_font_with_vietnamese_glyphs_is_found():
    regular, bold = certificates.find_font()
    assert regular.exists() and bold.exists()


def test_the_list_of_a_decision_as_docx_and_xlsx(granted):
    decision = granted[0].decision
    text = _docx_text(certificates.decision_list_docx(decision))
    assert "STT" in text and "Nguyễn Thị Hường" in text and "Đặng Văn Đức" in text
    assert "Kèm theo Quyết định số 123-QĐ/ĐUK" in text

    sheet = load_workbook(BytesIO(certificates.decision_list_xlsx(decision))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "STT"
    assert [r[1] for r in rows[2:]] == ["Nguyễn Thị Hường", "Đặng Văn Đức"]
