"""The citation parser on the seed article, on each shape of rules.md §1, and on numbers that are not citations."""

import re
import unicodedata
from pathlib import Path

import pytest

from dangvu.documents.citations import Citation, find_citations

SEED = Path("/work/shared/seed/000_0a095ed29884c429.txt")
SEED_PARAGRAPH = (
    "Trọng tâm là triển khai Kế hoạch của Ban Chấp hành (BCH) Đảng bộ tỉnh thực hiện Kết luận số 21-KL/TW, "
    "ngày 25-10-2021 của BCH Trung ương (khóa XIII); Kết luận số 01-KL/TW, ngày 18-5-2021 của Bộ Chính trị về "
    "tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, "
    "phong cách Hồ Chí Minh; xây dựng Chương trình hành động của BCH  Đảng bộ Khối thực hiện Nghị quyết số "
    "48-NQ/TU, ngày 15-11-2021 của BCH Đảng bộ tỉnh (khóa XVII) về chuyển đổi số tỉnh Tuyên Quang đến năm 2025, "
    "định hướng đến năm 2030; giao việc đột phá, đổi mới đối với cán bộ lãnh đạo, quản lý"
)
# The seed article cites four documents. 05-CT/TW is named inside the subject of 01-KL/TW ("về tiếp tục thực hiện
# Chỉ thị số 05-CT/TW ..."); it is a citation of its own (its own type word, number and issuer), so the article
# yields 4 citations: 21-KL/TW, 01-KL/TW, 05-CT/TW, 48-NQ/TU (rules.md §1, issue 3 acceptance).
SEED_CITATIONS = [
    {
        "type": "Kết luận",
        "number": "21",
        "symbol": "KL/TW",
        "date": "2021-10-25",
        "issuer": "BCH Trung ương",
        "term": "XIII",
        "span": "Kết luận số 21-KL/TW, ngày 25-10-2021 của BCH Trung ương (khóa XIII)",
    },
    {
        "type": "Kết luận",
        "number": "01",
        "symbol": "KL/TW",
        "date": "2021-05-18",
        "issuer": "Bộ Chính trị",
        "term": None,
        "span": "Kết luận số 01-KL/TW, ngày 18-5-2021 của Bộ Chính trị",
    },
    {
        "type": "Chỉ thị",
        "number": "05",
        "symbol": "CT/TW",
        "date": None,
        "issuer": "Bộ Chính trị",
        "term": None,
        "span": "Chỉ thị số 05-CT/TW của Bộ Chính trị",
    },
    {
        "type": "Nghị quyết",
        "number": "48",
        "symbol": "NQ/TU",
        "date": "2021-11-15",
        "issuer": "BCH Đảng bộ tỉnh",
        "term": "XVII",
        "span": "Nghị quyết số 48-NQ/TU, ngày 15-11-2021 của BCH Đảng bộ tỉnh (khóa XVII)",
    },
]


def _dicts(text):
    return [c.as_dict() for c in find_citations(text)]


def _one(text) -> Citation:
    found = find_citations(text)
    assert len(found) == 1, found
    return found[0]


def test_seed_paragraph_yields_exactly_its_four_citations():
    assert _dicts(SEED_PARAGRAPH) == SEED_CITATIONS


@pytest.mark.skipif(not SEED.exists(), reason="shared seed article not mounted")
def test_whole_seed_article_yields_exactly_its_four_citations():
    assert _dicts(SEED.read_text(encoding="utf-8")) == SEED_CITATIONS


def test_offsets_point_at_the_span():
    for c in find_citations(SEED_PARAGRAPH):
        assert SEED_PARAGRAPH[c.start : c.end] == c.span


def test_offsets_refer_to_the_nfc_text_when_input_is_decomposed():
    decomposed = unicodedata.normalize("NFD", "Theo Kết luận số 21-KL/TW của Bộ Chính trị.")
    c = _one(decomposed)
    assert unicodedata.normalize("NFC", decomposed)[c.start : c.end] == c.span
    assert c.issuer == "Bộ Chính trị"


@pytest.mark.parametrize(
    ("text", "number", "symbol", "kind"),
    [
        ("Báo cáo số 12-BC/ĐU của Đảng ủy", "12", "BC/ĐU", "Báo cáo"),
        ("Quyết định số 1234/QĐ-UBND", "1234", "QĐ-UBND", "Quyết định"),
        ("Nghị định số 98/2023/NĐ-CP", "98/2023", "NĐ-CP", "Nghị định"),
        ("Thông tư số 15/2022/TT-BNV", "15/2022", "TT-BNV", "Thông tư"),
        ("Luật số 06/2022/QH15", "06/2022", "QH15", "Luật"),
    ],
)
def test_party_and_state_numbering(text, number, symbol, kind):
    c = _one(text)
    assert (c.type, c.number, c.symbol) == (kind, number, symbol)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("theo 21-KL/TW", "Kết luận"),
        ("theo 05-CT/TW", "Chỉ thị"),
        ("theo 36-HD/VPTW", "Hướng dẫn"),
        ("theo 98/2023/NĐ-CP", "Nghị định"),
        ("theo 456/UBND-KT", "Công văn"),  # no type symbol: a công văn (Nghị định 30/2020/NĐ-CP)
        ("theo 06/2022/QH15", "Luật"),
        ("theo 1234/QĐ-UBND", "Quyết định"),  # state QĐ is always Quyết định
        ("theo 24-QĐ/TW", "Quy định"),  # party QĐ without type word: Quy định (rule in citation_types)
    ],
)
def test_type_is_expanded_from_the_symbol_when_the_text_gives_no_type_word(text, kind):
    assert _one(text).type == kind


