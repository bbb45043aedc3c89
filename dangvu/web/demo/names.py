"""Fictional people for the demo: Vietnamese names, ethnic groups, places and careers of Tuyên Quang.

Pure functions of a `random.Random`; nothing here touches the database or the clock.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta


def _words(text: str) -> list[str]:
    return [word.strip() for word in text.split(",") if word.strip()]


def _weighted(text: str) -> list[tuple[str, int]]:
    return [(word.split(":")[0], int(word.split(":")[1])) for word in _words(text)]


# (family name, weight) by ethnic group. Tuyên Quang is home to Tày, Dao, Sán Chay (Cao Lan – Sán Chỉ),
# Nùng, Mông and Sán Dìu people besides the Kinh majority.
FAMILY_NAMES = {
    "Kinh": _weighted(
        "Nguyễn:30, Trần:10, Lê:8, Phạm:7, Hoàng:5, Vũ:4, Đặng:3, Bùi:3, Đỗ:3, Ngô:2, Dương:2, Đinh:2, Phan:2, Đào:2, Hà:2, Lương:1, Lý:1, Mai:1, Tạ:1, Trịnh:1, Vương:1, Đoàn:1, Cao:1"
    ),
    "Tày": _weighted("Ma:8, Hà:6, Nông:5, Hoàng:5, Lý:3, Triệu:3, Quan:2, Âu:1, Đàm:1"),
    "Dao": _weighted("Bàn:6, Triệu:5, Đặng:4, Lý:3, Phùng:2, Chảo:1"),
    "Sán Chay": _weighted("La:4, Lưu:3, Hoàng:2, Trần:2, Dương:1, Lục:1"),
    "Nùng": _weighted("Nông:3, Hoàng:2, Lương:2, Vi:1, Chu:1"),
    "Mông": _weighted("Vàng:2, Sùng:1, Giàng:1"),
    "Sán Dìu": _weighted("Diệp:1, Lam:1, Trương:1"),
}
MINORITY_SHARE = 0.3
MINORITIES = _weighted("Tày:55, Dao:20, Sán Chay:15, Nùng:6, Mông:2, Sán Dìu:2")

MIDDLE_NAMES = {
    "male": _words(
        "Văn, Văn, Văn, Đức, Minh, Quang, Mạnh, Hữu, Xuân, Trung, Tiến, Thanh, Ngọc, Công, Đình, Anh, Việt, Hồng, Duy, Kim"
    ),
    "female": _words(
        "Thị, Thị, Thị, Thị, Thu, Ngọc, Thanh, Minh, Hồng, Thúy, Phương, Thị Thu, Thị Minh, Thị Hồng, Thị Ngọc, Thị Thanh, Kim, Hải"
    ),
}
GIVEN_NAMES = {
    "male": _words(
        "An, Bình, Chiến, Cường, Dũng, Duy, Đạt, Đức, Giang, Hải, Hiếu, Hòa, Hùng, Huy, Khánh, Kiên, Lâm, Long, Lợi, Mạnh, Minh, Nam, Nghĩa, Phong, Phúc, Quân, Quang, Sơn, Tâm, Thắng, Thành, Thịnh, Tiến, Toàn, Trung, Tuấn, Tùng, Việt, Vinh, Vũ, Hưng, Khải, Lực, Tú, Bảo"
    ),
    "female": _words(
        "Anh, Bích, Châu, Dung, Duyên, Giang, Hà, Hạnh, Hằng, Hiền, Hoa, Hồng, Huệ, Hương, Huyền, Lan, Liên, Linh, Loan, Mai, Nga, Ngân, Ngọc, Nhung, Oanh, Phương, Quyên, Thảo, Thơm, Thủy, Trang, Tuyết, Vân, Yến, Xuân, Lệ, Chi"
    ),
}

# Districts of Tuyên Quang (before the 2025 reorganisation) and some of their communes and wards.
CAPITAL = "thành phố Tuyên Quang"
DISTRICTS = {
    CAPITAL: _words(
        "phường Phan Thiết, phường Minh Xuân, phường Tân Quang, phường Tân Hà, phường Hưng Thành, phường Ỷ La, phường Nông Tiến, phường An Tường, phường Mỹ Lâm, xã Tràng Đà, xã An Khang, xã Thái Long, xã Lưỡng Vượng, xã Kim Phú"
    ),
    "huyện Sơn Dương": _words(
        "thị trấn Sơn Dương, xã Tân Trào, xã Hồng Thái, xã Minh Thanh, xã Kháng Nhật, xã Đông Thọ, xã Sơn Nam, xã Tú Thịnh, xã Phúc Ứng, xã Vĩnh Lợi, xã Hào Phú"
    ),
    "huyện Yên Sơn": _words(
        "thị trấn Yên Sơn, xã Trung Môn, xã Thắng Quân, xã Lang Quán, xã Chân Sơn, xã Mỹ Bằng, xã Nhữ Hán, xã Xuân Vân, xã Phú Thịnh, xã Kim Quan, xã Trung Sơn"
    ),
    "huyện Hàm Yên": _words(
        "thị trấn Tân Yên, xã Thái Sơn, xã Yên Thuận, xã Bạch Xa, xã Phù Lưu, xã Tân Thành, xã Thái Hòa, xã Đức Ninh, xã Minh Dân"
    ),
    "huyện Chiêm Hóa": _words(
        "thị trấn Vĩnh Lộc, xã Phúc Sơn, xã Hòa Phú, xã Minh Quang, xã Kim Bình, xã Yên Nguyên, xã Trung Hà, xã Tân Mỹ, xã Hà Lang"
    ),
    "huyện Na Hang": _words(
        "thị trấn Na Hang, xã Thượng Nông, xã Yên Hoa, xã Thanh Tương, xã Sơn Phú, xã Năng Khả, xã Côn Lôn"
    ),
    "huyện Lâm Bình": _words(
        "xã Lăng Can, xã Thượng Lâm, xã Bình An, xã Khuôn Hà, xã Phúc Yên, xã Xuân Lập, xã Thổ Bình"
    ),
}
# Where people of each group mostly come from.
HOME_DISTRICTS = {
    "Kinh": _words("thành phố Tuyên Quang, huyện Sơn Dương, huyện Yên Sơn, huyện Hàm Yên"),
    "Tày": _words("huyện Chiêm Hóa, huyện Na Hang, huyện Lâm Bình, huyện Hàm Yên, huyện Yên Sơn"),
    "Dao": _words("huyện Na Hang, huyện Lâm Bình, huyện Yên Sơn, huyện Hàm Yên, huyện Chiêm Hóa"),
    "Sán Chay": _words("huyện Sơn Dương, huyện Yên Sơn"),
    "Nùng": _words("huyện Chiêm Hóa, huyện Hàm Yên"),
    "Mông": _words("huyện Lâm Bình, huyện Na Hang"),
    "Sán Dìu": _words("huyện Sơn Dương"),
}
OTHER_PROVINCES = [
    "huyện Lâm Thao, tỉnh Phú Thọ",
    "huyện Kiến Xương, tỉnh Thái Bình",
    "huyện Hải Hậu, tỉnh Nam Định",
    "huyện Lý Nhân, tỉnh Hà Nam",
    "huyện Đại Từ, tỉnh Thái Nguyên",
    "huyện Lập Thạch, tỉnh Vĩnh Phúc",
    "huyện Văn Yên, tỉnh Yên Bái",
    "huyện Bắc Quang, tỉnh Hà Giang",
]

# sector → (occupations, degrees)
CAREERS = {
    "party": (
        _words("Chuyên viên, Chuyên viên chính, Kế toán viên, Văn thư, Lái xe, Nhân viên phục vụ"),
        _words(
            "Cử nhân Xây dựng Đảng và Chính quyền nhà nước, Cử nhân Luật, Thạc sĩ Chính trị học, Cử nhân Kinh tế, Cử nhân Hành chính học, Kỹ sư Công nghệ thông tin"
        ),
    ),
    "state": (
        _words("Chuyên viên, Chuyên viên chính, Thanh tra viên, Kế toán viên, Văn thư, Lái xe"),
        _words(
            "Cử nhân Luật, Cử nhân Kinh tế, Thạc sĩ Quản lý kinh tế, Cử nhân Hành chính học, Kỹ sư Xây dựng, Cử nhân Quản trị kinh doanh, Kỹ sư Công nghệ thông tin"
        ),
    ),
    "finance": (
        _words("Chuyên viên, Kiểm soát viên, Cán bộ tín dụng, Giao dịch viên, Kế toán viên, Lái xe"),
        _words(
            "Cử nhân Tài chính – Ngân hàng, Cử nhân Kế toán, Thạc sĩ Tài chính – Ngân hàng, Cử nhân Kinh tế, Thạc sĩ Kế toán"
        ),
    ),
    "health": (
        _words("Bác sĩ, Điều dưỡng viên, Dược sĩ, Kỹ thuật viên xét nghiệm, Hộ sinh viên, Chuyên viên"),
        _words(
            "Bác sĩ Đa khoa, Bác sĩ chuyên khoa I, Thạc sĩ Y học, Dược sĩ Đại học, Cử nhân Điều dưỡng, Cao đẳng Điều dưỡng, Cử nhân Xét nghiệm y học"
        ),
    ),
    "education": (
        _words("Giảng viên, Giảng viên chính, Chuyên viên, Kế toán viên, Thư viện viên"),
        _words(
            "Cử nhân Sư phạm Toán, Cử nhân Sư phạm Ngữ văn, Thạc sĩ Quản lý giáo dục, Tiến sĩ Khoa học giáo dục, Thạc sĩ Lý luận và phương pháp dạy học, Thạc sĩ Kinh tế"
        ),
    ),
    "agriculture": (
        _words("Kỹ sư, Kiểm lâm viên, Chuyên viên, Công nhân lâm nghiệp, Kỹ thuật viên"),
        _words(
            "Kỹ sư Lâm nghiệp, Kỹ sư Nông học, Kỹ sư Chăn nuôi – Thú y, Thạc sĩ Khoa học cây trồng, Trung cấp Lâm nghiệp, Kỹ sư Thủy lợi"
        ),
    ),
    "industry": (
        _words("Kỹ sư, Công nhân vận hành, Kỹ thuật viên, Kế toán viên, Nhân viên kinh doanh"),
        _words(
            "Kỹ sư Hệ thống điện, Kỹ sư Silicat, Kỹ sư Cơ khí, Cao đẳng Điện, Kỹ sư Xây dựng, Trung cấp nghề Vận hành máy, Kỹ sư Cầu đường"
        ),
    ),
    "media": (
        _words("Phóng viên, Biên tập viên, Kỹ thuật viên, Diễn viên, Chuyên viên, Thư viện viên"),
        _words(
            "Cử nhân Báo chí, Cử nhân Văn hóa học, Kỹ sư Điện tử – Viễn thông, Cử nhân Thư viện, Thạc sĩ Văn hóa học, Cử nhân Thể dục thể thao"
        ),
    ),
    "mass": (
        _words("Chuyên viên, Chuyên viên chính, Kế toán viên, Văn thư, Lái xe"),
        _words("Cử nhân Luật, Cử nhân Công tác xã hội, Cử nhân Kinh tế, Cử nhân Hành chính học"),
    ),
}
THEORY_LEVELS = [("", 8), ("elementary", 42), ("intermediate", 38), ("advanced", 11), ("bachelor", 1)]
PHONE_PREFIXES = _words("091, 094, 088, 098, 097, 096, 086, 032, 033, 034, 035, 036, 037, 038, 039, 081, 083, 085")
PROVINCE_CODE = "008"  # Tuyên Quang in citizen identity numbers (Thông tư 59/2021/TT-BCA, Phụ lục I)
LATEST_ADMISSION = date(2022, 11, 30)


def pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def random_day(rng: random.Random, start: date, end: date) -> date:
    """A day in [start, end]."""
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(eq=False)  # compared and hashed by identity
class Person:
    """A generated member: the row for `admit_members` plus what later steps need to plan events."""

    row: dict
    birth: date
    admitted: date
    confirmed: date | None
    member: object = None  # the Member once admitted
    busy: bool = False  # holds a position, an account or a lifecycle story: left alone by later steps

    @property
    def full_name(self) -> str:
        return self.row["full_name"]


class PeopleFactory:
    """Draws unique people; citizen IDs, phones and card numbers never repeat."""

    def __init__(self, rng: random.Random, expected: int) -> None:
        self.rng = rng
        self.citizen_ids: set[str] = set()
        # Party card numbers: 8 digits, unique; drawn in one go so that each person keeps the same one.
        self.cards = iter(rng.sample(range(10_000_000, 100_000_000), expected * 2))

    def name(self, gender: str, ethnicity: str) -> str:
        family = pick(self.rng, FAMILY_NAMES[ethnicity])
        middle = self.rng.choice(MIDDLE_NAMES[gender])
        if ethnicity != "Kinh" and self.rng.random() < 0.6:
            middle = "Văn" if gender == "male" else "Thị"
        return f"{family} {middle} {self.rng.choice(GIVEN_NAMES[gender])}"

    def citizen_id(self, birth: date, gender: str) -> str:
        # 3 digits province, 1 digit century and gender (0/1 for 1900s, 2/3 for 2000s), 2 digits year, 6 random.
        century_gender = (0 if birth.year < 2000 else 2) + (1 if gender == "female" else 0)
        while True:
            number = f"{PROVINCE_CODE}{century_gender}{birth.year % 100:02d}{self.rng.randint(0, 999_999):06d}"
            if number not in self.citizen_ids:
                self.citizen_ids.add(number)
                return number

    def birth(self, senior: bool) -> date:
        """Working age in 2020 for most; a few older members, some of them retired since."""
        if senior:
            return random_day(self.rng, date(1966, 1, 1), date(1976, 12, 31))
        if self.rng.random() < 0.12:
            return random_day(self.rng, date(1950, 1, 1), date(1965, 12, 31))
        return random_day(self.rng, date(1966, 1, 1), date(2000, 12, 31))

    def place(self, district: str) -> str:
        return f"{self.rng.choice(DISTRICTS[district])}, {district}, tỉnh Tuyên Quang"

    def person(self, *, unit, org, full_name: str = "", gender: str = "", senior: bool = False) -> Person:
        rng = self.rng
        gender = gender or ("male" if rng.random() < 0.55 else "female")
        ethnicity = "Kinh" if full_name or rng.random() >= MINORITY_SHARE else pick(rng, MINORITIES)
        full_name = full_name or self.name(gender, ethnicity)
        birth = self.birth(senior)
        # Most are admitted in their twenties; those born in the war years often at 18 or 19, in the army.
        youngest, usual, latest = (18, 19, 30) if birth.year < 1956 else (20, 26, 40)
        oldest = max(youngest, min(latest, LATEST_ADMISSION.year - birth.year - 1))
        age = rng.randint(21, 28) if senior else round(rng.triangular(youngest, oldest, min(oldest, usual)))
        admitted = min(random_day(rng, add_years(birth, age), add_years(birth, age + 1)), LATEST_ADMISSION)
        confirmed = add_years(admitted, 1) if admitted.year < 2022 else None  # 12 months on probation
        if ethnicity == "Kinh" and rng.random() < 0.2:
            hometown = rng.choice(OTHER_PROVINCES)
        else:
            hometown = self.place(rng.choice(HOME_DISTRICTS[ethnicity]))
        home = self.place(org.district or (CAPITAL if rng.random() < 0.8 else "huyện Yên Sơn"))
        hamlet = "Thôn" if home.startswith("xã") else "Tổ"
        occupations, degrees = CAREERS[org.sector]
        theory = "advanced" if senior else pick(rng, THEORY_LEVELS)
        row = {
            "unit": unit,
            "admitted_on": admitted,
            "confirmed_on": confirmed,
            "full_name": full_name,
            "gender": gender,
            "birth_date": birth,
            "ethnicity": ethnicity,
            "hometown": hometown,
            "address": f"{hamlet} {rng.randint(1, 25)}, {home}",
            "citizen_id": self.citizen_id(birth, gender),
            "phone": f"{rng.choice(PHONE_PREFIXES)}{rng.randint(0, 9_999_999):07d}",
            "education": f"{'10/10' if birth.year < 1974 else '12/12'}, {rng.choice(degrees)}",
            "theory_level": theory,
            "occupation": "Chuyên viên chính" if senior else rng.choice(occupations),
            "workplace": org.workplace,
            "card_number": f"{next(self.cards)}",
        }
        return Person(row=row, birth=birth, admitted=admitted, confirmed=confirmed, busy=senior)
