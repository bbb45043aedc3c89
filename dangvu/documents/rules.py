"""Pure rules of the document registry: the type table, duplicate keys and file checks.

No ORM and no clock: plain functions of their inputs.
"""

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from xml.etree import ElementTree

from dangvu.core.text import normalise, search_key, strip_diacritics


@dataclass(frozen=True)
class DocumentTypeInfo:
    code: str  # stored value
    symbol: str  # the type part of a number-symbol: "KL" in 21-KL/TW (Quy định 399-QĐ/TW lists them)
    name: str  # full Vietnamese name, as cited in prose


# Order: party types first, then state types, as the type select lists them.
DOCUMENT_TYPES: tuple[DocumentTypeInfo, ...] = (
    DocumentTypeInfo("resolution", "NQ", "Nghị quyết"),
    DocumentTypeInfo("conclusion", "KL", "Kết luận"),
    DocumentTypeInfo("directive", "CT", "Chỉ thị"),
    DocumentTypeInfo("regulation", "QĐ", "Quy định"),
    DocumentTypeInfo("decision", "QĐ", "Quyết định"),
    DocumentTypeInfo("rules", "QC", "Quy chế"),
    DocumentTypeInfo("plan", "KH", "Kế hoạch"),
    DocumentTypeInfo("programme", "CTr", "Chương trình"),
    DocumentTypeInfo("guidance", "HD", "Hướng dẫn"),
    DocumentTypeInfo("notice", "TB", "Thông báo"),
    DocumentTypeInfo("report", "BC", "Báo cáo"),
    DocumentTypeInfo("official_letter", "CV", "Công văn"),
    DocumentTypeInfo("submission", "TTr", "Tờ trình"),
    DocumentTypeInfo("scheme", "ĐA", "Đề án"),
    DocumentTypeInfo("invitation", "GM", "Giấy mời"),
    DocumentTypeInfo("minutes", "BB", "Biên bản"),
    DocumentTypeInfo("law", "", "Luật"),
    DocumentTypeInfo("decree", "NĐ", "Nghị định"),
    DocumentTypeInfo("circular", "TT", "Thông tư"),
)
TYPES_BY_CODE = {info.code: info for info in DOCUMENT_TYPES}

# Abbreviations of issuing bodies seen in citations (rules.md §1), expanded before comparing issuers.
_ISSUER_ABBREVIATIONS = (
    (re.compile(r"\bBCH\b"), "Ban Chấp hành"),
    (re.compile(r"\bBTV\b"), "Ban Thường vụ"),
    (re.compile(r"\bBCT\b"), "Bộ Chính trị"),
    (re.compile(r"\bBBT\b"), "Ban Bí thư"),
    (re.compile(r"\bTƯ\b"), "Trung ương"),
)
_ROMAN = re.compile(r"^[IVXLC]+$")
_DIGITS = re.compile(r"\d+")


def type_name(code: str) -> str:
    """'conclusion' -> 'Kết luận'."""
    return TYPES_BY_CODE[code].name


def number_symbol(number: str, symbol: str) -> str:
    """How the document is cited: '21-KL/TW' (party), '98/2023/NĐ-CP' and '1234/QĐ-UBND' (state), '06/2022/QH15'.

    Party documents are written number-SYMBOL, state documents number/SYMBOL. A blank symbol gives the bare number.
    """
    if not symbol:
        return number
    separator = "/" if "/" in number or is_state_symbol(symbol) else "-"
    return f"{number}{separator}{symbol}"


def is_state_symbol(symbol: str) -> bool:
    """State symbols put the type before a hyphen ('NĐ-CP', 'QĐ-UBND'); party symbols use a slash ('KL/TW')."""
    return "-" in symbol and "/" not in symbol


def number_key(number: str) -> str:
    """'05' and '5' are the same number; '98/2023' keeps its year: '98/2023'."""
    text = normalise(number).replace(" ", "")
    return _DIGITS.sub(lambda m: str(int(m.group())), text).upper()


def symbol_key(symbol: str) -> str:
    """'NĐ-CP' = 'ND-CP'; 'KL/TƯ' (a common misspelling) = 'KL/TW'; spaces and dashes of any kind ignored."""
    text = normalise(symbol).upper().replace(" ", "").replace("–", "-")
    text = text.replace("TƯ", "TW")
    return strip_diacritics(text)


def issuer_key(unit_id: int | None, name: str) -> str:
    """One key for an issuer: the unit of the tree, or the outside body's name with abbreviations expanded."""
    if unit_id is not None:
        return f"unit:{unit_id}"
    text = normalise(name)
    for pattern, expansion in _ISSUER_ABBREVIATIONS:
        text = pattern.sub(expansion, text)
    return "name:" + search_key(text)


def normalise_term(term: str) -> str:
    """'khóa xiii' -> 'XIII'; blank stays blank. Raises ValueError for anything that is not a Roman numeral."""
    text = normalise(term).upper()
    for prefix in ("KHÓA ", "KHOÁ ", "KHOA "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    text = text.strip(" ()")
    if text and not _ROMAN.match(text):
        raise ValueError(term)
    return text


# Attachments --------------------------------------------------------------------------------------------------

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
PDF = "pdf"
DOCX = "docx"
_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def attachment_kind(filename: str, head: bytes) -> str | None:
    """'pdf' or 'docx' when the extension AND the first bytes agree, else None.

    A PDF starts with '%PDF-'; a DOCX is a ZIP archive ('PK\\x03\\x04'), checked further when extracting.
    """
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == PDF and head.startswith(b"%PDF-"):
        return PDF
    if extension == DOCX and head.startswith(b"PK\x03\x04"):
        return DOCX
    return None


def docx_text(content: bytes) -> str | None:
    """The paragraphs of word/document.xml, one a line; None when the file is not a readable DOCX."""
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > 50 * MAX_ATTACHMENT_BYTES:  # refuse zip bombs
                return None
            root = ElementTree.fromstring(archive.read(info))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, RuntimeError, ValueError):
        return None
    paragraphs = []
    for paragraph in root.iter(f"{_WORD_NS}p"):
        paragraphs.append("".join(node.text or "" for node in paragraph.iter(f"{_WORD_NS}t")))
    return normalise_lines("\n".join(paragraphs))


def normalise_lines(text: str) -> str:
    """Normalise each line, dropping empty ones."""
    return "\n".join(line for line in (normalise(line) for line in text.splitlines()) if line)
