"""Build a national dataset (issue 8) in a scratch PostgreSQL database, deterministically, through COPY.

    .venv/bin/python bench/generate.py --scale 0.01 [--seed 8] [--database-url postgres://…/x_bench] [--keep]

Shape at --scale 1 (bench/national.py): the Central Committee → 63 provinces and 4 central party committees →
blocs (cơ quan Đảng, UBND) and commune/ward party committees (the district level is gone since 1-7-2025) → base
committees and base cells → sub-committees → cells (depth up to 5, six levels), ~60,000 units, 5.5 million members
admitted 1950-2025 with confirmations, permanent transfers (a fifth of them to another province), temporary
postings, exemptions, deaths, transfers out, striking off and expulsions; their Affiliation and StatusPeriod rows
derived as `members.rules.build_history` derives them; committees with a term 2020-2025 (cells 2022-2025) and
2025-2030 and their seats; five years (2021-2025) of tasks of every province-level unit passed down to every unit
below it, with quarterly progress reports (≥ 5 million at scale 1); yearly ratings of members and units; the party
badges already awarded (each milestone on the first award day after it, up to 7-11-2025); cell
meetings of the second half of 2025 and executive conferences, with invitations for the last of them; audit entries
for the member events of 2025; three users with grants (an administrator, the largest province's office, a cell
secretary).

Ids are assigned here; every table is loaded by COPY (the member tables stream at once, over one connection each,
so their seconds are those of the whole member phase); sequences are set at the end, then VACUUM ANALYZE.
Foreign-key triggers are off while loading (session_replication_role = replica) unless --check-fks (the deferred
checks then run at each table's commit; the smoke scales pass them). The indexes are those of the migrations, kept
in place: dropping the plain secondary indexes of the big tables and recreating them after (--drop-indexes) made no
difference at --scale 0.05. Prints rows and rows per second per table, and the total time. Without --keep the
database is dropped at the end.

Each member's history is generated once, in date order, as events and the intervals they give together
(`member_history`, the semantics of `members.rules.build_history`, checked against it in
tests/test_bench_smoke.py); Member.status/unit/admitted_on/confirmed_on are the cached values the operations would
store, and name_sort_key/search_key come from `dangvu.core.text`. The tree is the current one (one UnitVersion per
unit from its establishment, with its "establish" RestructuringEvent); no restructuring history is generated.
"""

import argparse
import array
import json
import random
import sys
import time
import uuid
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import national  # noqa: E402

NOW = "2026-01-05 09:00:00+07"
BATCH = 20_000

# --- Names ---------------------------------------------------------------------------------------------------------

