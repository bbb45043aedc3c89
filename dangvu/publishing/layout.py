"""The one builder of party documents in the layout of Hướng dẫn 36-HD/VPTW (rules.md §2, research.md §2.4).

A `PartyDocument` holds the parts of the layout (header blocks, number, place and date, type and subject, body
blocks, recipients, signature block); `build_docx` writes it as DOCX with python-docx and `render_html` as the HTML
preview of the page, from the same structure. The paper is Vietnamese whatever the interface language, so the fixed
wording here ("ĐẢNG CỘNG SẢN VIỆT NAM", "Nơi nhận:") is not translated.
"""

from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
FONT = "Times New Roman"  # TCVN 6909:2001 Unicode font (research.md §2.4)

# Sizes in points, from the font table of 36-HD/VPTW, Phụ lục 3 (research.md §2.4).
SIZE_PARTY = 15
SIZE_HEADER = 14
SIZE_NUMBER = 14
SIZE_PLACE_DATE = 14
SIZE_TYPE = 16
SIZE_SUBJECT = 14
SIZE_BODY = 14
SIZE_TABLE = 13
SIZE_RECIPIENTS = 12
SIZE_SIGNATURE = 14
SIZE_PAGE_NUMBER = 14
HEADER_OUTDENT = 0.8  # cm


@dataclass(frozen=True)
class Margins:
    """Page margins in millimetres: top 20, bottom 20, left 30, right 15 by default (research.md §2.4 — the
    unofficial implementations agree; configurable because older handbooks give 25/25/35/15)."""

    top: float = 20
    bottom: float = 20
    left: float = 30
    right: float = 15


@dataclass(frozen=True)
class Block:
    """A piece of the body: a heading (bold), a paragraph (justified, first-line indent) or a table."""

    kind: str  # "heading" | "paragraph" | "table"
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()  # for tables; the first row is the header

    @classmethod
    def heading(cls, text: str) -> "Block":
        return cls("heading", text)

    @classmethod
    def paragraph(cls, text: str) -> "Block":
        return cls("paragraph", text)

    @classmethod
    def table(cls, rows) -> "Block":
        return cls("table", rows=tuple(tuple(str(cell) for cell in row) for row in rows))


@dataclass
class PartyDocument:
    higher_body: str  # "Đảng bộ tỉnh Tuyên Quang" (printed upper case)
    issuing_body: str  # "Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh" (printed upper case, bold)
    number_line: str  # "Số 12-BC/ĐUK"
    place: str  # "Tuyên Quang"
    day: date | None  # None: a draft not yet dated
    type_name: str  # "Báo cáo" (printed upper case, bold)
    subject: str  # the summary (trích yếu), bold
    blocks: list[Block] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)  # without the leading "- "
    signing_authority: str = "T/M BAN THƯỜNG VỤ"
    signer_title: str = ""
    signer_name: str = ""
    margins: Margins = field(default_factory=Margins)
    year: int | None = None  # shown in the date line of an undated draft

    @property
    def date_line(self) -> str:
        return place_date(self.place, self.day, self.year)

    @property
    def recipient_lines(self) -> list[str]:
        return recipient_lines(self.recipients)


def long_date(day: date | None, year: int | None = None) -> str:
    """'ngày 14 tháng 4 năm 2022'; days under 10 and months 1-2 are zero-padded ('ngày 05 tháng 02 năm 2026')
    (research.md §2.4, date rule). Without a day: 'ngày    tháng    năm 2022', to be filled in by hand."""
    if day is None:
        blank = "\u00a0" * 4
        return f"ngày {blank} tháng {blank} năm {year or ''}".rstrip()
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date(place: str, day: date | None, year: int | None = None) -> str:
    """'Tuyên Quang, ngày 14 tháng 4 năm 2022'."""
    return f"{place}, {long_date(day, year)}"


