"""Property tests: citations generated in every supported shape of rules.md §1, embedded in Vietnamese prose with
separators and line breaks, parse back to exactly the fields they were built from."""

from hypothesis import given, settings
from hypothesis import strategies as st

from dangvu.documents.citation_types import PARTY_SYMBOLS, STATE_SYMBOLS, TYPE_ABBREVIATIONS, TYPE_WORDS
from dangvu.documents.citations import find_citations

TYPE_WORD_LIST = sorted(w for w in TYPE_WORDS if w != "Luật")
PARTY_ISSUERS = ["TW", "TU", "ĐU", "ĐUK", "HU", "CB", "BTCTW", "VPTW", "UBKTTW", "BTCTU"]
STATE_ISSUERS = ["CP", "BNV", "TTg", "UBND", "BTC", "HĐND", "VPCP"]
ISSUERS = [
    "BCH Trung ương",
    "Bộ Chính trị",
    "Ban Bí thư",
    "BCH Đảng bộ tỉnh",
    "BTV Tỉnh ủy",
    "Tỉnh ủy",
    "Đảng ủy Khối",
    "Chính phủ",
    "Thủ tướng Chính phủ",
    "UBND tỉnh Tuyên Quang",
    "Bộ Nội vụ",
    "Ban Chấp hành Trung ương Đảng",
    "Ban Thường vụ Đảng ủy Khối",
]
LAW_NAMES = [
    "Thi đua, khen thưởng",
    "Cán bộ, công chức",
    "Tổ chức chính quyền địa phương",
    "Đất đai",
    "Phòng, chống tham nhũng",
]
ROMANS = ["IX", "X", "XI", "XII", "XIII", "XIV", "XVII", "XIX"]
PROSE = [
    "triển khai thực hiện nghiêm túc",
    "các nhiệm vụ trọng tâm",
    "trong quý II-2022",
    "nhiệm kỳ 2020-2025",
    "Hội nghị lần thứ 8",
    "tặng 6 đảng viên 5 năm liền (2017-2021)",
    "kinh phí 1.500.000 đồng",
    "điện thoại 0207.3822.123",
    "ngày 13-4 năm 2022",
    "cán bộ, đảng viên",
    "Đảng ủy Khối tập trung lãnh đạo",
    "các nghị quyết, kết luận của Trung ương",
]
SEPARATORS = ["; ", ", ", " và ", ". ", ";\n"]
AFTER = ["về đẩy mạnh học tập", "để triển khai", "nhằm nâng cao chất lượng", "đạt kết quả tốt"]


@st.composite
def dates(draw):
    day, month, year = draw(st.integers(1, 28)), draw(st.integers(1, 12)), draw(st.integers(1990, 2030))
    d = f"{day:02d}" if draw(st.booleans()) else str(day)
    m = f"{month:02d}" if draw(st.booleans()) else str(month)
    shape = draw(
        st.sampled_from([", ngày {d}-{m}-{y}", " ngày {d}/{m}/{y}", " ngày {d} tháng {m} năm {y}", " ({d}/{m}/{y})"])
    )
    return shape.format(d=d, m=m, y=year), f"{year:04d}-{month:02d}-{day:02d}"