PROVINCE_NAMES = [
    "Thành phố Hà Nội", "Thành phố Hồ Chí Minh", "Thanh Hóa", "Nghệ An", "Hải Phòng", "Đồng Nai", "Bình Dương",
    "An Giang", "Hà Tĩnh", "Quảng Ninh", "Thái Bình", "Nam Định", "Bắc Giang", "Hải Dương", "Đắk Lắk", "Gia Lai",
    "Quảng Nam", "Bình Định", "Phú Thọ", "Thái Nguyên", "Hưng Yên", "Bắc Ninh", "Vĩnh Phúc", "Ninh Bình", "Hà Nam",
    "Long An", "Tiền Giang", "Bến Tre", "Đồng Tháp", "Kiên Giang", "Cà Mau", "Cần Thơ", "Sóc Trăng", "Bạc Liêu",
    "Trà Vinh", "Vĩnh Long", "Hậu Giang", "Quảng Ngãi", "Phú Yên", "Khánh Hòa", "Ninh Thuận", "Bình Thuận",
    "Lâm Đồng", "Đắk Nông", "Kon Tum", "Bình Phước", "Tây Ninh", "Bà Rịa - Vũng Tàu", "Đà Nẵng", "Thừa Thiên Huế",
    "Quảng Trị", "Quảng Bình", "Tuyên Quang", "Hà Giang", "Cao Bằng", "Lạng Sơn", "Lào Cai", "Yên Bái", "Bắc Kạn",
    "Sơn La", "Điện Biên", "Lai Châu", "Hòa Bình",
]  # fmt: skip
CENTRAL_NAMES = [
    "Đảng bộ các cơ quan Đảng Trung ương", "Đảng bộ Chính phủ", "Đảng bộ Quốc hội",
    "Đảng bộ Mặt trận Tổ quốc, các đoàn thể Trung ương",
]  # fmt: skip
PLACE_WORDS = [
    "Tân",
    "Minh",
    "Phú",
    "An",
    "Bình",
    "Hòa",
    "Thạnh",
    "Xuân",
    "Thanh",
    "Hưng",
    "Long",
    "Phúc",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Hồng",
    "Quang",
    "Vĩnh",
    "Yên",
    "Lạc",
    "Sơn",
    "Hà",
    "Thái",
    "Trung",
    "Kim",
    "Ngọc",
    "Đức",
    "Thịnh",
    "Lộc",
    "Mỹ",
    "Hiệp",
    "Lợi",
    "Thuận",
    "Cường",
    "Đạt",
    "Trường",
    "Khánh",
    "Lâm",
    "Hải",
    "Việt",
    "Tiến",
    "Thắng",
    "Quý",
]
DEPARTMENTS = [
    "Sở Tài chính",
    "Sở Nội vụ",
    "Sở Xây dựng",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Công Thương",
    "Sở Tư pháp",
    "Sở Nông nghiệp và Môi trường",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa",
    "Thể thao và Du lịch",
    "Thanh tra tỉnh",
    "Ban Tổ chức Tỉnh ủy",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "Ủy ban Kiểm tra Tỉnh ủy",
    "Văn phòng Tỉnh ủy",
    "Bệnh viện Đa khoa tỉnh",
    "Trường Chính trị tỉnh",
    "Báo và Phát thanh",
    "Truyền hình tỉnh",
    "Kho bạc Nhà nước khu vực",
    "Công an tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Cục Thuế tỉnh",
    "Trường Đại học",
    "Công ty Điện lực",
]
OFFICES = [
    "Văn phòng",
    "Phòng Tổ chức",
    "Phòng Kế hoạch",
    "Phòng Nghiệp vụ",
    "Phòng Tổng hợp",
    "Phòng Hành chính",
    "Phòng Kiểm tra",
]
COMMUNE_CELLS = [
    "Trường Tiểu học",
    "Trường Trung học cơ sở",
    "Trường Mầm non",
    "Trạm Y tế",
    "Công an xã",
    "Quân sự xã",
    "Cơ quan Đảng",
    "Cơ quan Ủy ban nhân dân",
    "Mặt trận Tổ quốc và các đoàn thể",
]
FAMILY = [
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4), ("Phan", 4), ("Vũ", 4),
    ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 1), ("Lý", 1), ("Đinh", 1),
    ("Đào", 1), ("Hà", 1), ("Lương", 1), ("Mai", 1), ("Trịnh", 1), ("Nông", 1), ("Triệu", 1), ("Ma", 1), ("Tạ", 1),
]  # fmt: skip
MIDDLE = {
    "male": [
        "Văn",
        "Văn",
        "Văn",
        "Đức",
        "Minh",
        "Quang",
        "Mạnh",
        "Hữu",
        "Xuân",
        "Trung",
        "Tiến",
        "Thanh",
        "Ngọc",
        "Công",
        "Đình",
        "Anh",
        "Việt",
        "Hồng",
        "Duy",
        "Kim",
    ],
    "female": [
        "Thị",
        "Thị",
        "Thị",
        "Thị",
        "Thu",
        "Ngọc",
        "Thanh",
        "Minh",
        "Hồng",
        "Thúy",
        "Phương",
        "Kim",
        "Hải",
        "Mai",
        "Bích",
    ],
}
GIVEN = {
    "male": [
        "An",
        "Bình",
        "Chiến",
        "Cường",
        "Dũng",
        "Duy",
        "Đạt",
        "Đức",
        "Giang",
        "Hải",
        "Hiếu",
        "Hòa",
        "Hùng",
        "Huy",
        "Khánh",
        "Kiên",
        "Lâm",
        "Long",
        "Lợi",
        "Mạnh",
        "Minh",
        "Nam",
        "Nghĩa",
        "Phong",
        "Phúc",
        "Quân",
        "Quang",
        "Sơn",
        "Tâm",
        "Thắng",
        "Thành",
        "Thịnh",
        "Tiến",
        "Toàn",
        "Trung",
        "Tuấn",
        "Tùng",
        "Việt",
        "Vinh",
        "Vũ",
        "Hưng",
        "Khải",
        "Lực",
        "Tú",
        "Bảo",
    ],
    "female": [
        "Anh",
        "Bích",
        "Châu",
        "Dung",
        "Duyên",
        "Giang",
        "Hà",
        "Hạnh",
        "Hằng",
        "Hiền",
        "Hoa",
        "Hồng",
        "Huệ",
        "Hương",
        "Huyền",
        "Lan",
        "Liên",
        "Linh",
        "Loan",
        "Mai",
        "Nga",
        "Ngân",
        "Ngọc",
        "Nhung",
        "Oanh",
        "Phương",
        "Quyên",
        "Thảo",
        "Thơm",
        "Thủy",
        "Trang",
        "Tuyết",
        "Vân",
        "Yến",
        "Xuân",
        "Lệ",
        "Chi",
    ],
}
ETHNICITIES = [("Kinh", 86), ("Tày", 4), ("Thái", 3), ("Mường", 3), ("Khmer", 1), ("Nùng", 1), ("Hoa", 1), ("Dao", 1)]
OCCUPATIONS = [
    ("Công chức", "Ủy ban nhân dân"), ("Viên chức", "Trường học"), ("Nông dân", ""), ("Công nhân", "Công ty"),
    ("Hưu trí", ""), ("Sĩ quan", "Quân đội"), ("Bác sĩ", "Bệnh viện"), ("Kinh doanh", ""),
]  # fmt: skip
THEORY = ["", "", "elementary", "elementary", "intermediate", "intermediate", "advanced", "bachelor"]
DESTINATIONS = ["Đảng bộ Ngoài nước", "Đảng bộ Quân đội", "Đảng bộ Công an Trung ương", "Đảng bộ Khối Doanh nghiệp"]
LEVELS = (("excellent", 12), ("good", 79), ("completed", 7), ("not_completed", 2))
TASK_TITLES = [
    "Thực hiện Nghị quyết số {n}-NQ/TU về phát triển kinh tế - xã hội năm {y}",
    "Chuyển đổi số trong hoạt động của các cơ quan Đảng năm {y}",
    "Kết nạp đảng viên mới năm {y}",
    "Giải ngân vốn đầu tư công năm {y}",
    "Xây dựng nông thôn mới nâng cao năm {y}",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm {y}",
    "Cải cách hành chính, nâng cao chỉ số năng lực cạnh tranh năm {y}",
]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return lambda: rng.choices(values, weights)[0]


# --- COPY plumbing -------------------------------------------------------------------------------------------------

_DAY = {}


def day(ordinal: int) -> str:
    text = _DAY.get(ordinal)
    if text is None:
        text = _DAY[ordinal] = date.fromordinal(ordinal).isoformat()
    return text


class Stream:
    """One table loaded by COPY over its own connection, fed rows (tuples of str/int/None) in batches."""

    def __init__(self, url: str, table: str, columns: str, check_fks: bool, stats: dict) -> None:
        import psycopg

        self.table, self.rows, self.buffer, self.stats = table, 0, [], stats
        self.conn = psycopg.connect(national.psycopg_url(url))
        self.conn.execute("SET synchronous_commit = off")
        if not check_fks:
            self.conn.execute("SET session_replication_role = replica")
        self.cursor = self.conn.cursor()
        self._copy = self.cursor.copy(f"COPY {table} ({columns}) FROM STDIN")
        self.copy = self._copy.__enter__()
        self.started = time.perf_counter()

    def add(self, row) -> None:
        # Values are str, int, UUID, bool or None (PostgreSQL reads "True"/"False" as booleans).
        self.buffer.append("\t".join(["\\N" if v is None else str(v) for v in row]))
        if len(self.buffer) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.copy.write("\n".join(self.buffer) + "\n")
            self.rows += len(self.buffer)
            self.buffer = []

    def close(self) -> None:
        self.flush()
        self._copy.__exit__(None, None, None)
        self.conn.commit()
        self.conn.close()
        self.stats[self.table] = (self.rows, time.perf_counter() - self.started)


class Loader:
    def __init__(self, url: str, check_fks: bool) -> None:
        self.url, self.check_fks, self.stats = url, check_fks, {}

    def stream(self, table: str, columns: str) -> Stream:
        return Stream(self.url, table, columns, self.check_fks, self.stats)

    def load(self, table: str, columns: str, rows) -> None:
        stream = self.stream(table, columns)
        for row in rows:
            stream.add(row)
        stream.close()