def recipient_lines(recipients: list[str]) -> list[str]:
    """'- Ban Thường vụ Tỉnh ủy,' … ending with '- Lưu Văn phòng.' (research.md §2.4, recipients)."""
    names = [r.strip().lstrip("-").strip().rstrip(",;.") for r in recipients if r.strip()]
    names = [n for n in names if n]
    if not any(n.lower().startswith("lưu") for n in names):
        names.append("Lưu Văn phòng")
    return [f"- {name}{'.' if index == len(names) - 1 else ','}" for index, name in enumerate(names)]


# DOCX ----------------------------------------------------------------------------------------------------------------


def _set_font(run, size: float, bold: bool = False, italic: bool = False, underline: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)


def _paragraph(
    container,
    text: str,
    size: float,
    *,
    bold=False,
    italic=False,
    underline=False,
    align="center",
    space_after: float = 0,
    first_line: float | None = None,
):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    paragraph = container.add_paragraph()
    paragraph.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(space_after)
    if first_line is not None:
        fmt.first_line_indent = Cm(first_line)
    if text:
        _set_font(paragraph.add_run(text), size, bold, italic, underline)
    return paragraph


def _first_paragraph(cell, text: str, size: float, **options):
    """Write into the paragraph a new cell already holds, then add the next ones after it."""
    paragraph = cell.paragraphs[0]
    paragraph._element.getparent().remove(paragraph._element)
    return _paragraph(cell, text, size, **options)


