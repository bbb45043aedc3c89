"""Demo documents: real public party and state documents a bloc committee works with, related to each other.

Every fact comes from `shared/domain/rules.md` and `research.md` (the seed article, §0 supersession map,
§1 citation formats). Where the sources give no date, subject or exact issuing body, the field stays blank or
names the level that the symbol shows ("Trung ương" for …/TW); nothing is filled in by guess.
"""

from datetime import date

from dangvu.documents.models import Document
from dangvu.documents.operations import register_document, relate_documents
from dangvu.units.models import Unit

TW = "Trung ương"  # the symbol …/TW: Executive Committee, Politburo or Secretariat, body not named in the source
BCT = "Bộ Chính trị"
BBT = "Ban Bí thư"
BTCTW = "Ban Tổ chức Trung ương"
VPTW = "Văn phòng Trung ương Đảng"
GOVERNMENT = "Chính phủ"

# (key, type, number, symbol, issuer, term, issued on, subject, validity)
DOCUMENTS = [
    # The four documents the seed article cites.
    (
        "21-KL",
        "conclusion",
        "21",
        "KL/TW",
        "Ban Chấp hành Trung ương",
        "XIII",
        date(2021, 10, 25),
        "về đẩy mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị; kiên quyết ngăn chặn, đẩy lùi, xử lý nghiêm cán bộ, "
        'đảng viên suy thoái về tư tưởng chính trị, đạo đức, lối sống, biểu hiện "tự diễn biến", "tự chuyển hóa"',
        "in_force",
    ),
    (
        "01-KL",
        "conclusion",
        "01",
        "KL/TW",
        BCT,
        "",
        date(2021, 5, 18),
        "về tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, "
        "phong cách Hồ Chí Minh",
        "in_force",
    ),
    (
        "05-CT",
        "directive",
        "05",
        "CT/TW",
        BCT,
        "XII",
        date(2016, 5, 15),
        "về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "in_force",
    ),
    (
        "48-NQ",
        "resolution",
        "48",
        "NQ/TU",
        "Ban Chấp hành Đảng bộ tỉnh Tuyên Quang",
        "XVII",
        date(2021, 11, 15),
        "về chuyển đổi số tỉnh Tuyên Quang đến năm 2025, định hướng đến năm 2030",
        "in_force",
    ),
    ("57-NQ", "resolution", "57", "NQ/TW", TW, "", date(2024, 12, 22), "", "in_force"),
    # Implementing the Party Statute (research.md §0).
    ("294-QĐ", "regulation", "294", "QĐ/TW", TW, "", date(2025, 5, 26), "", "in_force"),
    ("232-QĐ", "regulation", "232", "QĐ/TW", TW, "", None, "", "replaced"),
    ("24-QĐ", "regulation", "24", "QĐ/TW", TW, "", date(2021, 7, 30), "", "replaced"),
    ("29-QĐ", "regulation", "29", "QĐ/TW", TW, "", None, "", "replaced"),
    ("06-HD", "guidance", "06", "HD/TW", BBT, "", date(2025, 6, 9), "", "in_force"),
    ("01-HD-2021", "guidance", "01", "HD/TW", TW, "XIII", date(2021, 9, 28), "", "in_force"),
    ("01-HD-2016", "guidance", "01", "HD/TW", TW, "XII", date(2016, 9, 20), "", "in_force"),
    # Review and quality rating.
    ("366-QĐ", "regulation", "366", "QĐ/TW", BCT, "", date(2025, 8, 30), "", "in_force"),
    ("43-HD", "guidance", "43", "HD/BTCTW", BTCTW, "", date(2025, 10, 31), "", "in_force"),
    ("198-KL", "conclusion", "198", "KL/TW", TW, "", date(2025, 10, 8), "", "in_force"),
    ("10072-CV", "official_letter", "10072", "CV/BTCTW", BTCTW, "", date(2025, 11, 6), "", "in_force"),
    ("124-QĐ", "regulation", "124", "QĐ/TW", TW, "", date(2023, 10, 4), "", "in_force"),
    ("25-HD", "guidance", "25", "HD/BTCTW", BTCTW, "", date(2023, 11, 10), "", "in_force"),
    ("132-QĐ", "regulation", "132", "QĐ/TW", TW, "", None, "", "in_force"),
    ("16-HD", "guidance", "16", "HD/BTCTW", BTCTW, "", None, "", "replaced"),
    ("21-HD", "guidance", "21", "HD/BTCTW", BTCTW, "", None, "", "replaced"),
    ("335-NĐ", "decree", "335/2025", "NĐ-CP", GOVERNMENT, "", None, "", "in_force"),
    ("90-NĐ", "decree", "90/2020", "NĐ-CP", GOVERNMENT, "", None, "", "in_force"),
    # Party dues.
    ("01-QĐ", "regulation", "01", "QĐ/TW", BCT, "", date(2026, 2, 3), "về chế độ đảng phí", "in_force"),
    ("342-QĐ", "decision", "342", "QĐ/TW", TW, "", date(2010, 12, 28), "", "in_force"),
    # Document types and layout.
    (
        "399-QĐ",
        "regulation",
        "399",
        "QĐ/TW",
        BBT,
        "",
        date(2026, 1, 9),
        "về thể loại, thẩm quyền ban hành và thể thức văn bản của Đảng",
        "in_force",
    ),
    ("66-QĐ", "regulation", "66", "QĐ/TW", TW, "", date(2017, 2, 6), "", "in_force"),
    (
        "36-HD",
        "guidance",
        "36",
        "HD/VPTW",
        VPTW,
        "",
        date(2018, 4, 3),
        "về thể thức và kỹ thuật trình bày văn bản của Đảng",
        "in_force",
    ),
    ("11-HD", "guidance", "11", "HD/VPTW", VPTW, "", None, "", "in_force"),
    # Cell meetings.
    ("50-CT", "directive", "50", "CT/TW", TW, "", date(2025, 7, 23), "", "in_force"),
    ("42-HD", "guidance", "42", "HD/BTCTW", BTCTW, "", date(2025, 10, 28), "", "in_force"),
    ("12-HD-2018", "guidance", "12", "HD/BTCTW", BTCTW, "XII", date(2018, 7, 6), "", "in_force"),
    ("10-CT", "directive", "10", "CT/TW", TW, "X", None, "", "in_force"),
    ("18-KL", "conclusion", "18", "KL/TW", TW, "", None, "", "in_force"),
    # Electronic member handbook and party cards.
    ("339-QĐ", "regulation", "339", "QĐ/TW", BBT, "", date(2025, 7, 10), "", "in_force"),
    ("168-KH", "plan", "168", "KH/VPTW", VPTW, "", date(2025, 8, 21), "", "in_force"),
    (
        "26-HD",
        "guidance",
        "26",
        "HD/BTGDVTW",
        "Ban Tuyên giáo và Dân vận Trung ương",
        "",
        date(2025, 8, 27),
        "",
        "in_force",
    ),
    ("51-CT", "directive", "51", "CT/TW", TW, "", date(2025, 8, 8), "", "in_force"),
    ("29-CT", "directive", "29", "CT/TW", TW, "", date(2003, 10, 17), "", "in_force"),
    # Members: restructuring, rehabilitation, badges.
    ("31-HD", "guidance", "31", "HD/BTCTW", BTCTW, "", date(2025, 4, 23), "", "in_force"),
    (
        "117-QĐ",
        "regulation",
        "117",
        "QĐ/TW",
        TW,
        "",
        date(2023, 8, 18),
        "về xin lỗi và phục hồi quyền lợi của tổ chức đảng, đảng viên bị kỷ luật oan",
        "in_force",
    ),
    ("56-HD", "guidance", "56", "HD/VPTW", VPTW, "", date(2015, 10, 27), "", "in_force"),
    ("12-HD-2022", "guidance", "12", "HD/BTCTW", BTCTW, "XIII", None, "", "in_force"),
    # State documents cited in the rules.
    ("TĐKT", "law", "06/2022", "QH15", "Quốc hội", "", None, "Luật Thi đua, khen thưởng", "in_force"),
    ("98-NĐ", "decree", "98/2023", "NĐ-CP", GOVERNMENT, "", None, "", "in_force"),
    ("13-NĐ", "decree", "13/2023", "NĐ-CP", GOVERNMENT, "", None, "", "in_force"),
    ("42-QĐ-TTg", "decision", "42/2014", "QĐ-TTg", "Thủ tướng Chính phủ", "", None, "", "in_force"),
    ("23-QĐ-TTg", "decision", "23/2018", "QĐ-TTg", "Thủ tướng Chính phủ", "", None, "", "in_force"),
    ("62-QĐ-VPCP", "decision", "62", "QĐ-VPCP", "Văn phòng Chính phủ", "", None, "", "in_force"),
]