# --- The tree ------------------------------------------------------------------------------------------------------


class Tree:
    """Units as parallel lists indexed by id (ids start at 1)."""

    def __init__(self) -> None:
        self.name, self.kind, self.parent, self.path, self.depth, self.established = [None], [None], [None], [None], [None], [None]  # fmt: skip
        self.children: dict[int, list[int]] = defaultdict(list)
        self.top: list[int] = []  # province-level units (provinces and central committees)
        self.top_of: list[int | None] = [None]
        self.cells: list[int] = []
        self.cells_of_top: dict[int, list[int]] = defaultdict(list)

    def add(self, name: str, kind: str, parent: int | None, established: date) -> int:
        uid = len(self.name)
        self.name.append(name)
        self.kind.append(kind)
        self.parent.append(parent)
        self.path.append(f"{self.path[parent] if parent else ''}{uid}.")
        self.depth.append(self.depth[parent] + 1 if parent else 0)
        self.established.append(established)
        self.top_of.append(None if parent is None else (uid if self.depth[uid] == 1 else self.top_of[parent]))
        if parent:
            self.children[parent].append(uid)
        if kind in ("cell", "base_cell"):
            self.cells.append(uid)
            self.cells_of_top[self.top_of[uid]].append(uid)
        return uid

    def __len__(self) -> int:
        return len(self.name) - 1


def build_tree(rng: random.Random, scale: float) -> Tree:
    tree = Tree()
    total = max(40, round(national.UNITS * scale))
    provinces = national.provinces_for(scale)
    centrals = national.central_committees_for(scale)
    root = tree.add("Ban Chấp hành Trung ương Đảng", "bloc", None, date(1930, 2, 3))
    est = date(1949, 1, 1)
    weights = [rng.lognormvariate(0, 0.45) * (3 if i < 2 else 1) for i in range(provinces)]
    weights += [rng.lognormvariate(0, 0.3) * 0.4 for _ in range(centrals)]
    budget = total - 1 - provinces - centrals
    names = ["Đảng bộ t" + n[1:] if n.startswith("Thành phố") else f"Đảng bộ tỉnh {n}" for n in PROVINCE_NAMES]
    for index, weight in enumerate(weights):
        share = max(4, round(budget * weight / sum(weights)))
        if index < provinces:
            top = tree.add(names[index], "province", root, est)
            _province(rng, tree, top, share, PROVINCE_NAMES[index])
        else:
            top = tree.add(CENTRAL_NAMES[index - provinces], "bloc", root, est)
            _bloc(rng, tree, top, share)
        tree.top.append(top)
    return tree


def _place(rng: random.Random) -> str:
    return f"{rng.choice(PLACE_WORDS)} {rng.choice(PLACE_WORDS)}"


def _province(rng, tree: Tree, province: int, budget: int, province_name: str) -> None:
    est = date(1950, 1, 1)
    blocs_budget = round(budget * 0.3)
    blocs = [("Đảng bộ các cơ quan Đảng tỉnh", 0.45), ("Đảng bộ Ủy ban nhân dân tỉnh", 0.55)]
    if blocs_budget < 12:
        blocs = blocs[1:]
    for name, share in blocs:
        bloc = tree.add(name, "bloc", province, est)
        _bloc(rng, tree, bloc, max(2, round(blocs_budget * share)) - 1)
    communes_budget = budget - blocs_budget
    count = max(1, round(communes_budget / 14))
    for _ in range(count):
        ward = rng.random() < 0.25
        commune = tree.add(f"Đảng bộ {'phường' if ward else 'xã'} {_place(rng)}", "base_committee", province, est)
        cells = max(2, round(communes_budget / count) - 1 + rng.randint(-3, 3))
        for n in range(cells):
            if n < len(COMMUNE_CELLS) and rng.random() < 0.6:
                name = f"Chi bộ {COMMUNE_CELLS[n]}"
            else:
                name = f"Chi bộ {'tổ dân phố số' if ward else 'thôn'} {n + 1}" if rng.random() < 0.5 else f"Chi bộ {'khu phố' if ward else 'thôn'} {_place(rng)}"  # fmt: skip
            tree.add(name, "cell", commune, est)


def _bloc(rng, tree: Tree, bloc: int, budget: int) -> None:
    est = date(1950, 1, 1)
    used = 0
    while used < budget:
        left = budget - used
        r = rng.random()
        department = rng.choice(DEPARTMENTS)
        if r < 0.3 or left < 3:
            tree.add(f"Chi bộ {department}", "base_cell", bloc, est)
            used += 1
        elif r < 0.9 or left < 12:
            base = tree.add(f"Đảng bộ {department}", "base_committee", bloc, est)
            cells = min(left - 1, rng.randint(2, 8))
            for n in range(cells):
                tree.add(f"Chi bộ {OFFICES[n % len(OFFICES)]}{'' if n < len(OFFICES) else f' {n + 1}'}", "cell", base, est)  # fmt: skip
            used += 1 + cells
        else:
            base = tree.add(f"Đảng bộ {department}", "base_committee", bloc, est)
            used += 1
            for s in range(rng.randint(2, 3)):
                sub = tree.add(f"Đảng bộ bộ phận {OFFICES[s]}", "sub_committee", base, est)
                cells = rng.randint(2, 5)
                for n in range(cells):
                    tree.add(f"Chi bộ {n + 1} {OFFICES[s]}", "cell", sub, est)
                used += 1 + cells


# --- Members -------------------------------------------------------------------------------------------------------

PROBATIONARY, FULL, EXEMPT = "probationary", "full", "exempt"
ACTIVE = (PROBATIONARY, FULL, EXEMPT)
ENDING = {"death": "deceased", "transfer_out": "transferred_out", "striking_off": "struck_off", "expulsion": "expelled"}


class People:
    """Names and their keys (`core.text`), cached: names repeat a lot."""

    def __init__(self, rng: random.Random) -> None:
        from dangvu.core.text import name_sort_key, search_key

        self.rng, self._sort, self._search = rng, name_sort_key, search_key
        self.keys: dict[str, tuple[str, str]] = {}
        self.family = _weighted(rng, FAMILY)
        self.ethnicity = _weighted(rng, ETHNICITIES)

    def name(self, gender: str) -> tuple[str, str, str]:
        rng = self.rng
        full = f"{self.family()} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
        keys = self.keys.get(full)
        if keys is None:
            keys = self.keys[full] = (self._sort(full), self._search(full))
        return full, keys[0], keys[1]