@st.composite
def numbers(draw, with_lead: bool):
    """(written number-symbol, number, symbol, type from symbol)."""
    kinds = ["party", "state", "admin"] + (["plain"] if with_lead else [])
    kind = draw(st.sampled_from(kinds))
    n = draw(st.integers(1, 2999))
    written_n = f"{n:02d}" if n < 10 and draw(st.booleans()) else str(n)
    if kind == "party":
        code = draw(st.sampled_from(sorted(PARTY_SYMBOLS)))
        symbol = f"{code}/{draw(st.sampled_from(PARTY_ISSUERS))}"
        return f"{written_n}-{symbol}", written_n, symbol, PARTY_SYMBOLS[code]
    if kind == "state":
        year = draw(st.integers(1995, 2026))
        if draw(st.booleans()):
            symbol = f"QH{draw(st.integers(11, 15))}"
            kind_type = "Luật"
        else:
            code = draw(st.sampled_from(sorted(c for c in STATE_SYMBOLS if c != "L")))
            symbol = f"{code}-{draw(st.sampled_from(STATE_ISSUERS))}"
            kind_type = STATE_SYMBOLS[code]
        return f"{written_n}/{year}/{symbol}", f"{written_n}/{year}", symbol, kind_type
    if kind == "admin":
        if draw(st.booleans()):
            code = draw(st.sampled_from(sorted(c for c in STATE_SYMBOLS if c != "L")))
            symbol = f"{code}-UBND"
            kind_type = STATE_SYMBOLS[code]
        else:
            symbol = f"UBND-{draw(st.sampled_from(['KT', 'VX', 'NC', 'TH']))}"
            kind_type = "Công văn"
        return f"{written_n}/{symbol}", written_n, symbol, kind_type
    return written_n, written_n, None, None


@st.composite
def citations(draw):
    """(text, expected fields) of one citation."""
    joint = draw(st.sampled_from([" ", " ", "\n"]))
    if draw(st.integers(0, 9)) == 0:  # a law by name and year
        name, year = draw(st.sampled_from(LAW_NAMES)), draw(st.integers(1990, 2026))
        text = f"Luật {name} năm {year}"
        return text, dict(type="Luật", number=None, symbol=None, date=None, issuer=None, term=None, span=text)
    lead = draw(st.sampled_from(["word", "word", "abbreviation", "none"]))
    written, number, symbol, symbol_type = draw(numbers(with_lead=lead != "none"))
    if lead == "abbreviation" and symbol is not None:
        lead = "word"
    so = draw(st.booleans()) if lead != "abbreviation" else False
    parts = []
    if lead == "word":
        word = draw(st.sampled_from(TYPE_WORD_LIST))
        doc_type = TYPE_WORDS[word]
        parts.append(word + joint)
    elif lead == "abbreviation":
        abbreviation = draw(st.sampled_from(sorted(TYPE_ABBREVIATIONS)))
        doc_type = TYPE_ABBREVIATIONS[abbreviation]
        parts.append(abbreviation + " ")
    else:
        doc_type = symbol_type
    if so:
        parts.append("số" + draw(st.sampled_from([" ", " ", "\n", ": "])))
    parts.append(written)
    date = issuer = term = None
    if draw(st.booleans()):
        written_date, date = draw(dates())
        parts.append(written_date)
    if draw(st.booleans()):
        issuer = draw(st.sampled_from(ISSUERS))
        parts.append(f" của{joint}{issuer}")
    if draw(st.booleans()):
        term = draw(st.sampled_from(ROMANS))
        parts.append(draw(st.sampled_from([f" (khóa {term})", f" khóa {term}", f" (khoá {term})"])))
    text = "".join(parts)
    return text, dict(type=doc_type, number=number, symbol=symbol, date=date, issuer=issuer, term=term, span=text)


@st.composite
def passages(draw):
    items = draw(st.lists(citations(), min_size=1, max_size=5))
    pieces = [draw(st.sampled_from(PROSE)) + " "]
    for text, _expected in items:
        pieces.append(text)
        pieces.append(draw(st.sampled_from(SEPARATORS)) + draw(st.sampled_from(AFTER)) + " ")
        pieces.append(draw(st.sampled_from(PROSE)) + " ")
    return "".join(pieces), [expected for _text, expected in items]


@settings(max_examples=300, deadline=None)
@given(passages())
def test_generated_citations_round_trip(passage):
    text, expected = passage
    found = find_citations(text)
    assert [c.as_dict() for c in found] == expected
    for c in found:
        assert text[c.start : c.end] == c.span


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PROSE + AFTER), min_size=1, max_size=12), st.sampled_from(SEPARATORS))
def test_prose_with_dates_terms_quarters_ordinals_phones_and_money_has_no_citation(words, separator):
    assert find_citations(separator.join(words)) == []
