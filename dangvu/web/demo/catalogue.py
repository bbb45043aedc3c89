"""The demo bloc: provincial agencies and state enterprises of Tuyên Quang and their cells.

Plain data. Each base organisation has a short code (cells get "<code>-<initials>"), the
workplace written on its members' records, a sector (which decides occupations and degrees)
and an approximate number of members. A base committee needs 30 or more members and a cell
at least 3 full members (Điều lệ Đảng, Điều 21; rules.md, thresholds).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class BaseOrg:
    code: str
    name: str
    workplace: str
    sector: str
    size: int
    cells: tuple[str, ...] = ()  # subordinate cells ("Chi bộ " is prefixed); empty for a base cell
    district: str = ""  # where most members live, when not the provincial capital

    @property
    def is_committee(self) -> bool:
        return bool(self.cells)


def _parse(table: str) -> tuple[BaseOrg, ...]:
    """Rows "code | name | workplace | sector | size [| district]", each followed by indented lines of cells."""
    orgs: list[BaseOrg] = []
    for line in table.strip("\n").splitlines():
        if line.startswith(" "):
            last = orgs.pop()
            cells = tuple(c.strip() for c in line.split(";") if c.strip())
            orgs.append(BaseOrg(**{**last.__dict__, "cells": last.cells + cells}))
            continue
        code, name, workplace, sector, size, *district = (part.strip() for part in line.split("|"))
        orgs.append(BaseOrg(code, name, workplace, sector, int(size), district="".join(district)))
    return tuple(orgs)


PROVINCE = ("Đảng bộ tỉnh Tuyên Quang", "TQ")
BLOC = ("Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh Tuyên Quang", "DBK", "Đảng bộ Khối")

MASS_ORGANISATIONS = (
    ("Đoàn Thanh niên Khối các cơ quan và doanh nghiệp tỉnh", "DTN-KHOI", "youth_union"),
    ("Công đoàn Viên chức tỉnh Tuyên Quang", "CDVC", "trade_union"),
    ("Hội Cựu chiến binh Khối các cơ quan và doanh nghiệp tỉnh", "CCB-KHOI", "veterans"),
    ("Hội Phụ nữ Khối các cơ quan và doanh nghiệp tỉnh", "HPN-KHOI", "women"),
)

# Base committees (đảng bộ cơ sở) and their subordinate cells.
BASE_COMMITTEES = _parse(
    """
VPTU | Đảng bộ Văn phòng Tỉnh ủy | Văn phòng Tỉnh ủy Tuyên Quang | party | 85
    Phòng Tổng hợp; Phòng Hành chính – Lưu trữ; Phòng Quản trị – Tài vụ; Phòng Cơ yếu – Công nghệ thông tin
    Nhà khách Tỉnh ủy
VPHD | Đảng bộ Văn phòng Đoàn ĐBQH và HĐND tỉnh | Văn phòng Đoàn ĐBQH và HĐND tỉnh Tuyên Quang | state | 36
    Phòng Tổng hợp; Phòng Công tác Quốc hội; Phòng Công tác HĐND; Phòng Hành chính – Tổ chức – Quản trị
VPUB | Đảng bộ Văn phòng UBND tỉnh | Văn phòng UBND tỉnh Tuyên Quang | state | 110
    Phòng Tổng hợp; Phòng Kinh tế; Phòng Khoa giáo – Văn xã; Phòng Hành chính – Tổ chức; Phòng Quản trị – Tài vụ
    Trung tâm Phục vụ hành chính công; Trung tâm Thông tin – Công báo
STC | Đảng bộ Sở Tài chính | Sở Tài chính tỉnh Tuyên Quang | finance | 72
    Phòng Quản lý ngân sách; Phòng Tài chính đầu tư; Phòng Quản lý giá – Công sản; Văn phòng – Thanh tra
SKH | Đảng bộ Sở Kế hoạch và Đầu tư | Sở Kế hoạch và Đầu tư tỉnh Tuyên Quang | state | 58
    Phòng Tổng hợp – Quy hoạch; Phòng Đăng ký kinh doanh; Phòng Kinh tế ngành; Văn phòng – Thanh tra
SGD | Đảng bộ Sở Giáo dục và Đào tạo | Sở Giáo dục và Đào tạo tỉnh Tuyên Quang | education | 96
    Văn phòng Sở; Phòng Giáo dục Mầm non – Tiểu học; Phòng Giáo dục Trung học; Phòng Khảo thí và Quản lý chất lượng
    Phòng Tổ chức cán bộ; Phòng Kế hoạch – Tài chính
SYT | Đảng bộ Sở Y tế | Sở Y tế tỉnh Tuyên Quang | health | 140
    Văn phòng Sở; Phòng Nghiệp vụ Y – Dược; Phòng Kế hoạch – Tài chính; Trung tâm Kiểm soát bệnh tật
    Chi cục An toàn vệ sinh thực phẩm; Chi cục Dân số – Kế hoạch hóa gia đình