def _status_on(periods, on: int):
    for status, start, end in periods:
        if start <= on and (end is None or on < end):
            return status
    return None


def _unit_on(periods, on: int):
    for unit, start, end in periods:
        if start <= on and (end is None or on < end):
            return unit
    return None


def member_history(rng: random.Random, cell: int, birth: int, admitted: int, tree: Tree, last: int):
    """One member's events and the intervals they give (the semantics of `members.rules.build_history`), built
    together in date order; every date is at least 30 days after the previous one, so the order is unambiguous.

    Returns (events [(kind, ordinal, unit or None, destination)], statuses [(status, start, end)],
    official [(unit, start, end)], temporary [(unit, start, end)], confirmed ordinal or None)."""
    events = [("admission", admitted, cell, "")]
    statuses = [[PROBATIONARY, admitted, None]]
    official = [[cell, admitted, None]]
    temporary: list[list] = []
    confirmed = None

    def status(value, on):
        statuses[-1][2] = on
        statuses.append([value, on, None])

    t = admitted + 365 + rng.randint(0, 45)
    if t > last:
        return events, statuses, official, temporary, None
    if rng.random() < 0.004:  # not confirmed: struck off at the end of probation
        events.append(("striking_off", t, None, ""))
        status("struck_off", t)
        official[-1][2] = t
        return events, statuses, official, temporary, None
    events.append(("confirmation", t, None, ""))
    status(FULL, t)
    confirmed = t

    def next_day(low: int, high: int) -> int | None:
        return rng.randint(low, high) if low <= high else None

    r = rng.random()
    moves = 2 if r < 0.03 else 1 if r < 0.18 else 0
    for _ in range(moves):
        on = next_day(t + 30, min(last, t + 30 + 365 * 20))
        if on is None:
            break
        top = tree.top_of[official[-1][0]]
        pool = tree.cells if rng.random() < 0.2 else tree.cells_of_top[top]
        target = rng.choice(pool)
        if target == official[-1][0]:
            continue
        events.append(("transfer_permanent", on, target, ""))
        official[-1][2] = on
        official.append([target, on, None])
        t = on
    if rng.random() < 0.03:
        on = next_day(t + 30, last)
        if on is not None:
            target = rng.choice(tree.cells)
            if target != official[-1][0]:
                events.append(("transfer_temporary", on, target, ""))
                temporary.append([target, on, None])
                t = on
                ends = on + rng.randint(180, 540)
                if rng.random() < 0.6 and ends <= last:
                    events.append(("temporary_end", ends, None, ""))
                    temporary[-1][2] = ends
                    t = ends
    born_year = date.fromordinal(birth).year
    old = born_year <= 1950
    ending = None
    if born_year <= 1958 and rng.random() < 0.35:
        on = next_day(max(t + 30, birth + 365 * 68), last)
        if on is not None:
            events.append(("exemption", on, None, ""))
            status(EXEMPT, on)
            t = on
    r = rng.random()
    dies, leaves = (0.45, 0.5) if old else (0.12, 0.15) if born_year <= 1960 else (0.01, 0.025)
    if r < dies:
        ending = "death", next_day(max(t + 30, birth + 365 * (70 if old else 55)), last)
    elif r < leaves:
        kind = rng.choice(["transfer_out", "transfer_out", "striking_off", "striking_off", "expulsion"])
        ending = kind, next_day(t + 30, last)
    if ending and ending[1] is not None:
        kind, on = ending
        events.append((kind, on, None, rng.choice(DESTINATIONS) if kind == "transfer_out" else ""))
        status(ENDING[kind], on)
        official[-1][2] = on
        if temporary and temporary[-1][2] is None:
            temporary[-1][2] = on
    return events, statuses, official, temporary, confirmed


