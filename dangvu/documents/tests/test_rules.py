import io
import zipfile

import pytest

from dangvu.documents import rules


def test_party_and_state_numbers_are_written_in_their_own_style():
    assert rules.number_symbol("21", "KL/TW") == "21-KL/TW"
    assert rules.number_symbol("98/2023", "NĐ-CP") == "98/2023/NĐ-CP"
    assert rules.number_symbol("1234", "QĐ-UBND") == "1234/QĐ-UBND"
    assert rules.number_symbol("06/2022", "QH15") == "06/2022/QH15"
    assert rules.number_symbol("2022", "") == "2022"


def test_leading_zeros_do_not_make_a_new_number():
    assert rules.number_key("05") == rules.number_key("5")
    assert rules.number_key("98/2023") == "98/2023"


def test_symbol_key_ignores_diacritics_spaces_and_the_tu_misspelling():
    assert rules.symbol_key("NĐ-CP") == rules.symbol_key("ND-CP")
    assert rules.symbol_key("KL/TƯ") == rules.symbol_key("KL / TW")
    assert rules.symbol_key("NQ/TU") != rules.symbol_key("NQ/TW")


def test_abbreviated_issuers_are_the_same_body():
    assert rules.issuer_key(None, "BCH Trung ương") == rules.issuer_key(None, "Ban Chấp hành Trung ương")
    assert rules.issuer_key(None, "BCT") == rules.issuer_key(None, "Bộ Chính trị")
    assert rules.issuer_key(7, "") == "unit:7"


@pytest.mark.parametrize(("written", "term"), [("XIII", "XIII"), ("khóa xiii", "XIII"), ("(XVII)", "XVII"), ("", "")])
def test_terms_are_roman_numerals(written, term):
    assert rules.normalise_term(written) == term


def test_a_term_that_is_not_a_roman_numeral_is_refused():
    with pytest.raises(ValueError):
        rules.normalise_term("2020-2025")


def test_every_type_has_a_vietnamese_name():
    assert rules.type_name("conclusion") == "Kết luận"
    assert rules.type_name("official_letter") == "Công văn"
    assert len({t.code for t in rules.DOCUMENT_TYPES}) == len(rules.DOCUMENT_TYPES)


def test_a_pdf_is_recognised_by_extension_and_content():
    assert rules.attachment_kind("nghi-quyet.PDF", b"%PDF-1.7\n") == "pdf"
    assert rules.attachment_kind("nghi-quyet.pdf", b"<!DOCTYPE html>") is None
    assert rules.attachment_kind("nghi-quyet.html", b"%PDF-1.7\n") is None
    assert rules.attachment_kind("ket-luan.docx", b"PK\x03\x04") == "docx"


def docx_bytes(*paragraphs: str) -> bytes:
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>')
    return buffer.getvalue()


def test_docx_text_is_read_from_the_document_xml():
    content = docx_bytes("NGHỊ QUYẾT", "về chuyển đổi số tỉnh Tuyên Quang")
    assert rules.docx_text(content) == "NGHỊ QUYẾT\nvề chuyển đổi số tỉnh Tuyên Quang"


def test_a_zip_that_is_not_a_docx_gives_no_text():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "x")
    assert rules.docx_text(buffer.getvalue()) is None
