"""The DOCX of a party document, read back with python-docx: the layout of Hướng dẫn 36-HD/VPTW (rules.md §2)."""

from datetime import date
from io import BytesIO

import pytest
from docx import Document as Docx
from docx.oxml.ns import qn
from docx.shared import Pt

from dangvu.publishing import layout
from dangvu.publishing.layout import Block, Margins, PartyDocument


def _paper(**fields) -> PartyDocument:
    values = {
        "higher_body": "Đảng bộ tỉnh Tuyên Quang",
        "issuing_body": "Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh",
        "number_line": "Số 12-BC/ĐUK",
        "place": "Tuyên Quang",
        "day": date(2022, 4, 14),
        "type_name": "Báo cáo",
        "subject": "Kết quả thực hiện nhiệm vụ quý I, phương hướng, nhiệm vụ quý II năm 2022",
        "blocks": [
            Block.heading("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ QUÝ I NĂM 2022"),
            Block.paragraph("Trong quý I năm 2022, toàn Đảng bộ theo dõi 12 lượt nhiệm vụ được giao."),
            Block.table([["STT", "Đơn vị", "Số nhiệm vụ"], ["1", "Đảng bộ Văn phòng Tỉnh ủy", "7"]]),
            *[Block.paragraph("Nội dung báo cáo. " * 40) for _ in range(8)],
        ],
        "recipients": ["Thường trực Tỉnh ủy", "Các tổ chức cơ sở đảng trực thuộc"],
        "signing_authority": "T/M BAN THƯỜNG VỤ",
        "signer_title": "Phó Bí thư",
        "signer_name": "Nguyễn Văn A",
    }
    values.update(fields)
    return PartyDocument(**values)


@pytest.fixture
def docx():
    return Docx(BytesIO(layout.build_docx(_paper())))