def load_members(rng: random.Random, tree: Tree, scale: float, loader: Loader) -> dict:
    """Members with events, affiliations, status periods, yearly ratings and audit entries, streamed together."""
    from dangvu.awards.rules import MILESTONES, date_reached, next_occasion, rule_for

    total = max(len(tree.cells) * 5, round(national.MEMBERS * scale))
    weights = [rng.lognormvariate(0, 0.6) for _ in tree.cells]
    factor = total / sum(weights)
    sizes = [max(5, int(w * factor)) for w in weights]
    people = People(rng)
    last = national.LAST_DAY.toordinal()
    first = national.FIRST_ADMISSION.toordinal()
    ends = {y: date(y, 12, 31).toordinal() for y in national.RATING_YEARS}
    rules = {y: rule_for(date(y, 12, 31)).code for y in national.RATING_YEARS}
    points_rule = {y: rule_for(date(y, 12, 31)).points for y in national.RATING_YEARS}
    level = _weighted(rng, LEVELS)
    audit_from = date(2025, 1, 1).toordinal()
    members = loader.stream(
        "members_member",
        "id, full_name, gender, birth_date, ethnicity, religion, hometown, address, citizen_id, phone, education, "
        "theory_level, occupation, workplace, admitted_on, confirmed_on, card_number, status, unit_id, name_sort_key, "
        "search_key, created_at, updated_at",
    )
    events = loader.stream(
        "members_memberevent",
        "id, member_id, kind, occurred_on, unit_id, destination, decision, note, restructuring_id, created_by_id, "
        "created_at",
    )
    affiliations = loader.stream("members_affiliation", "id, member_id, unit_id, kind, starts_on, ends_on")
    periods = loader.stream("members_statusperiod", "id, member_id, status, starts_on, ends_on")
    ratings = loader.stream(
        "awards_rating",
        "id, member_id, unit_id, cell_id, year, quarter, rule, self_level, self_points, self_note, self_assessed_at, "
        "proposed_level, points, civil_service_level, proposal_note, proposed_by_id, proposed_at, level, decision_id, "
        "decided_by_id, decided_at",
    )
    audits = loader.stream(
        "access_auditentry",
        "id, request_id, at, actor_id, actor_name, source, action, object_type, object_id, object_repr, unit_id, "
        "unit_path, before, after, reason",
    )
    badges = loader.stream(
        "awards_partybadge",
        "id, member_id, milestone, occasion, basis, decision_id, number, ceremony_on, ceremony_place, created_by_id, "
        "created_at",
    )
    # Badges already awarded: each milestone reached (awards.rules.date_reached; these histories have no gap while
    # active) on the first award day after it, up to the last award day of the data, while the member was active.
    last_occasion = date(2025, 11, 7)
    first_milestone = min(MILESTONES)
    badge_days: dict[tuple[int, int], int] = {}

    def badge_day(admitted: int, milestone: int) -> int:
        key = (admitted, milestone)
        found = badge_days.get(key)
        if found is None:
            found = badge_days[key] = next_occasion(date_reached(date.fromordinal(admitted), [], milestone)).toordinal()
        return found

    ids = {"event": 0, "affiliation": 0, "period": 0, "rating": 0, "audit": 0, "badge": 0}
    stable = defaultdict(lambda: array.array("i"))  # cell → members confirmed before 2019 who never moved or left
    current = defaultdict(lambda: array.array("i"))  # cell → members active there now
    member_id = 0
    rand = rng.random
    for cell, size in zip(tree.cells, sizes, strict=True):
        top = tree.top_of[cell]
        for _ in range(size):
            member_id += 1
            gender = "male" if rand() < 0.62 else "female"
            full, sort_key, search = people.name(gender)
            # Admissions lean to recent decades (older members have died or left); ages at admission 18-45.
            year = max(1950, 2025 - int(rng.expovariate(1 / 16)))
            admitted = max(first, min(last, date(year, 1, 1).toordinal() + rng.randint(0, 364)))
            birth = admitted - rng.randint(18 * 365, 45 * 365)
            history, statuses, official, temporary, confirmed = member_history(rng, cell, birth, admitted, tree, last)
            card = f"{top % 100:02d}{member_id:09d}" if rand() < 0.97 else None
            final = statuses[-1][0]
            unit = official[-1][0]
            occupation, workplace = rng.choice(OCCUPATIONS)
            members.add((
                member_id, full, gender, day(birth), people.ethnicity(), "", f"xã {_place(rng)}",
                f"Số {rng.randint(1, 300)}, thôn {_place(rng)}", f"0{top % 96:02d}{rng.randint(0, 999_999_999):09d}",
                f"09{rng.randint(0, 99_999_999):08d}", "12/12", rng.choice(THEORY), occupation,
                f"{workplace} {_place(rng)}" if workplace else "", day(admitted), day(confirmed) if confirmed else None,
                card, final, unit, sort_key, f"{search} {card}" if card else search, NOW, NOW,
            ))  # fmt: skip
            for kind, on, target, destination in history:
                ids["event"] += 1
                events.add((ids["event"], member_id, kind, day(on), target, destination, "", "", None, None, NOW))
                if on >= audit_from:
                    ids["audit"] += 1
                    where = _unit_on(official, on) or _unit_on(official, on - 1) or unit
                    stamp = f"{day(on)} {8 + ids['audit'] % 9:02d}:{ids['audit'] % 60:02d}:00+07"
                    after = json.dumps({"status": _status_on(statuses, on), "unit_id": where}, ensure_ascii=False)
                    audits.add((
                        ids["audit"], uuid.UUID(int=rng.getrandbits(128), version=4), stamp, None, "system", "web",
                        "create" if kind == "admission" else f"event:{kind}", "members.member", member_id, full,
                        where, tree.path[where], None if kind == "admission" else "{}", after, "",
                    ))  # fmt: skip
            for kind, spans in (("official", official), ("temporary", temporary)):
                for target, start, end in spans:
                    ids["affiliation"] += 1
                    affiliations.add((ids["affiliation"], member_id, target, kind, day(start), end and day(end)))
            for value, start, end in statuses:
                ids["period"] += 1
                periods.add((ids["period"], member_id, value, day(start), end and day(end)))
            for year, end in ends.items():
                if admitted > end - 180 or _status_on(statuses, end) not in (PROBATIONARY, FULL):
                    continue
                rated_in = _unit_on(official, end)
                chosen = level()
                points = None
                if points_rule[year]:
                    points = {"excellent": 92, "good": 80, "completed": 60, "not_completed": 40}[chosen] + rng.randint(0, 7)  # fmt: skip
                ids["rating"] += 1
                ratings.add((
                    ids["rating"], member_id, None, rated_in, year, 0, rules[year], chosen, points, "",
                    f"{year}-12-05 10:00:00+07", chosen, points, "", "", None, f"{year}-12-15 10:00:00+07", chosen,
                    None, None, f"{year + 1}-01-10 10:00:00+07",
                ))  # fmt: skip
            if admitted < date(2025 - first_milestone, 12, 31).toordinal():
                active_until = last_occasion.toordinal() if final in ACTIVE else statuses[-1][1]
                for milestone in MILESTONES:
                    on = badge_day(admitted, milestone)
                    if on > active_until or on > last_occasion.toordinal():
                        break
                    ids["badge"] += 1
                    badges.add((ids["badge"], member_id, milestone, day(on), "on_time", None,
                                f"{milestone}-{ids['badge']:07d}", day(on), "Hội trường", None, NOW))  # fmt: skip
            if final in ACTIVE:
                current[unit].append(member_id)
                if len(history) == 2 and confirmed and confirmed < date(2019, 1, 1).toordinal() and final == FULL:
                    stable[unit].append(member_id)
    for stream in (members, events, affiliations, periods, ratings, audits, badges):
        stream.close()
    return {"members": member_id, "stable": stable, "current": current}


# --- Units, committees, users --------------------------------------------------------------------------------------


def load_units(tree: Tree, loader: Loader) -> None:
    from dangvu.core.text import collation_key, search_key

    n = len(tree)
    loader.load(
        "units_unit",
        "id, name, short_name, code, kind, parent_id, path, depth, established_on, closed_on, search_key, sort_key",
        (
            (u, tree.name[u], "", f"N{u}", tree.kind[u], tree.parent[u], tree.path[u], tree.depth[u],
             tree.established[u].isoformat(), None, search_key(tree.name[u], "", f"N{u}"), collation_key(tree.name[u]))
            for u in range(1, n + 1)
        ),
    )  # fmt: skip
    loader.load(
        "units_restructuringevent",
        "id, kind, effective_on, decision, description, created_by_id, created_at",
        ((u, "establish", tree.established[u].isoformat(), "", "", None, NOW) for u in range(1, n + 1)),
    )
    loader.load("units_eventunit", "id, event_id, unit_id, role", ((u, u, u, "target") for u in range(1, n + 1)))
    loader.load(
        "units_unitversion",
        "id, unit_id, name, short_name, kind, parent_id, path, valid_from, valid_to, event_id",
        (
            (u, u, tree.name[u], "", tree.kind[u], tree.parent[u], tree.path[u], tree.established[u].isoformat(), None, u)
            for u in range(1, n + 1)
        ),
    )  # fmt: skip