def _borderless(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._element.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _outdent(table, cm: float) -> None:
    """Start the table `cm` left of the text's margin."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), str(-round(cm * 567)))
    indent.set(qn("w:type"), "dxa")
    table._element.tblPr.append(indent)


def _bottom_rule(paragraph) -> None:
    """The solid rule under 'ĐẢNG CỘNG SẢN VIỆT NAM' (a paragraph bottom border)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    paragraph._element.get_or_add_pPr().append(borders)


def _page_field(paragraph, size: float) -> None:
    """A PAGE field: Word and LibreOffice print the page's number in it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def run_with(element):
        run = paragraph.add_run()
        _set_font(run, size)
        run._element.append(element)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    run_with(instruction)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    shown = paragraph.add_run("2")
    _set_font(shown, size)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _widths(table, widths_cm: tuple[float, ...]) -> None:
    from docx.shared import Cm

    table.autofit = False
    # LibreOffice reads the grid's column widths, Word the cells': set both.
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def build_docx(document: PartyDocument) -> bytes:
    """The document as DOCX bytes, in the 36-HD/VPTW layout."""
    from docx import Document as Docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Mm, Pt

    doc = Docx()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(SIZE_BODY)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)

    # A4 portrait and the margins (research.md §2.4).
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    margins = document.margins
    section.top_margin, section.bottom_margin = Mm(margins.top), Mm(margins.bottom)
    section.left_margin, section.right_margin = Mm(margins.left), Mm(margins.right)
    section.header_distance = Mm(10)
    # Page numbers from page 2, centred at the top, 14 pt: the first page has its own, empty header.
    section.different_first_page_header_footer = True
    header_paragraph = section.header.paragraphs[0]
    header_paragraph.alignment = 1  # centre
    _page_field(header_paragraph, SIZE_PAGE_NUMBER)

    text_width = (210 - margins.left - margins.right) / 10  # cm
    # The right column holds the date line (about 8.3 cm in 14 pt italic) on one line, the left one the higher body
    # ("ĐẢNG BỘ TỈNH TUYÊN QUANG"): the header reaches HEADER_OUTDENT into the left margin, as printed documents do.
    left_width = round(text_width - 8.9 + HEADER_OUTDENT, 2)
    right_width = 8.9

    # Header: two borderless columns.
    header = doc.add_table(rows=1, cols=2)
    _borderless(header)
    _outdent(header, HEADER_OUTDENT)
    _widths(header, (left_width, right_width))
    left, right = header.rows[0].cells
    if document.higher_body:
        _first_paragraph(left, document.higher_body.upper(), SIZE_HEADER)
        _paragraph(left, document.issuing_body.upper(), SIZE_HEADER, bold=True)
    else:
        _first_paragraph(left, document.issuing_body.upper(), SIZE_HEADER, bold=True)
    _paragraph(left, "*", SIZE_HEADER)
    _paragraph(left, document.number_line, SIZE_NUMBER)
    party = _first_paragraph(right, PARTY, SIZE_PARTY, bold=True, space_after=6)
    # The rule is as long as the heading: indent the paragraph (whose border it is) to about the text's width.
    inset = max((right_width - 8.6) / 2, 0)
    party.paragraph_format.left_indent = Cm(inset)
    party.paragraph_format.right_indent = Cm(inset)
    _bottom_rule(party)
    _paragraph(right, document.date_line, SIZE_PLACE_DATE, italic=True)

    # Type name and subject, centred.
    _paragraph(doc, "", SIZE_BODY)
    if document.type_name:
        _paragraph(doc, document.type_name.upper(), SIZE_TYPE, bold=True)
    _paragraph(doc, document.subject, SIZE_SUBJECT, bold=True, space_after=12)

    # Body.
    for block in document.blocks:
        if block.kind == "heading":
            _paragraph(doc, block.text, SIZE_BODY, bold=True, align="justify", space_after=6, first_line=1)
        elif block.kind == "table":
            _table(doc, block, text_width)
        else:
            _paragraph(doc, block.text, SIZE_BODY, align="justify", space_after=6, first_line=1)

    # Recipients (left) and signature block (right).
    _paragraph(doc, "", SIZE_BODY)
    end = doc.add_table(rows=1, cols=2)
    _borderless(end)
    _widths(end, (left_width, right_width))
    left, right = end.rows[0].cells
    _first_paragraph(left, "Nơi nhận:", SIZE_HEADER, bold=True, underline=True, align="left")
    for line in document.recipient_lines:
        _paragraph(left, line, SIZE_RECIPIENTS, align="left")
    _first_paragraph(right, document.signing_authority.upper(), SIZE_SIGNATURE, bold=True)
    if document.signer_title:
        _paragraph(right, document.signer_title.upper(), SIZE_SIGNATURE, bold=True)
    for _blank in range(4):
        _paragraph(right, "", SIZE_SIGNATURE)
    _paragraph(right, document.signer_name, SIZE_SIGNATURE, bold=True)

    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _column_widths(columns: int, text_width: float) -> tuple[float, ...]:
    """A narrow first column (STT), figures at 2.4 cm, and the rest to the second column (the names)."""
    if columns < 3:
        return tuple([text_width / columns] * columns)
    figures = min(2.4, (text_width - 1.4) / columns)
    name = text_width - 1.4 - figures * (columns - 2)
    return (1.4, round(name, 2), *([figures] * (columns - 2)))


def _table(doc, block: Block, text_width: float) -> None:
    if not block.rows:
        return
    columns = max(len(row) for row in block.rows)
    table = doc.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    for index, values in enumerate(block.rows):
        cells = table.add_row().cells
        for column, cell in enumerate(cells):
            text = values[column] if column < len(values) else ""
            numeric = text.translate(str.maketrans("", "", ",.%/ —")).isdigit() or text == "—"
            _first_paragraph(
                cell, text, SIZE_TABLE, bold=index == 0, align="center" if index == 0 or numeric else "left"
            )
    _widths(table, _column_widths(columns, text_width))
    _paragraph(doc, "", SIZE_BODY)


# HTML preview ---------------------------------------------------------------------------------------------------------


def render_html(document: PartyDocument) -> str:
    """The same document as HTML, for the preview page (print-friendly)."""
    from django.template.loader import render_to_string

    return render_to_string("publishing/official_paper.html", {"paper": document})