BVDK | Đảng bộ Bệnh viện Đa khoa tỉnh | Bệnh viện Đa khoa tỉnh Tuyên Quang | health | 280
    Khoa Nội; Khoa Ngoại; Khoa Sản; Khoa Nhi; Khoa Hồi sức tích cực – Chống độc; Khối Cận lâm sàng; Khoa Dược
    Khối Hành chính
SNN | Đảng bộ Sở Nông nghiệp và Phát triển nông thôn | Sở Nông nghiệp và Phát triển nông thôn tỉnh Tuyên Quang | agriculture | 190
    Văn phòng Sở; Chi cục Kiểm lâm; Chi cục Thủy lợi; Chi cục Trồng trọt và Bảo vệ thực vật
    Chi cục Chăn nuôi và Thú y; Trung tâm Khuyến nông; Chi cục Phát triển nông thôn
STN | Đảng bộ Sở Tài nguyên và Môi trường | Sở Tài nguyên và Môi trường tỉnh Tuyên Quang | state | 95
    Văn phòng Sở; Phòng Quản lý đất đai; Văn phòng Đăng ký đất đai; Chi cục Bảo vệ môi trường
    Trung tâm Quan trắc tài nguyên và môi trường
SGT | Đảng bộ Sở Giao thông Vận tải | Sở Giao thông Vận tải tỉnh Tuyên Quang | industry | 78
    Văn phòng Sở; Phòng Quản lý kết cấu hạ tầng giao thông; Phòng Quản lý vận tải, phương tiện và người lái
    Thanh tra Sở; Ban Quản lý bảo trì đường bộ
SCT | Đảng bộ Sở Công Thương | Sở Công Thương tỉnh Tuyên Quang | state | 56
    Văn phòng Sở; Phòng Quản lý công nghiệp; Phòng Quản lý thương mại; Trung tâm Khuyến công
SVH | Đảng bộ Sở Văn hóa, Thể thao và Du lịch | Sở Văn hóa, Thể thao và Du lịch tỉnh Tuyên Quang | media | 105
    Văn phòng Sở; Phòng Quản lý văn hóa; Phòng Quản lý thể dục thể thao; Phòng Quản lý du lịch; Bảo tàng tỉnh
    Thư viện tỉnh; Trung tâm Văn hóa – Điện ảnh
SLD | Đảng bộ Sở Lao động – Thương binh và Xã hội | Sở Lao động – Thương binh và Xã hội tỉnh Tuyên Quang | state | 88
    Văn phòng Sở; Phòng Lao động – Việc làm; Phòng Người có công; Trung tâm Dịch vụ việc làm
    Trung tâm Công tác xã hội
SNV | Đảng bộ Sở Nội vụ | Sở Nội vụ tỉnh Tuyên Quang | state | 70
    Văn phòng Sở; Phòng Tổ chức – Biên chế; Ban Thi đua – Khen thưởng; Ban Tôn giáo; Chi cục Văn thư – Lưu trữ
STT | Đảng bộ Sở Thông tin và Truyền thông | Sở Thông tin và Truyền thông tỉnh Tuyên Quang | media | 48
    Văn phòng Sở; Phòng Bưu chính – Viễn thông; Phòng Thông tin – Báo chí – Xuất bản
    Trung tâm Công nghệ thông tin và Truyền thông
DHTT | Đảng bộ Trường Đại học Tân Trào | Trường Đại học Tân Trào | education | 190
    Khoa Giáo dục Mầm non – Tiểu học; Khoa Kinh tế và Quản trị kinh doanh; Khoa Nông lâm – Kỹ thuật
    Khoa Khoa học sức khỏe; Khoa Lý luận chính trị và Tâm lý giáo dục; Khối Phòng, Ban
TCT | Đảng bộ Trường Chính trị tỉnh | Trường Chính trị tỉnh Tuyên Quang | education | 44
    Khoa Lý luận cơ sở; Khoa Xây dựng Đảng; Khoa Nhà nước và pháp luật; Phòng Tổ chức – Hành chính
AGR | Đảng bộ Ngân hàng Nông nghiệp và PTNT chi nhánh Tuyên Quang | Ngân hàng Nông nghiệp và PTNT chi nhánh Tuyên Quang | finance | 120
    Phòng Kế hoạch – Nguồn vốn; Phòng Khách hàng; Phòng Kế toán – Ngân quỹ; Phòng Tổng hợp
    Chi nhánh thành phố Tuyên Quang; Chi nhánh huyện Yên Sơn; Phòng Kiểm tra – Kiểm soát nội bộ
NHCS | Đảng bộ Ngân hàng Chính sách xã hội chi nhánh tỉnh | Ngân hàng Chính sách xã hội chi nhánh tỉnh Tuyên Quang | finance | 52
    Phòng Kế hoạch – Nghiệp vụ tín dụng; Phòng Kế toán – Ngân quỹ; Phòng Hành chính – Tổ chức
    Phòng Kiểm tra – Kiểm soát nội bộ
XMTQ | Đảng bộ Công ty Cổ phần Xi măng Tân Quang | Công ty Cổ phần Xi măng Tân Quang | industry | 130 | huyện Yên Sơn
    Phân xưởng Lò nung; Phân xưởng Nghiền; Phân xưởng Khai thác mỏ; Phòng Kỹ thuật; Phòng Kinh doanh
    Khối Văn phòng
