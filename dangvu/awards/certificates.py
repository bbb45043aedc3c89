"""Printable certificates of granted awards (DOCX and PDF) and the list that goes with a decision (DOCX and XLSX).

The certificate is an official paper in Vietnamese whatever the interface language, so its wording is not translated:
"ĐẢNG CỘNG SẢN VIỆT NAM", the granting body, the form (BẰNG KHEN / GIẤY KHEN / CỜ THI ĐUA), "Tặng" the recipient, the
citation, the decision, place and date, and the signature block of the standing committee.
"""

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from dangvu.awards.models import Award, AwardForm
from dangvu.documents.models import Document
from dangvu.units.models import Unit, UnitKind

FORM_TITLES = {
    AwardForm.EMULATION_FLAG: "CỜ THI ĐUA",
    AwardForm.CERTIFICATE_OF_MERIT: "BẰNG KHEN",
    AwardForm.CERTIFICATE_OF_COMMENDATION: "GIẤY KHEN",
}
FONT_DIRS = (
    ("/usr/share/fonts/truetype/liberation2", "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation", "LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"),
    ("/usr/share/fonts/truetype/noto", "NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf"),
    ("/usr/share/fonts/truetype/dejavu", "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
)
PLACE_PREFIXES = ("Đảng bộ tỉnh ", "Đảng bộ thành phố ", "Tỉnh ủy ", "Thành ủy ")


def find_font() -> tuple[Path, Path]:
    """A serif TTF (regular, bold) on this system with every Vietnamese glyph: Liberation Serif (metric-compatible
    with Times New Roman), then Noto Serif, then DejaVu Serif."""
    for folder, regular, bold in FONT_DIRS:
        r, b = Path(folder) / regular, Path(folder) / bold
        if r.exists():
            return r, b if b.exists() else r
    raise RuntimeError("No serif TTF font with Vietnamese glyphs found (install fonts-liberation2 or fonts-noto).")


def _day(day) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _long_day(day) -> str:
    return f"ngày {day:%d} tháng {day:%m} năm {day:%Y}" if day else "ngày … tháng … năm …"


def place_of(unit: Unit) -> str:
    """The place printed before the date: the province's name, from the top of the tree ("Tuyên Quang")."""
    root = unit
    ids = unit.ancestor_ids()
    if ids:
        root = Unit.objects.filter(pk__in=ids, kind=UnitKind.PROVINCE).first() or Unit.objects.get(pk=ids[0])
    name = root.name
    for prefix in PLACE_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def decision_line(decision: Document) -> str:
    """'Quyết định số 123-QĐ/ĐUK, ngày 05/04/2022'."""
    text = f"Quyết định số {decision.number_symbol}"
    return f"{text}, ngày {_day(decision.issued_on)}" if decision.issued_on else text


def recipient_unit_line(award: Award) -> str:
    """For a person: where they are a member ('Đảng viên Chi bộ Phòng Tổng hợp, Đảng bộ Văn phòng Tỉnh ủy')."""
    if not award.member_id or award.member.unit_id is None:
        return ""
    unit = award.member.unit
    line = f"Đảng viên {unit.name}"
    if unit.parent_id and unit.parent.kind not in {UnitKind.PROVINCE, UnitKind.BLOC}:
        line += f", {unit.parent.name}"
    return line


@dataclass(frozen=True)
class CertificateText:
    party: str
    grantor: str
    title: str
    recipient: str
    recipient_unit: str
    citation: str
    decision: str
    place_date: str
    sign_for: str
    sign_as: str
    number: str


def certificate_text(award: Award) -> CertificateText:
    award_type = award.award_type
    grantor = award_type.grantor or award_type.grantor_unit.name
    decision = award.decision
    recipient = f"Đồng chí {award.member.full_name}" if award.member_id else award.unit.name
    return CertificateText(
        party="ĐẢNG CỘNG SẢN VIỆT NAM",
        grantor=grantor.upper(),
        title=FORM_TITLES.get(award_type.form, award_type.name.upper()),
        recipient=recipient,
        recipient_unit=recipient_unit_line(award),
        citation=award.citation,
        decision=decision_line(decision),
        place_date=f"{place_of(award_type.grantor_unit)}, {_long_day(decision.issued_on)}",
        sign_for="T/M BAN THƯỜNG VỤ",
        sign_as="BÍ THƯ",
        number=f"Số: {award.certificate_number}" if award.certificate_number else "",
    )


def _load(award: Award) -> Award:
    return Award.objects.select_related(
        "award_type",
        "award_type__grantor_unit",
        "member",
        "member__unit",
        "member__unit__parent",
        "unit",
        "decision",
    ).get(pk=award.pk)


# DOCX ----------------------------------------------------------------------------------------------------------------


def _docx_document():
    from docx import Document as Docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Docx()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.orientation = WD_ORIENT.LANDSCAPE
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.top_margin = section.bottom_margin = Cm(1.8)
    return doc


def _para(
    doc,
    text: str,
    size: int = 14,
    bold: bool = False,
    italic: bool = False,
    align: str = "center",
    space_after: int = 4,
):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    paragraph.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
    }[align]
    paragraph.paragraph_format.space_after = Pt(space_after)
    run = paragraph.add_run(text)
    run.font.name = "Times New Roman"
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    return paragraph