def test_type_word_wins_over_the_qd_rule():
    assert _one("Quyết định số 342-QĐ/TW của Bộ Chính trị").type == "Quyết định"
    assert _one("Quy định số 24-QĐ/TW").type == "Quy định"


def test_span_starts_at_so_when_there_is_no_type_word():
    c = _one("Luật Ngân sách: số 83/2015/QH13 ngày 25 tháng 6 năm 2015")
    assert c.span == "số 83/2015/QH13 ngày 25 tháng 6 năm 2015"


@pytest.mark.parametrize(
    "written", ["ngày 25-10-2021", "ngày 25/10/2021", "ngày 25 tháng 10 năm 2021", "(25/10/2021)", ", 25-10-2021"]
)
def test_three_date_formats(written):
    assert _one(f"Kết luận số 21-KL/TW{' ' if written[0] not in ',(' else ''}{written} của Bộ Chính trị").date == (
        "2021-10-25"
    )


def test_impossible_date_is_left_out():
    assert _one("Kết luận số 21-KL/TW ngày 31/02/2021").date is None


def test_law_cited_by_name_and_year():
    c = _one("Căn cứ Luật Thi đua, khen thưởng năm 2022;")
    assert (c.type, c.number, c.symbol, c.title) == ("Luật", None, None, "Thi đua, khen thưởng")
    assert c.span == "Luật Thi đua, khen thưởng năm 2022"


def test_law_cited_by_name_and_number():
    c = _one("Căn cứ Luật Đầu tư công số 49/2014/QH13 ngày 18 tháng 6 năm 2014;")
    assert (c.number, c.symbol, c.date) == ("49/2014", "QH13", "2014-06-18")


def test_abbreviated_type_word():
    c = _one("Sơ kết NQ 48 trong quý III")
    assert (c.type, c.number, c.symbol, c.span) == ("Nghị quyết", "48", None, "NQ 48")


def test_list_of_citations_in_one_sentence():
    found = find_citations("Thực hiện Nghị quyết số 18-NQ/TW, 19-NQ/TW; Kết luận 21-KL/TW và Quyết định 1234/QĐ-UBND.")
    assert [(c.type, c.number) for c in found] == [
        ("Nghị quyết", "18"),
        ("Nghị quyết", "19"),
        ("Kết luận", "21"),
        ("Quyết định", "1234"),
    ]


def test_line_breaks_inside_a_citation():
    c = _one("Kết luận số\n21-KL/TW, ngày\n25/10/2021 của Ban Chấp hành\nTrung ương Đảng khóa XIII")
    assert (c.number, c.date, c.issuer, c.term) == ("21", "2021-10-25", "Ban Chấp hành\nTrung ương Đảng", "XIII")


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        (
            "Quyết định số 40/2015/QĐ-TTg ngày 14/9/2015 của Thủ tướng Chính phủ ban hành các nguyên tắc",
            "Thủ tướng Chính phủ",
        ),
        ("Nghị định số 16/2015/NĐ-CP của Chính phủ quy định cơ chế tự chủ", "Chính phủ"),
        ("Thông báo số 05-TB/BCĐTW của Ban Chỉ đạo Trung ương về phát triển", "Ban Chỉ đạo Trung ương"),
        (
            "Thông tư số 11/2004/TTLT-BNN-BNV của Bộ Nông nghiệp và Phát triển nông thôn và các bộ",
            "Bộ Nông nghiệp và Phát triển nông thôn",
        ),
        ("Công văn số 456/UBND-KT ngày 3/4/2024 của UBND tỉnh Tuyên Quang về việc", "UBND tỉnh Tuyên Quang"),
    ],
)
def test_issuer_ends_where_the_institution_name_ends(text, issuer):
    assert _one(text).issuer == issuer


def test_lower_case_type_word_with_so_and_bare_number():
    c = _one("tiếp tục thực hiện nghị quyết số 30 của Chính phủ về cải cách")
    assert (c.type, c.number, c.issuer, c.span) == ("Nghị quyết", "30", "Chính phủ", "nghị quyết số 30 của Chính phủ")


def test_type_word_and_issuer_before_number():
    c = _one("Thi hành Quyết định của Bộ Chính trị số 31-QĐ/TW, ngày 01-10-1997 ban hành Quy định")
    assert (c.type, c.issuer, c.date) == ("Quyết định", "Bộ Chính trị", "1997-10-01")
    assert c.span.startswith("Quyết định của Bộ Chính trị")