# (source, kind, target): replacing or amending also marks the target replaced or amended.
RELATIONS = [
    ("01-KL", "continues", "05-CT"),
    ("294-QĐ", "replaces", "232-QĐ"),
    ("24-QĐ", "replaces", "29-QĐ"),
    ("06-HD", "guides", "294-QĐ"),
    ("06-HD", "replaces", "01-HD-2021"),
    ("01-HD-2021", "replaces", "01-HD-2016"),
    ("366-QĐ", "replaces", "124-QĐ"),
    ("124-QĐ", "replaces", "132-QĐ"),
    ("43-HD", "guides", "366-QĐ"),
    ("43-HD", "replaces", "25-HD"),
    ("25-HD", "guides", "124-QĐ"),
    ("16-HD", "guides", "132-QĐ"),
    ("21-HD", "guides", "132-QĐ"),
    ("335-NĐ", "replaces", "90-NĐ"),
    ("01-QĐ", "replaces", "342-QĐ"),
    ("399-QĐ", "replaces", "66-QĐ"),
    ("36-HD", "replaces", "11-HD"),
    ("42-HD", "guides", "50-CT"),
    ("42-HD", "replaces", "12-HD-2018"),
    ("168-KH", "implements", "339-QĐ"),
    ("26-HD", "guides", "339-QĐ"),
    ("51-CT", "replaces", "29-CT"),
    ("23-QĐ-TTg", "amends", "42-QĐ-TTg"),
]


