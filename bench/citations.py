"""Throughput of the citation parser against a plain single-regex scan of the same text (the floor).

    python bench/citations.py [--size MB] [--density CITATIONS_PER_KB] [--seed N]

Generates `--size` megabytes (UTF-8) of Vietnamese committee prose with citations in the shapes of rules.md §1 and
tricky non-citation numbers (dates, terms, quarters, ordinals, phones, money), split into documents of about 2 KB
as the command line and the linking pass see them. The default density, 1.5 citations per KB, is a little above the
seed article's (4 citations in 3.6 KB); the ratio grows with density, since the parser does work per citation that
the floor does not (3.5 citations per KB is a legal preamble made only of "Căn cứ ..." lines; measured about 1.6-2.5x
at the default density and 2.6-2.7x at 3.5 on the 2-core development machine, which is shared and noisy).
Prints the parser's MB/s, the floor's MB/s and their ratio (issue 3 target: the parser within 3x of the floor).
"""

import argparse
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dangvu.documents.citations import find_citations  # noqa: E402

# The floor: one compiled regex for party and state numbers, scanned with finditer over the same documents.
FLOOR = re.compile(r"\d+(?:/\d{4})?[-/][A-ZĐ][A-Za-zĐ&]*(?:[-/][A-ZĐ][A-Za-zĐ0-9&]*)*")

PROSE = [
    "Đảng ủy Khối đã tập trung lãnh đạo cấp ủy các chi, đảng bộ cơ sở triển khai thực hiện nghiêm túc các nhiệm vụ",
    "chính trị, công tác xây dựng Đảng, đoàn thể trong quý II-2022 và nhiệm kỳ 2020-2025",
    "Hội nghị Ban Chấp hành Đảng bộ lần thứ 8 đánh giá kết quả thực hiện nhiệm vụ ngày 13-4",
    "tặng Giấy khen cho 6 đảng viên hoàn thành xuất sắc nhiệm vụ 5 năm liền (2017-2021)",
    "kinh phí hỗ trợ 1.500.000 đồng, liên hệ 0207.3822.123",
    "bồi dưỡng, cập nhật kiến thức đối với cán bộ lãnh đạo quản lý; nâng cao chất lượng sinh hoạt chi bộ",
    "tiếp tục triển khai thực hiện các nghị quyết, kết luận, kế hoạch của Trung ương, của tỉnh",
]
ISSUERS = ["BCH Trung ương", "Bộ Chính trị", "Ban Bí thư", "BCH Đảng bộ tỉnh", "BTV Tỉnh ủy", "Chính phủ", "UBND tỉnh"]


def _citation(rng: random.Random) -> str:
    shape = rng.randrange(6)
    n = rng.randint(1, 999)
    date = f", ngày {rng.randint(1, 28)}-{rng.randint(1, 12)}-{rng.randint(2015, 2026)}" if rng.random() < 0.6 else ""
    issuer = f" của {rng.choice(ISSUERS)}" if rng.random() < 0.6 else ""
    term = f" (khóa {rng.choice(['XII', 'XIII', 'XVII'])})" if rng.random() < 0.3 else ""
    if shape == 0:
        return f"Kết luận số {n:02d}-KL/TW{date}{issuer}{term}"
    if shape == 1:
        return f"Nghị quyết số {n}-NQ/TU, ngày {rng.randint(1, 28)} tháng {rng.randint(1, 12)} năm 2021{issuer}{term}"
    if shape == 2:
        return f"Nghị định số {n}/{rng.randint(2015, 2026)}/NĐ-CP{date}{issuer}"
    if shape == 3:
        return f"Quyết định {n}/QĐ-UBND{date}"
    if shape == 4:
        return f"Luật Thi đua, khen thưởng năm {rng.randint(2003, 2022)}"
    return f"NQ {n}"


def generate(size_mb: float, seed: int = 3, density: float = 1.5) -> list[str]:
    rng = random.Random(seed)
    average_prose = sum(len(p.encode("utf-8")) + 1 for p in PROSE) / len(PROSE)
    # One draw per prose piece; a citation adds about 60 bytes.
    chance = min(1.0, density * average_prose / (1000 - density * 60))
    target = int(size_mb * 1_000_000)
    documents, total = [], 0
    while total < target:
        parts = []
        while sum(len(p) for p in parts) < 2000:
            parts.append(rng.choice(PROSE))
            if rng.random() < chance:
                parts.append(_citation(rng) + rng.choice(["; ", ", ", " và ", ". "]) + "về")
        document = " ".join(parts) + "."
        documents.append(document)
        total += len(document.encode("utf-8"))
    return documents


def _time(fn, documents) -> tuple[float, int]:
    start = time.perf_counter()
    count = 0
    for document in documents:
        count += fn(document)
    return time.perf_counter() - start, count


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=float, default=20.0, help="megabytes of generated text (default 20)")
    parser.add_argument("--density", type=float, default=1.5, help="citations per KB (default 1.5)")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the best time of each side counts (default 3)")
    args = parser.parse_args(argv)
    documents = generate(args.size, args.seed, args.density)
    megabytes = sum(len(d.encode("utf-8")) for d in documents) / 1_000_000
    # Floor and parser alternate, and each keeps its best round (as timeit does): a busy machine slows single
    # rounds of either side, not the best of several.
    floor_rounds, parser_rounds = [], []
    for _round in range(max(1, args.repeat)):
        floor_rounds.append(_time(lambda d: sum(1 for _ in FLOOR.finditer(d)), documents))
        parser_rounds.append(_time(lambda d: len(find_citations(d)), documents))
    floor_seconds, floor_count = min(floor_rounds)
    parser_seconds, parser_count = min(parser_rounds)
    floor_speed = megabytes / floor_seconds
    parser_speed = megabytes / parser_seconds
    print(f"corpus: {megabytes:.2f} MB in {len(documents)} documents")
    print(f"floor (single regex): {floor_speed:.2f} MB/s, {floor_count} matches")
    print(f"parser: {parser_speed:.2f} MB/s, {parser_count} citations ({parser_count / megabytes / 1000:.2f} per KB)")
    print(f"ratio: {floor_speed / parser_speed:.2f}x (target <= 3x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