DLTQ | Đảng bộ Công ty Điện lực Tuyên Quang | Công ty Điện lực Tuyên Quang | industry | 150
    Phòng Kỹ thuật; Phòng Kinh doanh; Điện lực thành phố Tuyên Quang; Điện lực Sơn Dương; Điện lực Yên Sơn
    Điện lực Hàm Yên; Khối Văn phòng
LNSD | Đảng bộ Công ty TNHH MTV Lâm nghiệp Sơn Dương | Công ty TNHH MTV Lâm nghiệp Sơn Dương | agriculture | 38 | huyện Sơn Dương
    Khối Văn phòng; Đội Sản xuất số 1; Đội Sản xuất số 2
LNYS | Đảng bộ Công ty TNHH MTV Lâm nghiệp Yên Sơn | Công ty TNHH MTV Lâm nghiệp Yên Sơn | agriculture | 36 | huyện Yên Sơn
    Khối Văn phòng; Đội Sản xuất Kim Quan; Đội Sản xuất Trung Sơn
BHXH | Đảng bộ Bảo hiểm xã hội tỉnh | Bảo hiểm xã hội tỉnh Tuyên Quang | finance | 82
    Văn phòng; Phòng Quản lý thu; Phòng Chế độ bảo hiểm xã hội; Phòng Giám định bảo hiểm y tế
    Phòng Kế hoạch – Tài chính
CTHUE | Đảng bộ Cục Thuế tỉnh | Cục Thuế tỉnh Tuyên Quang | finance | 115
    Văn phòng Cục; Phòng Tuyên truyền – Hỗ trợ người nộp thuế; Phòng Kiểm tra thuế; Phòng Thanh tra – Kiểm tra
    Phòng Quản lý nợ và Cưỡng chế nợ thuế
PTTH | Đảng bộ Đài Phát thanh và Truyền hình tỉnh | Đài Phát thanh và Truyền hình tỉnh Tuyên Quang | media | 72
    Phòng Thời sự; Phòng Chuyên đề; Phòng Kỹ thuật – Công nghệ; Phòng Hành chính – Tổng hợp
MTDT | Đảng bộ Cơ quan Ủy ban MTTQ và các đoàn thể tỉnh | Cơ quan Ủy ban MTTQ và các đoàn thể tỉnh Tuyên Quang | mass | 90
    Ủy ban MTTQ tỉnh; Tỉnh Đoàn; Hội Liên hiệp Phụ nữ tỉnh; Hội Nông dân tỉnh; Hội Cựu chiến binh tỉnh
    Liên đoàn Lao động tỉnh
"""
)

# Base cells (chi bộ cơ sở) directly under the bloc. The bloc's own office comes first: the bloc's
# secretary and deputies have their party life there.
BASE_CELLS = _parse(
    """
CQDUK | Chi bộ Cơ quan Đảng ủy Khối | Cơ quan Đảng ủy Khối các cơ quan và doanh nghiệp tỉnh | party | 24
BTQ | Chi bộ Báo Tuyên Quang | Báo Tuyên Quang | media | 26
STP | Chi bộ Sở Tư pháp | Sở Tư pháp tỉnh Tuyên Quang | state | 22
LMHTX | Chi bộ Liên minh Hợp tác xã tỉnh | Liên minh Hợp tác xã tỉnh Tuyên Quang | mass | 12
TTR | Chi bộ Thanh tra tỉnh | Thanh tra tỉnh Tuyên Quang | state | 24
SXD | Chi bộ Sở Xây dựng | Sở Xây dựng tỉnh Tuyên Quang | industry | 28
SKHCN | Chi bộ Sở Khoa học và Công nghệ | Sở Khoa học và Công nghệ tỉnh Tuyên Quang | state | 20
BDT | Chi bộ Ban Dân tộc tỉnh | Ban Dân tộc tỉnh Tuyên Quang | state | 18
VHNT | Chi bộ Hội Văn học Nghệ thuật tỉnh | Hội Văn học Nghệ thuật tỉnh Tuyên Quang | media | 11
XTDT | Chi bộ Trung tâm Xúc tiến Đầu tư tỉnh | Trung tâm Xúc tiến Đầu tư tỉnh Tuyên Quang | state | 9
CTN | Chi bộ Công ty Cổ phần Cấp thoát nước Tuyên Quang | Công ty Cổ phần Cấp thoát nước Tuyên Quang | industry | 25
BQLKCN | Chi bộ Ban Quản lý các khu công nghiệp tỉnh | Ban Quản lý các khu công nghiệp tỉnh Tuyên Quang | state | 16
"""
)
BLOC_OFFICE = BASE_CELLS[0]

# Restructuring shown on the history pages (both fictional).
MERGED = ("LNSD", "LNYS")
MERGE_SUCCESSOR = ("Đảng bộ Công ty TNHH MTV Lâm nghiệp Tuyên Quang", "LNTQ")
RENAMED = ("XTDT", "Chi bộ Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh")