def _docx_bytes(doc) -> bytes:
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def certificate_docx(award: Award) -> bytes:
    """The certificate on one A4 landscape page, centred, in Times New Roman, in a double red frame."""
    text = certificate_text(_load(award))
    doc = _docx_document()
    _page_border(doc)
    _para(doc, text.party, 15, bold=True)
    _para(doc, text.grantor, 14, bold=True, space_after=18)
    _para(doc, text.title, 40, bold=True, space_after=14)
    _para(doc, "Tặng", 16, italic=True)
    _para(doc, text.recipient, 22, bold=True)
    if text.recipient_unit:
        _para(doc, text.recipient_unit, 15)
    _para(doc, text.citation, 15, italic=True, space_after=10)
    _para(doc, text.decision, 13)
    if text.number:
        _para(doc, text.number, 12)
    _para(doc, text.place_date, 14, italic=True, align="right", space_after=2)
    _para(doc, text.sign_for, 14, bold=True, align="right", space_after=2)
    _para(doc, text.sign_as, 14, bold=True, align="right")
    return _docx_bytes(doc)


def _page_border(doc) -> None:
    """A double red border on every side of the page (w:pgBorders: python-docx has no API for it)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "page")
    for side in ("top", "left", "bottom", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "double")
        edge.set(qn("w:sz"), "18")  # eighths of a point
        edge.set(qn("w:space"), "24")  # points from the page edge
        edge.set(qn("w:color"), "B71C1C")
        borders.append(edge)
    section = doc.sections[0]._sectPr
    # w:pgBorders comes after w:pgMar in the section properties' schema order.
    margins = section.find(qn("w:pgMar"))
    if margins is not None:
        margins.addnext(borders)
    else:
        section.append(borders)


# PDF -----------------------------------------------------------------------------------------------------------------


def certificate_pdf(award: Award) -> bytes:
    """The same certificate as a PDF, set in a system serif font that has the Vietnamese glyphs."""
    from fpdf import FPDF

    text = certificate_text(_load(award))
    regular, bold = find_font()
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(20, 15, 20)
    pdf.add_font("Serif", "", str(regular))
    pdf.add_font("Serif", "B", str(bold))
    pdf.add_font("Serif", "I", str(regular))
    pdf.add_page()
    pdf.set_draw_color(183, 28, 28)  # a double red frame, as printed certificates have
    pdf.set_line_width(1.2)
    pdf.rect(8, 8, pdf.w - 16, pdf.h - 16)
    pdf.set_line_width(0.4)
    pdf.rect(11, 11, pdf.w - 22, pdf.h - 22)
    width = pdf.w - 40

    def line(value: str, size: float, style: str = "", height: float | None = None, align: str = "C") -> None:
        pdf.set_font("Serif", style, size)
        pdf.multi_cell(width, height or size * 0.5, value, align=align, new_x="LMARGIN", new_y="NEXT")

    pdf.set_y(18)
    line(text.party, 15, "B")
    line(text.grantor, 14, "B")
    pdf.ln(10)
    line(text.title, 42, "B", 20)
    pdf.ln(4)
    line("Tặng", 16)
    line(text.recipient, 24, "B", 13)
    if text.recipient_unit:
        line(text.recipient_unit, 15)
    pdf.ln(2)
    line(text.citation, 15)
    pdf.ln(4)
    line(text.decision, 13)
    if text.number:
        line(text.number, 12)
    pdf.set_y(150)
    half = pdf.w / 2 - 20
    for value, style in ((text.place_date, ""), (text.sign_for, "B"), (text.sign_as, "B")):
        pdf.set_x(pdf.w / 2)
        pdf.set_font("Serif", style, 14)
        pdf.multi_cell(half, 7, value, align="C", new_x="LEFT", new_y="NEXT")
    return bytes(pdf.output())


# The list of a decision -----------------------------------------------------------------------------------------------


LIST_HEADERS = ("STT", "Họ và tên / Tên tập thể", "Chức vụ, chi bộ hoặc đơn vị", "Thành tích")


def decision_awards(decision: Document):
    return (
        Award.objects.filter(decision=decision)
        .select_related("award_type", "member", "member__unit", "member__unit__parent", "unit", "unit__parent")
        .order_by("certificate_number", "id")
    )


def list_rows(awards) -> list[tuple[int, str, str, str]]:
    rows = []
    for index, award in enumerate(awards, start=1):
        if award.member_id:
            unit = award.member.unit
            where = unit.name if unit else ""
            if unit and unit.parent_id and unit.parent.kind not in {UnitKind.PROVINCE, UnitKind.BLOC}:
                where += f", {unit.parent.name}"
            rows.append((index, award.member.full_name, where, award.citation))
        else:
            parent = award.unit.parent.name if award.unit.parent_id else ""
            rows.append((index, award.unit.name, parent, award.citation))
    return rows


def list_title(decision: Document) -> str:
    return f"DANH SÁCH KHEN THƯỞNG (Kèm theo {decision_line(decision)})"


def decision_list_docx(decision: Document, awards=None) -> bytes:
    """The list attached to a decision: a table of STT, name or unit, position/cell, achievement."""
    from docx.shared import Cm, Pt

    awards = list(awards if awards is not None else decision_awards(decision))
    doc = _docx_document()
    issuer = decision.issuer.upper()
    _para(doc, "ĐẢNG CỘNG SẢN VIỆT NAM", 13, bold=True)
    if issuer:
        _para(doc, issuer, 13, bold=True, space_after=10)
    _para(doc, "DANH SÁCH KHEN THƯỞNG", 15, bold=True)
    _para(doc, f"(Kèm theo {decision_line(decision)})", 13, italic=True, space_after=10)
    table = doc.add_table(rows=1, cols=len(LIST_HEADERS))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, LIST_HEADERS, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(header)
        run.bold = True
        run.font.size = Pt(12)
    for row in list_rows(awards):
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(str(value)).font.size = Pt(12)
    for row in table.rows:
        for cell, width in zip(row.cells, (Cm(1.3), Cm(7), Cm(8), Cm(8.4)), strict=True):
            cell.width = width
    _para(doc, f"Danh sách có {len(awards)} trường hợp.", 12, italic=True, align="left")
    return _docx_bytes(doc)


def decision_list_xlsx(decision: Document, awards=None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    awards = list(awards if awards is not None else decision_awards(decision))
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append([list_title(decision)])
    sheet["A1"].font = Font(bold=True)
    sheet.append(list(LIST_HEADERS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in list_rows(awards):
        sheet.append(list(row))
    for column, width in zip("ABCD", (6, 32, 48, 60), strict=True):
        sheet.column_dimensions[column].width = width
    out = BytesIO()
    book.save(out)
    return out.getvalue()