def load_documents() -> int:
    """Register the demo documents and their relations as the system; returns how many documents."""
    from dangvu.web.demo.documents_more import MORE_DOCUMENTS, MORE_RELATIONS  # it uses this module's issuer names

    registered = {}
    for key, type_, number, symbol, issuer, term, issued_on, subject, validity in [*DOCUMENTS, *MORE_DOCUMENTS]:
        registered[key] = register_document(
            None,
            type=type_,
            number=number,
            symbol=symbol,
            issuer_unit=None,
            issuer_name=issuer,
            term=term,
            issued_on=issued_on,
            subject=subject,
            text="",
            validity=validity,
        )
    for source, kind, target in [*RELATIONS, *MORE_RELATIONS]:
        relate_documents(None, registered[source], kind, registered[target])
    return len(registered)


# The bloc's own programme and plans for 2022. The seed article (Báo Tuyên Quang, 14-4-2022) says the bloc built an
# action programme implementing 48-NQ/TU and carried out plans for 21-KL/TW and 01-KL/TW in the first quarter; it gives
# no numbers or dates, so those below are fictional, as are the demo's people.
# (key, type, number, symbol, issued on, subject, implements: key in DOCUMENTS or None)
BLOC_DOCUMENTS = [
    (
        "work-2022",
        "programme",
        "15",
        "CTr/ĐUK",
        date(2022, 1, 6),
        "công tác năm 2022 của Ban Chấp hành Đảng bộ Khối",
        None,
    ),
    (
        "plan-01",
        "plan",
        "38",
        "KH/ĐUK",
        date(2022, 1, 10),
        "thực hiện Kết luận số 01-KL/TW, ngày 18-5-2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số 05-CT/TW "
        "về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh, năm 2022",
        "01-KL",
    ),
    (
        "plan-21",
        "plan",
        "40",
        "KH/ĐUK",
        date(2022, 1, 14),
        "thực hiện Kết luận số 21-KL/TW, ngày 25-10-2021 của Ban Chấp hành Trung ương (khóa XIII) về đẩy mạnh xây dựng, "
        "chỉnh đốn Đảng và hệ thống chính trị",
        "21-KL",
    ),
    (
        "programme-48",
        "programme",
        "16",
        "CTr/ĐUK",
        date(2022, 2, 15),
        "hành động của Ban Chấp hành Đảng bộ Khối thực hiện Nghị quyết số 48-NQ/TU, ngày 15-11-2021 của Ban Chấp hành "
        "Đảng bộ tỉnh (khóa XVII) về chuyển đổi số tỉnh Tuyên Quang đến năm 2025, định hướng đến năm 2030",
        "48-NQ",
    ),
]


def register_bloc_document(bloc: Unit, key: str) -> Document:
    """Register one of `BLOC_DOCUMENTS`, issued by the bloc, with its "implements" relation (after `load_documents`)."""
    (type_, number, symbol, issued_on, subject, implements) = next(row[1:] for row in BLOC_DOCUMENTS if row[0] == key)
    document = register_document(
        None,
        type=type_,
        number=number,
        symbol=symbol,
        issuer_unit=bloc,
        issuer_name="",
        term="",
        issued_on=issued_on,
        subject=subject,
        text="",
        validity="in_force",
    )
    if implements:
        target = next(row for row in DOCUMENTS if row[0] == implements)
        relate_documents(None, document, "implements", Document.objects.get(number=target[2], symbol=target[3]))
    return document