TERMS = {  # (name, starts, ends) for committees; cells have their own
    "committee": (("2020-2025", date(2020, 10, 1), date(2025, 10, 1)), ("2025-2030", date(2025, 10, 1), None)),
    "cell": (("2022-2025", date(2022, 7, 1), date(2025, 7, 1)), ("2025-2030", date(2025, 7, 1), None)),
}
SEATS = {0: (3, 5, 12, 180), 1: (1, 3, 12, 50), 2: (1, 2, 5, 15)}  # depth → deputies, standing, …, committee size


def load_committees(rng: random.Random, tree: Tree, members: dict, loader: Loader) -> dict:
    """Two terms for every unit, with their committees; returns the seats of the current term by unit."""
    stable = members["stable"]
    under: dict[int, list[int]] = defaultdict(list)  # unit → cells below it that have stable members
    for cell in tree.cells:
        if stable[cell]:
            unit = cell
            while unit:
                under[unit].append(cell)
                unit = tree.parent[unit]
    terms, positions, seats = [], [], {}
    term_id = 0
    for unit in range(1, len(tree) + 1):
        cells = under.get(unit)
        is_cell = tree.kind[unit] in ("cell", "base_cell")
        if is_cell:
            pool = stable[unit]
            size = 2 if len(pool) < 9 else min(7, 3 + len(pool) // 30)
            roles = ["secretary", "deputy"] + ["member"] * (size - 2)
        else:
            deputies, standing, low, high = SEATS.get(tree.depth[unit], (1, 0, 5, 9))
            size = rng.randint(low, high)
            roles = ["secretary", "standing_deputy"] + ["deputy"] * (deputies - 1) + ["standing_member"] * standing
            roles += ["member"] * max(0, size - len(roles))
        previous: list[int] = []
        for name, starts, ends in TERMS["cell" if is_cell else "committee"]:
            term_id += 1
            terms.append((term_id, unit, name, starts.isoformat(), ends and ends.isoformat()))
            if not cells:
                continue
            chosen: list[int] = [m for m in previous if rng.random() < 0.6][: len(roles) - 1]
            taken = set(chosen)
            attempts = 0
            while len(chosen) < len(roles) and attempts < len(roles) * 4:
                attempts += 1
                pool = stable[unit] if is_cell else stable[rng.choice(cells)]
                if not pool:
                    break
                member = pool[rng.randrange(len(pool))]
                if member not in taken:
                    taken.add(member)
                    chosen.append(member)
            rng.shuffle(chosen)
            for role, member in zip(roles, chosen, strict=False):
                positions.append((term_id, member, role, starts.isoformat(), ends and ends.isoformat()))
            previous = chosen
            if ends is None:
                seats[unit] = (term_id, list(zip(roles, chosen, strict=False)))
    loader.load("units_term", "id, unit_id, name, starts_on, ends_on", terms)
    loader.load(
        "units_position",
        "id, term_id, member_id, role, starts_on, ends_on",
        ((i, *row) for i, row in enumerate(positions, start=1)),
    )
    return seats


def load_users(tree: Tree, seats: dict, members: dict, loader: Loader) -> None:
    from django.contrib.auth.hashers import make_password

    largest = max(tree.top, key=lambda top: sum(len(members["current"][c]) for c in tree.cells_of_top[top]))
    cell = max(
        (c for c in tree.cells_of_top[largest] if c in seats and seats[c][1]),
        key=lambda c: len(members["current"][c]),
    )
    secretary = next(member for role, member in seats[cell][1] if role == "secretary")
    password = make_password(national.BENCH_PASSWORD)
    rows = [
        (1, national.USERNAMES["admin"], "Quản trị hệ thống", True, None, 1),
        (2, national.USERNAMES["office"], "Văn phòng Tỉnh ủy", False, None, largest),
        (3, national.USERNAMES["secretary"], "Bí thư chi bộ", False, secretary, cell),
    ]
    loader.load(
        "access_user",
        "id, password, last_login, is_superuser, username, first_name, last_name, email, is_staff, is_active, "
        "date_joined, full_name, member_id",
        (
            (i, password, None, su, name, "", "", "", su, True, NOW, full, member)
            for i, name, full, su, member, _u in rows
        ),
    )
    roles = {1: "admin", 2: "office", 3: "secretary"}
    loader.load(
        "access_grant",
        "id, user_id, role, unit_id, starts_on, ends_on",
        ((i, i, roles[i], unit, "2020-01-01", None) for i, _n, _f, _s, _m, unit in rows),
    )


# --- Tracking ------------------------------------------------------------------------------------------------------


def load_tracking(rng: random.Random, tree: Tree, loader: Loader) -> None:
    tasks = loader.stream(
        "tracking_task",
        "id, owner_unit_id, document_id, parent_id, title, description, lead_unit_id, person_id, deadline, recurrence, "
        "priority, indicator, indicator_unit, indicator_target, cancelled_on, created_by_id, created_at",
    )
    assignments = loader.stream(
        "tracking_assignment",
        "id, task_id, unit_id, assigned_by_id, parent_id, period, assigned_on, deadline, baseline_deadline, "
        "started_on, completed_on, cancelled_on, percent, created_by_id, created_at",
    )
    reports = loader.stream(
        "tracking_report",
        "id, assignment_id, quarter, percent, completed_on, narrative, indicator_value, state, first_submitted_at, "
        "submitted_at, submitted_by_id, reviewed_at, reviewed_by_id, review_comment",
    )
    cycles = loader.stream(
        "tracking_reviewcycle",
        "id, unit_id, quarter, state, reporting_deadline, opened_at, compiled_at, closed_at, snapshot",
    )
    ids = {"task": 0, "assignment": 0, "report": 0, "cycle": 0}
    rand, randint = rng.random, rng.randint
    last_quarter = f"{national.TRACKING_YEARS[-1]}-Q4"

    def assign(task: int, unit: int, by: int, parent: int | None, on: int, deadline: int, indicator: bool, year: int):
        ids["assignment"] += 1
        aid = ids["assignment"]
        started = on + randint(0, 60) if rand() < 0.95 else None
        cancelled = on + randint(30, 300) if rand() < 0.02 else None
        completed = None
        if started is not None and cancelled is None and rand() < 0.75:
            completed = min(date(year + 1, 1, 31).toordinal(), max(started, deadline - 200) + randint(0, 230))
        percent = 100 if completed else randint(0, 95)
        assignments.add((
            aid, task, unit, by, parent, "", day(on), day(deadline), day(deadline), started and day(started),
            completed and day(completed), cancelled and day(cancelled), percent, None, NOW,
        ))  # fmt: skip
        for q in range(1, 5):
            start = date(year, 3 * q - 2, 1).toordinal()
            end = (date(year, 3 * q + 1, 1) if q < 4 else date(year + 1, 1, 1)).toordinal() - 1
            if on > end or (cancelled and cancelled <= end) or (completed and completed < start) or rand() < 0.08:
                continue
            ids["report"] += 1
            quarter = f"{year}-Q{q}"
            sent = date.fromordinal(end + randint(1, 20)).isoformat() + f" {8 + q:02d}:{randint(0, 59):02d}:00+07"
            done = completed is not None and completed <= end
            state = "submitted" if quarter == last_quarter else ("returned" if rand() < 0.02 else "accepted")
            reports.add((
                ids["report"], aid, quarter, 100 if done else min(percent, 25 * q), day(completed) if done else None,
                "", f"{randint(0, 12000) / 100:.2f}" if indicator else None, state, sent, sent, None,
                None if state == "submitted" else sent, None, "",
            ))  # fmt: skip
        return aid

    def pass_down(task: int, unit: int, parent_assignment: int, on: int, deadline: int, indicator: bool, year: int):
        for child in tree.children.get(unit, ()):
            child_on = on + randint(3, 15)
            aid = assign(task, child, unit, parent_assignment, child_on, deadline, indicator, year)
            pass_down(task, child, aid, child_on, deadline, indicator, year)

    root = 1
    for year in national.TRACKING_YEARS:
        deadline = date(year, 12, 31).toordinal()
        on = date(year, 1, 10).toordinal()
        for n in range(national.CENTRAL_TASKS_PER_YEAR):
            ids["task"] += 1
            tasks.add((ids["task"], root, None, None, TASK_TITLES[n].format(n=n + 1, y=year), "", None, None,
                       day(deadline), "none", "high", "", "", None, None, None, NOW))  # fmt: skip
            for top in tree.top:
                assign(ids["task"], top, root, None, on, deadline, False, year)
        for top in tree.top:
            for n in range(national.TASKS_PER_YEAR):
                ids["task"] += 1
                indicator = n % 3 == 0
                title = TASK_TITLES[(n + top) % len(TASK_TITLES)].format(n=10 + n, y=year)
                tasks.add((
                    ids["task"], top, None, None, title, "", None, None, day(deadline), "none", "normal",
                    "Tỷ lệ hoàn thành" if indicator else "", "%" if indicator else "", "100" if indicator else None,
                    None, None, NOW,
                ))  # fmt: skip
                pass_down(ids["task"], top, None, on + randint(5, 20), deadline, indicator, year)
    directing = [u for u in range(1, len(tree) + 1) if tree.depth[u] <= 2 and tree.children.get(u)]
    for unit in directing:
        for year in national.TRACKING_YEARS:
            for q in range(1, 5):
                ids["cycle"] += 1
                quarter = f"{year}-Q{q}"
                deadline = (date(year, 3 * q + 1, 5) if q < 4 else date(year + 1, 1, 5)).isoformat()
                closed = quarter != last_quarter
                cycles.add((
                    ids["cycle"], unit, quarter, "closed" if closed else "open", deadline, NOW,
                    f"{deadline} 16:00:00+07" if closed else None, f"{deadline} 17:00:00+07" if closed else None, None,
                ))  # fmt: skip
    # Tasks first: assignments, reports and cycles refer to them (matters only with --check-fks).
    for stream in (tasks, assignments, reports, cycles):
        stream.close()


# --- Unit ratings and meetings -------------------------------------------------------------------------------------


def load_unit_ratings(rng: random.Random, tree: Tree, first_id: int, loader: Loader) -> None:
    from dangvu.awards.rules import rule_for

    level = _weighted(rng, LEVELS)
    rated = [u for u in range(1, len(tree) + 1) if tree.depth[u] >= 2]

    def rows():
        rid = first_id
        for year in national.RATING_YEARS:
            code = rule_for(date(year, 12, 31)).code
            for unit in rated:
                rid += 1
                chosen = level()
                yield (rid, None, unit, unit, year, 0, code, chosen, None, "", None, chosen, None, "", "", None,
                       f"{year}-12-20 10:00:00+07", chosen, None, None, f"{year + 1}-01-20 10:00:00+07")  # fmt: skip

    loader.load(
        "awards_rating",
        "id, member_id, unit_id, cell_id, year, quarter, rule, self_level, self_points, self_note, self_assessed_at, "
        "proposed_level, points, civil_service_level, proposal_note, proposed_by_id, proposed_at, level, decision_id, "
        "decided_by_id, decided_at",
        rows(),
    )


def load_meetings(rng: random.Random, tree: Tree, members: dict, seats: dict, loader: Loader) -> None:
    meetings = loader.stream(
        "meetings_meeting",
        "id, unit_id, kind, term_id, number, title, starts_at, ends_at, place, online, chair_id, secretary_id, "
        "review_cycle_id, state, cancel_reason, uid, sequence, check_in_token, created_by_id, created_at",
    )
    invitations = loader.stream(
        "meetings_invitation", "id, meeting_id, member_id, attendance, reason, site_id, checked_in_at, invited_at"
    )
    ids = {"meeting": 0, "invitation": 0}
    attendance = _weighted(rng, (("present", 90), ("excused", 8), ("absent", 2)))

    def meeting(unit, kind, title, on: date, term=None, number=None, invite=()):
        ids["meeting"] += 1
        holders = dict(seats.get(unit, (None, []))[1])
        starts = f"{on.isoformat()} 14:00:00+07"
        meetings.add((
            ids["meeting"], unit, kind, term, number, title, starts, f"{on.isoformat()} 16:30:00+07",
            f"Hội trường {tree.name[unit]}"[:300], False, holders.get("secretary"), holders.get("deputy"), None, "held",
            "", uuid.UUID(int=rng.getrandbits(128), version=4), 0, f"{rng.getrandbits(128):032x}", None, NOW,
        ))  # fmt: skip
        for member in invite:
            ids["invitation"] += 1
            invitations.add((ids["invitation"], ids["meeting"], member, attendance(), "", None, None, starts))

    for cell in tree.cells:
        present = members["current"][cell]
        for month in range(7, 13):
            on = date(2025, month, rng.randint(3, 10))
            title = f"Sinh hoạt chi bộ thường kỳ tháng {month}/2025"
            meeting(cell, "regular_cell", title, on, invite=present if month == 12 else ())
            if month in (8, 11):
                meeting(cell, "thematic_cell", f"Sinh hoạt chuyên đề quý {'III' if month == 8 else 'IV'}/2025", on + timedelta(days=12))  # fmt: skip
    for unit in range(1, len(tree) + 1):
        if tree.kind[unit] in ("cell", "base_cell") or unit not in seats:
            continue
        term, holders = seats[unit]
        for number, month in enumerate((10, 12), start=1):
            on = date(2025, month, 20)
            invite = [member for _role, member in holders] if month == 12 else ()
            meeting(unit, "executive_conference", f"Hội nghị Ban Chấp hành lần thứ {number}", on, term, number, invite)
    meetings.close()
    invitations.close()


# --- Main ----------------------------------------------------------------------------------------------------------


def reset_sequences(url: str) -> None:
    import psycopg

    with psycopg.connect(national.psycopg_url(url), autocommit=True) as conn:
        tables = conn.execute(
            """SELECT c.table_name FROM information_schema.columns c
               WHERE c.table_schema = 'public' AND c.column_name = 'id'
               AND pg_get_serial_sequence(quote_ident(c.table_name), 'id') IS NOT NULL"""
        ).fetchall()
        for (table,) in tables:
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)"  # noqa: E501
            )


