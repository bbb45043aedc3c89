"""The quarterly report's DOCX opens in LibreOffice: converted to PDF where LibreOffice is installed."""

from datetime import date

import pytest

from dangvu.publishing import layout, pdf
from dangvu.publishing.layout import Block, PartyDocument

pytestmark = pytest.mark.skipif(not pdf.available(), reason="LibreOffice is not installed on this machine")


def test_the_docx_converts_to_a_pdf_of_a4_pages():
    paper = PartyDocument(
        higher_body="Đảng bộ tỉnh Tuyên Quang",
        issuing_body="Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh",
        number_line="Số 12-BC/ĐUK",
        place="Tuyên Quang",
        day=date(2022, 4, 14),
        type_name="Báo cáo",
        subject="Kết quả thực hiện nhiệm vụ quý I, phương hướng, nhiệm vụ quý II năm 2022",
        blocks=[Block.paragraph("Nội dung báo cáo kết quả thực hiện nhiệm vụ. " * 30) for _ in range(6)],
        recipients=["Thường trực Tỉnh ủy"],
        signer_title="Phó Bí thư",
        signer_name="Nguyễn Văn A",
    )
    content = pdf.docx_to_pdf(layout.build_docx(paper))
    assert content.startswith(b"%PDF")
    assert b"/MediaBox [0 0 595" in content or b"/MediaBox[0 0 595" in content  # A4: 595 x 842 points


@pytest.mark.django_db
def test_the_drafted_quarterly_report_converts_with_its_number_and_text():
    from dangvu.core.periods import Quarter
    from dangvu.publishing import drafting, operations
    from dangvu.publishing.tests.factories import Tree

    tree = Tree()
    draft = operations.issue(
        None, operations.draft_quarterly_report(None, tree.bloc, Quarter(2022, 1)), on=date(2022, 4, 14)
    )
    content = pdf.docx_to_pdf(layout.build_docx(drafting.paper(draft)))
    assert content.startswith(b"%PDF") and len(content) > 5000
