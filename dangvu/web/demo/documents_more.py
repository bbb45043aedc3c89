"""More demo documents: real public party and state documents a bloc committee works with, beyond `documents.py`.

Discipline and inspection (the bloc's inspection committee), ethics, base organisations, the congresses of the
2020-2025 and 2025-2030 terms, digital transformation, records and civil servants. Same row shape as
`documents.DOCUMENTS`; relations may point at documents there.

Every fact comes from the public page named beside the document (party and government portals, the press, legal
databases). The subject is the official wording as those pages quote it. The term (khóa) is the one the page names
or, for a central body, the one in office on the issue date (khóa XII from the XII Congress, January 2016, to the
XIII Congress, January 2021; khóa XIII until the XIV Congress). A relation is recorded only where a page says that
one document replaces, amends, guides or continues the other; "căn cứ" (issued pursuant to) is not a relation.
What no page gave stays blank: the issue date of Nghị quyết 21-NQ/TW.
"""

from datetime import date

from dangvu.web.demo.documents import BCT, BTCTW, GOVERNMENT

BCH = "Ban Chấp hành Trung ương"
PRIME_MINISTER = "Thủ tướng Chính phủ"
NATIONAL_ASSEMBLY = "Quốc hội"

# (key, type, number, symbol, issuer, term, issued on, subject, validity)
MORE_DOCUMENTS = [
    # What members may not do, and the standard they are held to.
    # https://baolangson.vn/chinh-tri/475436-quy-dinh-37-ve-nhung-dieu-dang-vien-khong-duoc-lam-lang-kinh-de-dang-vien-tu-soi-tu-sua.html
    # https://noichinh.vn/hoi-dap-phap-luat/202202/quy-dinh-moi-ve-nhung-dieu-dang-vien-khong-duoc-lam-310656/
    (
        "37-QĐ",
        "regulation",
        "37",
        "QĐ/TW",
        BCH,
        "XIII",
        date(2021, 10, 25),
        "về những điều đảng viên không được làm",
        "in_force",
    ),
    (
        "47-QĐ",
        "regulation",
        "47",
        "QĐ/TW",
        BCH,
        "XI",
        date(2011, 11, 1),
        "về những điều đảng viên không được làm",
        "replaced",
    ),
    # https://qltt.vn/quy-dinh-so-144-qdtw-ve-chuan-muc-dao-duc-cach-mang-cua-can-bo-dang-vien-giai-doan-moi-100977.html
    # (full text: title without "về"); https://hoian.quangnam.gov.vn/webcenter/portal/hoian/pages_tin-tuc/chi-tiet?dDocName=PORTAL566722
    (
        "144-QĐ",
        "regulation",
        "144",
        "QĐ/TW",
        BCT,
        "XIII",
        date(2024, 5, 9),
        "chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới",
        "in_force",
    ),
    # Inspection, supervision and discipline.
    # https://tranphudn.edu.vn/news/view/nhung-diem-moi-trong-quy-dinh-so-22-qd-tw-ve-cong-tac-kiem-tra-giam-sat-va-ky-luat-cua-dang/page:3
    # https://www.antv.gov.vn/print.aspx?id=371935 ; https://www.quanlynhanuoc.vn/?p=51516 ; https://tcnnld.vn/news/detail/68337/Quy-dinh-so-296-QDTW-ve-cong-tac-kiem-tra-giam-sat-va-ky-luat-cua-Dang.html
    # 296 replaces 22 and its 2025 amendment 262-QĐ/TW: https://www.vietnam.vn/id/cong-tac-kiem-tra-giam-sat-ky-luat-gop-phan-nang-cao-nang-luc-lanh-dao-cam-quyen-va-bao-ve-dang-ky-i
    (
        "22-QĐ",
        "regulation",
        "22",
        "QĐ/TW",
        BCH,
        "XIII",
        date(2021, 7, 28),
        "về công tác kiểm tra, giám sát và kỷ luật của Đảng",
        "replaced",
    ),
    (
        "296-QĐ",
        "regulation",
        "296",
        "QĐ/TW",
        BCH,
        "XIII",
        date(2025, 5, 30),
        "về công tác kiểm tra, giám sát và kỷ luật của Đảng",
        "in_force",
    ),
    # https://sonv.ninhthuan.gov.vn/portal/pages/print.aspx?p=31139 (Bộ Chính trị; replaces 07-QĐi/TW and 102-QĐ/TW of
    # the khóa XII Politburo); https://xaydungchinhsach.chinhphu.vn/nhung-diem-moi-trong-quy-dinh-so-69-qd-tw-cua-bo-chinh-tri-ve-ky-luat-to-chuc-dang-dang-vien-vi-pham-11922080414162005.htm
    # Amended by Quy định 264-QĐ/TW of 14-2-2025 (https://thuvienphapluat.vn/chinh-sach-phap-luat-moi/vn/ho-tro-phap-luat/chinh-sach-moi/41466/da-co-quy-dinh-69-qd-tw-ky-luat-to-chuc-dang-dang-vien-vi-pham),
    # whose issuing body and subject no page gave, so it is not registered.
    (
        "69-QĐ",
        "regulation",
        "69",
        "QĐ/TW",
        BCT,
        "XIII",
        date(2022, 7, 6),
        "về kỷ luật tổ chức đảng, đảng viên vi phạm",
        "amended",
    ),
    (
        "102-QĐ",
        "regulation",
        "102",
        "QĐ/TW",
        BCT,
        "XII",
        date(2017, 11, 15),
        "về xử lý kỷ luật đảng viên vi phạm",
        "replaced",
    ),
    # "QĐi": the symbol regulations carried in 2018-2019 (research.md §2.1).
    (
        "07-QĐi",
        "regulation",
        "07",
        "QĐi/TW",
        BCT,
        "XII",
        date(2018, 8, 28),
        "về xử lý kỷ luật tổ chức đảng vi phạm",
        "replaced",
    ),
    # Building the Party and its base organisations.
    # https://lib.hutech.edu.vn/chi-tiet?id=487937 ; the title as announced at the conference:
    # https://www.baomoi.com/toan-van-phat-bieu-cua-tong-bi-thu-khai-mac-hoi-nghi-trung-uong-4/c/20527355.epi
    (
        "04-NQ",
        "resolution",
        "04",
        "NQ/TW",
        BCH,
        "XII",
        date(2016, 10, 30),
        "về tăng cường xây dựng, chỉnh đốn Đảng; ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối "
        'sống, những biểu hiện "tự diễn biến", "tự chuyển hóa" trong nội bộ',
        "in_force",
    ),
    # Hội nghị Trung ương 5 khóa XIII (https://baobinhthuan.com.vn/nq21-ptag.html ;
    # https://www.quangninh.gov.vn/so/sokhdt/Trang/ChiTietTinTuc.aspx?nid=1638); no page gave the issue date.
    (
        "21-NQ",
        "resolution",
        "21",
        "NQ/TW",
        BCH,
        "XIII",
        None,
        "về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ đảng viên trong giai đoạn mới",
        "in_force",
    ),
    # Members at their place of residence ("đảng viên 213").
    # https://baonghean.vn/quy-dinh-moi-ve-dang-vien-dang-cong-tac-giu-moi-lien-he-voi-to-chuc-dang-va-nhan-dan-noi-cu-tru-post220989.html
    # (replaces Quy định 76-QĐ/TW of 15-6-2000); guidance: https://hethongphapluat.vn/huong-dan-33-hd-btctw-nam-2020-ve-thuc-hien-noi-dung-trong-quy-dinh-213-qd-tw-ve-trach-nhiem-cua-dang-vien-dang-cong-tac-thuong-xuyen-giu-moi-lien-he-voi-to-chuc-dang-va-nhan-dan-noi-cu-tru-do-ban-to-chuc-trung-uong-ban-hanh.html
    (
        "213-QĐ",
        "regulation",
        "213",
        "QĐ/TW",
        BCT,
        "XII",
        date(2020, 1, 2),
        "về trách nhiệm của đảng viên đang công tác thường xuyên giữ mối liên hệ với tổ chức đảng và nhân dân nơi cư trú",
        "in_force",
    ),
    (
        "33-HD",
        "guidance",
        "33",
        "HD/BTCTW",
        BTCTW,
        "XII",
        date(2020, 10, 30),
        "thực hiện một số nội dung trong Quy định số 213-QĐ/TW của Bộ Chính trị về trách nhiệm của đảng viên đang công "
        "tác thường xuyên giữ mối liên hệ với tổ chức đảng và nhân dân nơi cư trú",
        "in_force",
    ),
    # Congresses. Both directives numbered 35 are real: numbers restart every term.
    # http://cuuchienbinh.vn/chi-thi-cua-bo-chinh-tri-ve-dai-hoi-dang-bo-cac-cap-tien-toi-dai-hoi-dai-bieu-toan-quoc-lan-thu-xiii-cua-dang/
    # Its cycle ended with the XIII Congress (2021).
    (
        "35-CT-2019",
        "directive",
        "35",
        "CT/TW",
        BCT,
        "XII",
        date(2019, 5, 30),
        "về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIII của Đảng",
        "expired",
    ),
    # https://baoquangtri.vn/nhung-diem-moi-co-ban-trong-chi-thi-so-35-ct-tw-cua-bo-chinh-tri-ve-dai-hoi-dang-bo-cac-cap-tien-toi-dai-hoi-dai-bieu-toan-quoc-lan-thu-xiv-cua-dang-186812.htm
    (
        "35-CT-2024",
        "directive",
        "35",
        "CT/TW",
        BCT,
        "XIII",
        date(2024, 6, 14),
        "về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
        "replaced",
    ),
    # 45-CT/TW replaces 35-CT/TW (2024) and 118-KL/TW, which amended it:
    # https://www.evn.com.vn/d/vi-VN/news/Bo-Chinh-tri-ban-hanh-Chi-thi-so-45-CTTW-ve-dai-hoi-dang-bo-cac-cap-tien-toi-Dai-hoi-dai-bieu-toan-quoc-lan-thu-XIV-cua-Dang-60-183-502456
    # https://www.angiang.dcs.vn/Lists/BaoVeNenTangCuaDang/DispForm.aspx?ID=257&PageIndex=0
    (
        "118-KL",
        "conclusion",
        "118",
        "KL/TW",
        BCT,
        "XIII",
        date(2025, 1, 18),
        "về việc điều chỉnh, bổ sung một số nội dung Chỉ thị số 35-CT/TW, ngày 14-6-2024 của Bộ Chính trị",
        "replaced",
    ),
    (
        "45-CT",
        "directive",
        "45",
        "CT/TW",
        BCT,
        "XIII",
        date(2025, 4, 14),
        "về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XIV của Đảng",
        "in_force",
    ),
    # Digital transformation.
    # https://luatvietnam.vn/cong-nghiep/nghi-quyet-52-nq-tw-2019-chinh-sach-chu-dong-tham-gia-cach-mang-cong-nghiep-lan-4-177121-d1.html
    # (issuing body Bộ Chính trị); https://baodongnai.com.vn/tintuc/202001/chu-dong-tich-cuc-tham-gia-cach-mang-cong-nghiep-40-2981734
    (
        "52-NQ",
        "resolution",
        "52",
        "NQ/TW",
        BCT,
        "XII",
        date(2019, 9, 27),
        "về một số chủ trương, chính sách chủ động tham gia cuộc Cách mạng công nghiệp lần thứ tư",
        "in_force",
    ),
    # Cited with this date and title by many public plans and submissions, e.g. a 2025 Bỉm Sơn submission.
    (
        "749-QĐ-TTg",
        "decision",
        "749",
        "QĐ-TTg",
        PRIME_MINISTER,
        "",
        date(2020, 6, 3),
        'phê duyệt "Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030"',
        "in_force",
    ),
    # Records (the state counterpart of Hướng dẫn 36-HD/VPTW; replaced Nghị định 110/2004/NĐ-CP):
    # https://tailieu.vn/doc/tai-lieu-noi-dung-co-ban-diem-moi-nghi-dinh-30-cong-tac-van-thu-2928044.html (Bộ Tư pháp,
    # Bộ Nội vụ); http://ccttbvtv.vinhlong.gov.vn/Info.aspx?id=272020152714219
    ("30-NĐ", "decree", "30/2020", "NĐ-CP", GOVERNMENT, "", date(2020, 3, 5), "về công tác văn thư", "in_force"),
    # Civil servants (in force 1-7-2025; its rating part from 1-1-2026):
    # https://thuvienphapluat.vn/van-ban/Bo-may-hanh-chinh/Luat-Can-bo-cong-chuc-2025-so-80-2025-QH15-649688.aspx
    # http://tintuc.thuvienphapluat.com/ho-tro-phap-luat/chinh-sach-moi/88793/tong-hop-van-ban-huong-dan-luat-can-bo-cong-chuc-2025
    (
        "CBCC",
        "law",
        "80/2025",
        "QH15",
        NATIONAL_ASSEMBLY,
        "",
        date(2025, 6, 24),
        "Luật Cán bộ, công chức",
        "in_force",
    ),
]

# (source, kind, target): keys of MORE_DOCUMENTS or documents.DOCUMENTS. The sources are those cited above.
MORE_RELATIONS = [
    ("37-QĐ", "replaces", "47-QĐ"),
    ("296-QĐ", "replaces", "22-QĐ"),
    ("69-QĐ", "replaces", "102-QĐ"),
    ("69-QĐ", "replaces", "07-QĐi"),
    ("33-HD", "guides", "213-QĐ"),
    ("118-KL", "amends", "35-CT-2024"),
    ("45-CT", "replaces", "35-CT-2024"),
    ("45-CT", "replaces", "118-KL"),
    # Kết luận 21-KL/TW carries on the four groups of tasks of Nghị quyết Trung ương 4 khóa XII, as the General
    # Secretary told the national conference of 9-12-2021: https://vietbao.vn/thi-diem-giao-quyen-cho-nguoi-dung-dau-bo-nhiem-can-bo-mien-nhiem-cap-duoi-301194.html
    ("21-KL", "continues", "04-NQ"),
]