@pytest.mark.parametrize(
    "text",
    [
        "Ngày 13-4, hội nghị đánh giá kết quả ngày 25/10/2021 và ngày 25 tháng 10 năm 2021.",  # dates
        "Đại hội Chi bộ nhiệm kỳ 2020-2025 và nhiệm kỳ 2022 - 2025.",  # terms
        "Trong quý II-2022 và quý I/2023, quý IV năm 2024.",  # quarters
        "Hội nghị Ban Chấp hành Đảng bộ lần thứ 8; Đại hội lần thứ XVII.",  # ordinals
        "Liên hệ 0207.3822.123 hoặc 0972 805 588, số 0912345678.",  # phone numbers
        "Kinh phí 1.500.000 đồng, 45.799/36.875 tỷ đồng, 83,2%/50%.",  # money and ratios
        "Kế hoạch 5 năm; Báo cáo 15 năm thi hành Điều lệ; kế hoạch của Ban Chấp hành.",  # type words without a number
        "Nghị quyết Đại hội XIII; các nghị quyết, kết luận của Trung ương; 5 năm liền (2017-2021).",
        "Xếp hạng 38/63 tỉnh; Điều 2 khoản 5; Từ số 571 đến số 572.",
    ],
)
def test_numbers_that_are_not_citations(text):
    assert find_citations(text) == []


def test_module_has_no_django_import():
    import dangvu.documents.citations as module

    for path in (module.__file__, Path(module.__file__).with_name("citation_types.py")):
        source = Path(path).read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+django", source, re.MULTILINE)


@pytest.mark.parametrize(
    ("text", "span", "issuer"),
    [
        (
            "Các đơn vị thực hiện theo thông tư 14 của Bộ Nội vụ về chế độ báo cáo",
            "thông tư 14 của Bộ Nội vụ",
            "Bộ Nội vụ",
        ),
        ("Tiếp tục quán triệt nghị quyết 48.", "nghị quyết 48", None),
        ("Theo Thông tư 14 của Bộ Nội vụ", "Thông tư 14 của Bộ Nội vụ", "Bộ Nội vụ"),
        ("thực hiện chỉ thị 05, kết luận 01 của Bộ Chính trị", "chỉ thị 05", None),
    ],
)
def test_lower_case_type_word_with_bare_number_before_issuer_date_or_clause_end(text, span, issuer):
    c = find_citations(text)[0]
    assert (c.span, c.issuer, c.symbol) == (span, issuer, None)


@pytest.mark.parametrize(
    "text",
    [
        "Sau khi nghị quyết 3 năm qua được thực hiện",
        "Ban Thường vụ đã ban hành chỉ thị 2 lần trong năm",
        "xây dựng kế hoạch 2022 của đơn vị",
        "các nghị quyết 12 tháng qua",
    ],
)
def test_lower_case_type_word_with_bare_number_in_running_prose_is_not_a_citation(text):
    assert find_citations(text) == []


def test_type_word_split_by_a_line_break():
    c = _one("Thực hiện Chỉ\nthị số 8008/CT-TCTL ngày 25/10/2019 của Bộ trưởng Bộ Nông nghiệp và Phát triển\nnông thôn")
    assert (c.type, c.span[:11], c.issuer) == (
        "Chỉ thị",
        "Chỉ\nthị số ",
        "Bộ trưởng Bộ Nông nghiệp và Phát triển\nnông thôn",
    )


def test_citation_in_an_upper_case_title():
    c = _one(
        "THỰC HIỆN CHỈ THỊ SỐ 19/CT-TTG NGÀY 16 THÁNG 7 NĂM 2021 CỦA THỦ TƯỚNG CHÍNH PHỦ VỀ VIỆC PHÁT ĐỘNG THI ĐUA"
    )
    assert (c.type, c.number, c.symbol, c.date, c.issuer) == (
        "Chỉ thị",
        "19",
        "CT-TTG",
        "2021-07-16",
        "THỦ TƯỚNG CHÍNH PHỦ",
    )


def test_ordinance_cited_by_name_and_date():
    c = _one("Căn cứ Pháp lệnh Lưu trữ Quốc gia ngày 04/4/2001;")
    assert (c.type, c.date, c.span) == ("Pháp lệnh", "2001-04-04", "Pháp lệnh Lưu trữ Quốc gia ngày 04/4/2001")


def test_law_without_year_does_not_swallow_the_next_citation():
    found = find_citations("thi hành Luật dự trữ quốc gia và Nghị định số 128/2015/NĐ-CP ngày 15 tháng 12 năm 2015")
    assert [(c.type, c.number) for c in found] == [("Nghị định", "128/2015")]


def test_issuer_with_a_hyphen_between_upper_case_words():
    c = _one("Kế hoạch số 16/KH-HĐTĐKT ngày 31/8/2021 của Hội đồng Thi đua - Khen thưởng Trung ương, Ủy ban")
    assert c.issuer == "Hội đồng Thi đua - Khen thưởng Trung ương"


def test_number_without_hyphen_after_so():
    c = _one("Số: 66/NVĐP\nV/v ban hành Đề cương mẫu")
    assert (c.type, c.number, c.symbol, c.span) == ("Công văn", "66", "NVĐP", "Số: 66/NVĐP")