BIG_TABLES = (
    "members_member", "members_memberevent", "members_affiliation", "members_statusperiod", "awards_rating",
    "access_auditentry", "tracking_assignment", "tracking_report", "meetings_meeting", "meetings_invitation",
)  # fmt: skip


def drop_indexes(url: str) -> list[str]:
    """Drop the plain secondary indexes of the big tables (not primary keys, not unique constraints); returns the
    statements that recreate them."""
    import psycopg

    with psycopg.connect(national.psycopg_url(url), autocommit=True) as conn:
        found = conn.execute(
            """SELECT i.indexname, i.indexdef FROM pg_indexes i
               WHERE i.schemaname = 'public' AND i.tablename = ANY(%s)
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
               AND i.indexdef NOT LIKE 'CREATE UNIQUE%%'""",
            (list(BIG_TABLES),),
        ).fetchall()
        for name, _definition in found:
            conn.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in found]


def create_indexes(url: str, statements: list[str]) -> None:
    """Recreate the dropped indexes, on two connections at once (the machine's two cores)."""
    import threading

    import psycopg

    def work(queue: list[str]) -> None:
        with psycopg.connect(national.psycopg_url(url), autocommit=True) as conn:
            conn.execute("SET maintenance_work_mem = '512MB'")
            for statement in queue:
                conn.execute(statement)

    threads = [threading.Thread(target=work, args=(statements[i::2],)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def build(
    url: str, scale: float, seed: int = 8, check_fks: bool = False, drop_big_indexes: bool = False, out=print
) -> dict:
    """Create, migrate and fill the scratch database at `url`; returns the per-table stats."""
    import os

    started = time.perf_counter()
    url = national.database_url(url)
    national.create_database(url)
    migrated = time.perf_counter()
    out(f"database {national.database_name(url)} created and migrated in {migrated - started:.1f} s")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangvu.settings")
    import django

    django.setup()
    rng = random.Random(seed)
    loader = Loader(url, check_fks)
    recreate = drop_indexes(url) if drop_big_indexes else []
    tree = build_tree(random.Random(rng.random()), scale)
    load_units(tree, loader)
    members = load_members(random.Random(rng.random()), tree, scale, loader)
    seats = load_committees(random.Random(rng.random()), tree, members, loader)
    load_users(tree, seats, members, loader)
    load_tracking(random.Random(rng.random()), tree, loader)
    member_ratings, seconds = loader.stats["awards_rating"]
    load_unit_ratings(random.Random(rng.random()), tree, member_ratings, loader)  # ids after the members' ratings
    unit_ratings, more_seconds = loader.stats["awards_rating"]
    loader.stats["awards_rating"] = (member_ratings + unit_ratings, seconds + more_seconds)
    load_meetings(random.Random(rng.random()), tree, members, seats, loader)
    reset_sequences(url)
    loaded = time.perf_counter()
    if recreate:
        create_indexes(url, recreate)
        indexed = time.perf_counter()
        out(f"{len(recreate)} secondary indexes of the big tables recreated in {indexed - loaded:.1f} s")
        loaded = indexed
    import psycopg

    with psycopg.connect(national.psycopg_url(url), autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
    finished = time.perf_counter()
    total_rows = 0
    out(f"{'table':<28} {'rows':>12} {'seconds':>9} {'rows/s':>10}")
    for table, (rows, seconds) in loader.stats.items():
        total_rows += rows
        out(f"{table:<28} {rows:>12,} {seconds:>9.1f} {rows / max(seconds, 1e-9):>10,.0f}")
    out(f"loaded {total_rows:,} rows in {loaded - migrated:.1f} s ({total_rows / (loaded - migrated):,.0f} rows/s)")
    out(f"VACUUM ANALYZE {finished - loaded:.1f} s; total {finished - started:.1f} s")
    return {"stats": loader.stats, "units": len(tree), "members": members["members"], "seconds": finished - started}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.01, help="1 = national (5.5 M members); default 0.01")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--database-url", help=f"a *_bench PostgreSQL database (default {national.DEFAULT_URL})")
    parser.add_argument("--keep", action="store_true", help="leave the database for bench/run.py (default: drop it)")
    parser.add_argument(
        "--drop-indexes",
        action="store_true",
        help="drop the plain secondary indexes of the big tables while "
        "loading and recreate them after (no faster at --scale 0.05; default: load with every index in place)",
    )
    parser.add_argument("--check-fks", action="store_true", help="load with the foreign-key triggers on (slower)")
    args = parser.parse_args(argv)
    url = national.database_url(args.database_url)
    try:
        result = build(url, args.scale, args.seed, args.check_fks, args.drop_indexes)
        print(f"{result['units']:,} units, {result['members']:,} members at scale {args.scale:g}")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            national.drop_database(url)
            print(f"dropped {national.database_name(url)} (use --keep to leave it for bench/run.py)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