def _texts(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def _mm(length) -> float:
    """Word stores lengths in twips: compare millimetres to a tenth."""
    return round(length.mm, 1)


def _run(paragraph):
    return paragraph.runs[0]


def test_page_is_a4_portrait_with_the_default_margins(docx):
    section = docx.sections[0]
    assert (_mm(section.page_width), _mm(section.page_height)) == (210, 297)
    assert section.page_width < section.page_height
    assert _mm(section.top_margin) == 20 and _mm(section.bottom_margin) == 20
    assert _mm(section.left_margin) == 30 and _mm(section.right_margin) == 15


def test_margins_are_configurable():
    docx = Docx(BytesIO(layout.build_docx(_paper(margins=Margins(25, 25, 35, 15)))))
    section = docx.sections[0]
    assert _mm(section.top_margin) == 25 and _mm(section.left_margin) == 35


def test_header_blocks_texts_and_styles(docx):
    header = docx.tables[0]
    left, right = header.rows[0].cells
    assert _texts(left) == [
        "ĐẢNG BỘ TỈNH TUYÊN QUANG",
        "ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH",
        "*",
        "Số 12-BC/ĐUK",
    ]
    higher, body, star, number = [p for p in left.paragraphs if p.text]
    assert _run(higher).font.size == Pt(14) and not _run(higher).font.bold
    assert _run(body).font.size == Pt(14) and _run(body).font.bold
    assert _run(number).font.size == Pt(14) and not _run(number).font.bold
    party, place = [p for p in right.paragraphs if p.text]
    assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert _run(party).font.size == Pt(15) and _run(party).font.bold
    # The rule under the heading.
    assert party._element.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:val")) == "single"
    assert place.text == "Tuyên Quang, ngày 14 tháng 4 năm 2022"
    assert _run(place).font.italic and _run(place).font.size == Pt(14)


def test_header_and_closing_tables_have_no_borders(docx):
    for table in (docx.tables[0], docx.tables[-1]):
        borders = table._element.tblPr.find(qn("w:tblBorders"))
        assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


def test_type_name_and_subject_are_centred_bold(docx):
    paragraphs = [p for p in docx.paragraphs if p.text]
    type_name, subject = paragraphs[0], paragraphs[1]
    assert type_name.text == "BÁO CÁO"
    assert type_name.alignment == 1 and _run(type_name).font.bold and _run(type_name).font.size == Pt(16)
    assert subject.text.startswith("Kết quả thực hiện nhiệm vụ quý I")
    assert subject.alignment == 1 and _run(subject).font.bold and _run(subject).font.size == Pt(14)


def test_body_is_times_new_roman_14_justified_with_first_line_indent(docx):
    body = [p for p in docx.paragraphs if p.text.startswith("Trong quý I")][0]
    assert body.alignment == 3  # justify
    assert body.paragraph_format.first_line_indent > 0
    run = _run(body)
    assert run.font.name == "Times New Roman" and run.font.size == Pt(14) and not run.font.bold
    heading = [p for p in docx.paragraphs if p.text.startswith("I. KẾT QUẢ")][0]
    assert _run(heading).font.bold
    assert docx.styles["Normal"].font.name == "Times New Roman"
    # Every run of the document is Times New Roman.
    runs = [r for p in docx.paragraphs for r in p.runs if r.text]
    assert {r.font.name for r in runs} == {"Times New Roman"}


def test_body_table(docx):
    table = docx.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["STT", "Đơn vị", "Số nhiệm vụ"]
    assert table.rows[1].cells[1].text == "Đảng bộ Văn phòng Tỉnh ủy"


def test_recipients_and_signature_block(docx):
    left, right = docx.tables[-1].rows[0].cells
    recipients = [p for p in left.paragraphs if p.text]
    assert recipients[0].text == "Nơi nhận:"
    assert _run(recipients[0]).font.underline
    assert [p.text for p in recipients[1:]] == [
        "- Thường trực Tỉnh ủy,",
        "- Các tổ chức cơ sở đảng trực thuộc,",
        "- Lưu Văn phòng.",
    ]
    assert {_run(p).font.size for p in recipients[1:]} == {Pt(12)}
    signature = [p for p in right.paragraphs if p.text]
    assert [p.text for p in signature] == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Văn A"]
    assert all(_run(p).font.bold for p in signature)
    # Room for the signature and seal between the title and the name.
    texts = [p.text for p in right.paragraphs]
    assert texts.index("Nguyễn Văn A") - texts.index("PHÓ BÍ THƯ") > 3


def test_page_numbers_from_page_two(docx):
    section = docx.sections[0]
    assert section.different_first_page_header_footer
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()
    header = section.header.paragraphs[0]
    instructions = [e.text for e in header._element.iter(qn("w:instrText"))]
    assert instructions == [" PAGE "]
    assert header.alignment == 1
    assert {r.font.size for r in header.runs} == {Pt(14)}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2022, 4, 14), "ngày 14 tháng 4 năm 2022"),
        (date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
        (date(2026, 1, 27), "ngày 27 tháng 01 năm 2026"),
        (date(2026, 5, 27), "ngày 27 tháng 5 năm 2026"),
        (date(2026, 12, 3), "ngày 03 tháng 12 năm 2026"),
    ],
)
def test_date_line_pads_days_under_ten_and_months_one_and_two(day, expected):
    assert layout.long_date(day) == expected


def test_undated_draft_leaves_blanks_for_the_day():
    line = layout.place_date("Tuyên Quang", None, 2022)
    assert line.startswith("Tuyên Quang, ngày ") and line.endswith("năm 2022")


def test_recipients_end_with_the_archive_line_once():
    assert layout.recipient_lines(["- Như trên;", "Lưu Văn phòng"]) == ["- Như trên,", "- Lưu Văn phòng."]


def test_html_preview_shows_the_same_parts():
    html = layout.render_html(_paper())
    for text in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH",
        "Số 12-BC/ĐUK",
        "Tuyên Quang, ngày 14 tháng 4 năm 2022",
        "BÁO CÁO",
        "Nơi nhận:",
        "- Lưu Văn phòng.",
        "T/M BAN THƯỜNG VỤ",
        "Nguyễn Văn A",
    ):
        assert text in html
