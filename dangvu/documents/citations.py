"""Find citations of party and state documents in Vietnamese prose.

`find_citations(text)` is pure (no Django, no database): the module runs without settings, so other tools call it
through the command line `python -m dangvu.documents.citations` (JSON Lines in, JSON Lines out; see `main`).

The grammar is rules.md §1: `<Type word> [số] <number-symbol>[, ngày <date>] [của <issuer>] [(khóa <roman>)]`, with
party numbers `21-KL/TW` (Hướng dẫn 36-HD/VPTW), state numbers `98/2023/NĐ-CP` and `1234/QĐ-UBND`
(Nghị định 30/2020/NĐ-CP), laws by name and year ("Luật Thi đua, khen thưởng năm 2022") or number
(`06/2022/QH15`), and abbreviated type words ("NQ 48"). Type tables live in `citation_types`.

Choices where prose is ambiguous:
- the type word in the text wins; with only a symbol the type comes from it, and party "QĐ" (Quy định or Quyết định
  under Quy định 399-QĐ/TW) is read as Quy định, state "QĐ" as Quyết định (see `citation_types.PARTY_SYMBOLS`);
- a bare number is a citation only after a type word ("Nghị quyết 18", "NQ 48", "nghị quyết số 30"), never when a
  unit follows it ("Kế hoạch 5 năm", "chỉ thị 2 lần"); after a lower-case type word without "số" it must also be
  followed by a date, "của" + issuer, or the end of a clause (".", ";", ":", ",", ")", a line break), and not be a
  year: "theo thông tư 14 của Bộ Nội vụ", "nghị quyết 48." are citations, "kế hoạch 2022 của đơn vị" is not;
- type words may be split by a line break ("Chỉ\nthị") and written in upper case in titles ("NGHỊ QUYẾT SỐ ...
  NGÀY 05 THÁNG 5 NĂM 2022 CỦA BỘ CHÍNH TRỊ"); an ordinance is cited by name like a law ("Pháp lệnh ... ngày ...");
- the issuer is the name after "của" up to the first word that cannot belong to an institution's name; a subject
  ("về ...") is not part of the citation; a citation named inside another's subject is a citation of its own.
"""

import json
import re
import sys
import unicodedata
from datetime import date as _date
from typing import NamedTuple

from dangvu.documents.citation_types import (
    ISSUER_LOWER_WORDS,
    ISSUER_TITLE_WORDS,
    NATIONAL_ASSEMBLY_TYPE,
    PARTY_SYMBOLS,
    STATE_DEFAULT_TYPE,
    STATE_SYMBOLS,
    TYPE_ABBREVIATIONS,
    TYPE_WORDS,
)


class Citation(NamedTuple):
    """One citation found in a text (immutable; a named tuple because the parser creates many on its hot path)."""

    type: str | None
    number: str | None
    symbol: str | None
    date: str | None
    issuer: str | None
    term: str | None
    span: str
    start: int
    end: int
    title: str | None = None  # a law's name when it is cited by name ("Thi đua, khen thưởng"); not in the CLI output

    def as_dict(self) -> dict:
        """The seven fields of the command-line contract, in its order."""
        return {
            "type": self.type,
            "number": self.number,
            "symbol": self.symbol,
            "date": self.date,
            "issuer": self.issuer,
            "term": self.term,
            "span": self.span,
        }


# A symbol part: upper-case first, then letters, digits or "&" ("KL", "TW", "TTg", "CTr", "NN&PTNT", "QH15").
_PART = r"[A-ZĐ][A-Za-zĐđ0-9&]*"
_NUMBER_SYMBOL = (
    # party: 21-KL/TW, 12-BC/ĐU, 520-BC/BTCTW (Hướng dẫn 36-HD/VPTW); real prose also writes "100 - KL/TW",
    # "16 -\nHD/BTCTW" and "84 QĐ/TWĐTN"
    rf"(?P<pnum>\d{{1,5}})(?:[ ]?[-–][ \n]?|[ ])(?P<psym>{_PART}/{_PART}(?:-{_PART})*)"
    # state legal: 98/2023/NĐ-CP, 06/2022/QH15, 183/2010/TTLT/BTC-BNN (Nghị định 30/2020/NĐ-CP)
    rf"|(?P<snum>\d{{1,5}}[a-z]?/(?:19|20)\d\d)/(?P<ssym>{_PART}(?:[-/]{_PART})*)"
    # state administrative: 1234/QĐ-UBND, 456/UBND-KT, and "473/TTr -\nNN&PTNT"
    rf"|(?P<anum>\d{{1,6}}[a-z]?)/(?P<asym>{_PART}(?:[ ]?-[ \n]?{_PART})+)"
)
# Allowed only right after a type word or "số": a symbol without hyphen (285/CCTTHC, "Số: 66/NVĐP"); and only right
# after a type word: a bare number ("Nghị quyết 18"). Words that make the number a quantity end it ("Kế hoạch 5 năm").
_LOOSE = (
    rf"(?(lead)|(?(so)|(?!x)x))(?P<xnum>\d{{1,6}}[a-z]?)/(?P<xsym>{_PART})"
    r"|(?(lead)(?P<plain>\d{1,5}(?:/(?:19|20)\d\d)?)(?![\d/.,]\d)"
    r"(?!\s*(?i:năm|tháng|giờ|phút|người|đồng|triệu|tỷ|nghìn|km|ha|%|điểm|lượt|tuổi|lần|đ\b))|(?!x)x)"
)
# Whitespace inside a type word or a date: spaces, or one line break ("Chỉ\nthị", "ngày 19\ntháng 6").
_GAP = r"(?:[ \t]+|[ \t]*\r?\n[ \t]*)"


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _flexible(word: str) -> str:
    return _GAP.join(re.escape(part) for part in word.split(" "))


# A type word as prose writes it: capitalised or lower-case first letter ("Nghị quyết", "nghị quyết"), or all upper
# case in titles ("NGHỊ QUYẾT"); a line break may split it ("Chỉ\nthị").
_TYPE_WORD_RE = "|".join(
    f"[{w[0]}{w[0].lower()}]{_flexible(w[1:])}|{_flexible(w.upper())}"
    for w in sorted(TYPE_WORDS, key=len, reverse=True)
)
_TYPE_BY_UPPER = {w.upper(): canonical for w, canonical in TYPE_WORDS.items()}
_SO = r"(?<![\w])(?:[Ss]ố|SỐ)(?![^\W\d_])\s*:?\s*"

# Date shapes (rules.md §1): 25-10-2021, 25/10/2021, ngày 25 tháng 10 năm 2021 (NGÀY ... THÁNG ... NĂM in titles).
_D1 = r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*((?:19|20)\d\d)(?!\d)"
_D2 = r"(\d{1,2})\s+(?:tháng|THÁNG)\s+(\d{1,2})\s*,?\s+(?:năm|NĂM)\s+((?:19|20)\d\d)(?!\d)"
_DATE_AT = re.compile(
    r"\s*,?\s*(?:ban hành\s+)?(?:"
    rf"(?:ngày|NGÀY)\s*(?:{_D1}|{_D2})"
    rf"|\(\s*(?:ngày\s*)?(?:{_D1}|{_D2})\s*\)"
    rf"|,\s*{_D1}"
    r")"
)


def _tail_date(text: str, pos: int):
    """(iso_date, end) of a date that follows at `pos`, or (None, pos)."""
    m = _DATE_AT.match(text, pos)
    if not m:
        return None, pos
    day, month, year = (g for g in m.groups() if g is not None)
    try:
        return _date(int(year), int(month), int(day)).isoformat(), m.end()
    except ValueError:
        return None, pos


# An issuer ("của <issuer>") starts with an upper-case word and goes on while its words are upper-case, "và" or "-"
# before an upper-case word, or the lower-case syllables of institution names ("Bộ Chính trị", "UBND tỉnh Tuyên
# Quang", "BCH Đảng bộ tỉnh", "Hội đồng Thi đua - Khen thưởng Trung ương"); any other word ends it ("của Bộ Chính trị
# về ...", "của Chính phủ quy định ..."). In an upper-case title ("CỦA BỘ CHÍNH TRỊ VỀ ...") case tells nothing, so
# there only the syllables of institution names continue it.
_UPPER = "A-ZĐ" + "".join(ch for ch in map(chr, range(0xC0, 0x1EFA)) if ch.isupper() and ch.isalpha())
_WORD_END = r"(?![^\s,;:.()\[\]\"“”])"
_UPPER_WORD = rf"(?!(?:{_alternation(TYPE_WORDS)}){_WORD_END})[{_UPPER}][^\s,;:.()\[\]\"“”]*"
# "ban hành" is the verb after an issuer ("của Chính phủ ban hành ..."), although "ban" and "hành" are name syllables.
_ISSUER_LOWER = rf"(?!ban[ \t\n]+hành{_WORD_END})(?:{_alternation(ISSUER_LOWER_WORDS)}){_WORD_END}"
_ISSUER_SPACE = r"(?:[ \t]*\r?\n[ \t]*|[ \t]+)"  # a line break, not a blank line
_ISSUER_NAME = (
    rf"[{_UPPER}][^\s,;:.()\[\]\"“”]*"
    rf"(?:{_ISSUER_SPACE}(?:{_UPPER_WORD}|{_ISSUER_LOWER}|(?:và|-)(?={_ISSUER_SPACE}[{_UPPER}]))){{0,13}}"
)
_ISSUER = re.compile(rf"\s*,?\s*của{_ISSUER_SPACE}(?P<issuer>{_ISSUER_NAME})")
_ISSUER_TITLE_WORD = (
    rf"(?!BAN[ \t\n]+HÀNH{_WORD_END})(?:{_alternation(w.upper() for w in ISSUER_TITLE_WORDS)}){_WORD_END}"
)
_ISSUER_TITLE_NAME = (
    rf"{_ISSUER_TITLE_WORD}"
    rf"(?:{_ISSUER_SPACE}(?:{_ISSUER_TITLE_WORD}|VÀ(?={_ISSUER_SPACE}{_ISSUER_TITLE_WORD}))){{0,13}}"
)
_ISSUER_TITLE = re.compile(rf"\s*,?\s*CỦA{_ISSUER_SPACE}(?P<issuer>{_ISSUER_TITLE_NAME})")


def _date_at(suffix: str) -> str:
    """A date after a number, as one pattern with named parts (see `_DATE_AT`)."""
    return (
        rf"\s*,?\s*(?:ban hành\s+)?(?:(?:ngày|NGÀY)\s*|(?P<p{suffix}>\()\s*(?:ngày\s*)?|,\s*(?=\d{{1,2}}\s*[-/.]))"
        rf"(?P<d{suffix}>\d{{1,2}})(?:\s*[-/.]\s*(?P<m{suffix}>\d{{1,2}})\s*[-/.]\s*"
        rf"|\s+(?:tháng|THÁNG)\s+(?P<n{suffix}>\d{{1,2}})\s*,?\s+(?:năm|NĂM)\s+)"
        rf"(?P<y{suffix}>(?:19|20)\d\d)(?!\d)(?(p{suffix})\s*\))"
    )


# Date, issuer, date (only when none came before the issuer) and term after a number, in one pattern: the same
# grammar as `_parts_after`, matched in one call on the hot path.
_TAIL = (
    rf"(?:{_date_at('a')})?"
    rf"(?:\s*,?\s*(?:của{_ISSUER_SPACE}(?P<iss>{_ISSUER_NAME})|CỦA{_ISSUER_SPACE}(?P<isst>{_ISSUER_TITLE_NAME})))?"
    rf"(?(ya)|(?:{_date_at('b')})?)"
    r"(?:\s*(?P<topen>\(\s*)?(?:kh(?:óa|oá)|KH(?:ÓA|OÁ))\s+(?P<term>[IVXL]+)\b(?(topen)\s*\)))?"
)

_MASTER = re.compile(
    # a law or an ordinance by name: "Luật Thi đua, khen thưởng năm 2022", "Luật Đầu tư công số 49/2014/QH13",
    # "Pháp lệnh Lưu trữ Quốc gia ngày 04/4/2001"
    r"(?P<law>(?<![\w])(?:Luật|Pháp lệnh))\s+(?P<lawname>[^\W\d_][^;.()\d\[\]|:]{0,160}?)"
    r"(?=\s+(?:năm\s+(?:19|20)\d\d(?!\d)|số\s*:?\s*\d|ngày\s*\d))"
    r"|(?:"
    rf"(?P<lead>(?P<tw>(?<![\w])(?:{_TYPE_WORD_RE}))\s*(?P<tso>{_SO})?"
    rf"|(?P<ab>(?<![\w])(?:{_alternation(TYPE_ABBREVIATIONS)}))\s+(?:{_SO})?)"
    rf"|(?P<so>{_SO})"
    r")?"
    rf"(?<![0-9A-Za-zĐđ/.-])(?:{_NUMBER_SYMBOL}|{_LOOSE})(?![\w&]|[-/][\w]){_TAIL}"
)
_GROUP = {name: index - 1 for name, index in _MASTER.groupindex.items()}

# Candidate positions come from a few scans that the regex engine runs at full speed (literal alternations, a
# literal), and `_MASTER` is only *matched* at those positions: scanning with `_MASTER` itself, or with one
# alternation of all the scans, is several times slower (a leading alternation defeats the engine's prefix search).
# Type words ("Nghị quyết", "NGHỊ QUYẾT"), "Số", and abbreviations before a space ("NQ 48"), all literals.
_TYPE_WORD_SCAN = re.compile(
    _alternation(
        list(TYPE_WORDS) + [w.upper() for w in TYPE_WORDS] + ["Số", "SỐ"] + [a + " " for a in TYPE_ABBREVIATIONS]
    )
)
_SO_SCAN = re.compile("số")  # "số 83/2015/QH13", "nghị quyết số 30"
# Every number-symbol has a "/" (21-KL/TW, 98/2023/NĐ-CP, 1234/QĐ-UBND): its number starts a few characters before.
_SLASH_SCAN = re.compile("/")
_NUMBER_BEFORE_SLASH = re.compile(
    r"(?<![0-9A-Za-zĐđ/.-])\d{1,6}[a-z]?(?:[ ]?[-–][ \n]?[A-ZĐ][A-Za-zĐđ0-9&]*|[ ][A-ZĐ][A-Za-zĐđ0-9&]*)?$"
)
# A lower-case type word before a bare number ("thông tư 14"): found by the last syllables of the type words, which
# are rarer than their first letters; with "số" or a number-symbol the scans above find it.
_LOWER_END_SCAN = re.compile(r"(?:ết|ận|ịnh|ịch|ị|ạch|ình|ẫn|áo|tri|ư|ệnh|ật|ăn|ện|án|ế|ộng)(?=[ \t]+\d)")
_LOWER_TYPE_WORD_END = re.compile(rf"(?<![\w])(?:{_alternation(w[0].lower() + w[1:] for w in TYPE_WORDS)})$")
# A type word (any case, a line break allowed inside) right before "số" or a number-symbol: "hướng dẫn số
# 26-HD/BTCTW", "quy định 213-QĐ/TW", "Chỉ\nthị số 8008/CT-TCTL" (the scans find only unbroken words).
_TYPE_WORD_BEFORE = re.compile(rf"(?<![\w])(?:{_TYPE_WORD_RE})\s*$")
# After a lower-case type word a bare number is a citation only when a date, an issuer or the end of a clause follows
# ("theo thông tư 14 của Bộ Nội vụ", "theo nghị quyết 48."), not in prose ("chỉ thị 2 lần", "kế hoạch 2022 của ...").
_CLAUSE_END = re.compile(r"[ \t]*(?:[.;:,)\n]|$)")
_YEAR = re.compile(r"(?:19|20)\d\d")


def _candidates(text: str) -> list[int]:
    """Sorted positions where a citation may start, except numbers before a "/" (see `_slashes`)."""
    positions = [m.start() for m in _TYPE_WORD_SCAN.finditer(text)]
    positions += [m.start() for m in _SO_SCAN.finditer(text)]
    for m in _LOWER_END_SCAN.finditer(text):
        word = _LOWER_TYPE_WORD_END.search(text, max(0, m.end() - 24), m.end())
        if word:
            positions.append(word.start())
    positions.sort()
    return positions


def _number_before(text: str, slash: int) -> int | None:
    """Where the number of a number-symbol whose first "/" is at `slash` starts, if one does."""
    if not (slash and text[slash - 1].isalnum()):
        return None
    number = _NUMBER_BEFORE_SLASH.search(text, max(0, slash - 24), slash)
    return number.start() if number else None


_LAW_YEAR = re.compile(r"\s+năm\s+(?P<year>(?:19|20)\d\d)(?!\d)")
_LAW_NUMBER = re.compile(rf"\s+{_SO}(?:{_NUMBER_SYMBOL})(?![\w&])")
_TERM = re.compile(r"\s*(?P<open>\(\s*)?(?:kh(?:óa|oá)|KH(?:ÓA|OÁ))\s+(?P<term>[IVXL]+)\b(?(open)\s*\))")
_SPACE = re.compile(r"[ \t\r\n]+")
# Words that show "Luật ... năm 2024" is a sentence about a law, not its citation.
_LAW_NAME_STOP = frozenset(
    ["đã", "được", "là", "sẽ", "có", "thì", "mà", "khi", "nếu", "từ", "trong", "tại", "cho", "với"]
)
# Another type word inside a law's name means the name ran on into the next citation ("Luật dự trữ quốc gia và
# Nghị định số 128/2015/NĐ-CP": a law without year, then a decree).
_LAW_NAME_TYPE_WORDS = tuple(w.lower() for w in TYPE_WORDS if w != "Luật")
_LAW_NAME_TYPE_WORD = re.compile(
    rf"(?<![\w])(?:{_alternation(w.lower() for w in TYPE_WORDS if w != 'Luật')})(?![\w])", re.IGNORECASE
)


def _issuer(text: str, pos: int):
    """(issuer, end) of "của <issuer>" at `pos`, or (None, pos)."""
    m = _ISSUER.match(text, pos) or _ISSUER_TITLE.match(text, pos)
    if not m:
        return None, pos
    issuer = m.group("issuer")
    while issuer.endswith((" và", "\nvà", " -", "\n-")):  # "và" and "-" are kept only before an upper-case word
        issuer = issuer[:-3].rstrip() if issuer.endswith("và") else issuer[:-1].rstrip()
    return issuer, m.start("issuer") + len(issuer)


def _type_from_symbol(kind: str, symbol: str) -> str | None:
    if kind == "party":
        return PARTY_SYMBOLS.get(symbol.split("/", 1)[0])
    first = re.split(r"[-/]", symbol, maxsplit=1)[0]
    if kind == "state" and re.fullmatch(r"QH\d+", symbol):
        return NATIONAL_ASSEMBLY_TYPE
    if first in STATE_SYMBOLS:
        return STATE_SYMBOLS[first]
    return STATE_DEFAULT_TYPE if kind == "admin" else None


_CANONICAL_CACHE: dict[str, str] = {}


def _canonical_type_word(word: str) -> str:
    canonical = _CANONICAL_CACHE.get(word)
    if canonical is None:
        spaced = _SPACE.sub(" ", word)
        canonical = _TYPE_BY_UPPER.get(spaced) or TYPE_WORDS[spaced[0].upper() + spaced[1:]]
        _CANONICAL_CACHE[word] = canonical
    return canonical


_KINDS = (("pnum", "psym", "party"), ("snum", "ssym", "state"), ("anum", "asym", "admin"), ("xnum", "xsym", "admin"))


def _number_of(m: re.Match) -> tuple[str, str | None, str | None]:
    """(number, symbol, kind) of the master (or law-number) match."""
    groups = m.groupdict()
    for num, sym, kind in _KINDS:
        number = groups.get(num)
        if number:
            symbol = groups[sym]
            return number, (_SPACE.sub("", symbol) if " " in symbol or "\n" in symbol else symbol), kind
    return groups.get("plain"), None, None


def _parts_after(text: str, pos: int):
    """Date, issuer and term following a number, in the orders prose uses; returns (date, issuer, term, end)."""
    when, pos = _tail_date(text, pos)
    issuer, pos = _issuer(text, pos)
    if when is None and issuer is not None:
        when, pos = _tail_date(text, pos)
    term = None
    t = _TERM.match(text, pos)
    if t:
        term, pos = t.group("term"), t.end()
    return when, issuer, term, pos


def _citation(doc_type, number, symbol, when, issuer, term, text, start, end, title=None) -> "Citation":
    return Citation(doc_type, number, symbol, when, issuer, term, text[start:end], start, end, title)


def _has_type_word(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in _LAW_NAME_TYPE_WORDS) and bool(_LAW_NAME_TYPE_WORD.search(name))


def _law(text: str, m: re.Match) -> Citation | None:
    name = m.group("lawname")
    if set(name.lower().replace(",", " ").split()) & _LAW_NAME_STOP or len(name.split()) > 30 or _has_type_word(name):
        return None
    pos = m.end()
    number = symbol = None
    y = _LAW_YEAR.match(text, pos)
    if y:
        pos = y.end()
    n = _LAW_NUMBER.match(text, pos)
    if n:
        number, symbol, _kind = _number_of(n)
        pos = n.end()
    when, issuer, term, pos = _parts_after(text, pos)
    if not (y or n or when):
        return None
    return _citation(m.group("law"), number, symbol, when, issuer, term, text, m.start(), pos, _SPACE.sub(" ", name))


# "Quyết định của Bộ Chính trị số 31-QĐ/TW": the type word and issuer come before "số".
# Only a capitalised type word: "các nghị quyết, kết luận của Trung ương" is generic prose, not a document.
_TYPE_WORD_THEN_OF = re.compile(rf"(?<![\w])(?:{_alternation(TYPE_WORDS)})(?=\s*,?\s*của\s)")
_LOOKBACK = 120


def _type_word_before(text: str, so_start: int):
    """(type word match, issuer) when `text` reads "<Type word> của <issuer> " right before `so_start`."""
    window_start = max(0, so_start - _LOOKBACK)
    for tw in reversed(list(_TYPE_WORD_THEN_OF.finditer(text, window_start, so_start))):
        issuer, end = _issuer(text, tw.end())
        if issuer and not text[end:so_start].strip():
            return tw, issuer
    return None, None


def _fast_parts(text: str, m: re.Match, g: tuple):
    """(date, issuer, term, end) from the tail groups of `m`, or None when only `_parts_after` can tell (an
    impossible date is not consumed, an issuer ending in "và" is cut back)."""
    when = None
    year = g[_YA] or g[_YB]
    if year:
        day, month = (g[_DA], g[_MA] or g[_NA]) if g[_YA] else (g[_DB], g[_MB] or g[_NB])
        try:
            when = _date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            return None
    issuer = g[_ISS] or g[_ISST]
    if issuer and issuer.endswith(("và", "-", "VÀ")):
        return None
    return when, issuer, g[_TERMG], m.end()


_NUMBER_GROUPS = tuple(
    (_GROUP[num], _GROUP[sym], kind)
    for num, sym, kind in (
        ("pnum", "psym", "party"),
        ("snum", "ssym", "state"),
        ("anum", "asym", "admin"),
        ("xnum", "xsym", "admin"),
    )
)
_PLAIN, _TW, _TSO, _AB, _SOG, _LAW = (_GROUP[name] for name in ("plain", "tw", "tso", "ab", "so", "law"))
_YA, _DA, _MA, _NA, _YB, _DB, _MB, _NB = (_GROUP[name] for name in ("ya", "da", "ma", "na", "yb", "db", "mb", "nb"))
_ISS, _ISST, _TERMG = _GROUP["iss"], _GROUP["isst"], _GROUP["term"]


def find_citations(text: str) -> list[Citation]:
    """Every document citation in `text`, in order of appearance.

    The text is NFC-normalised first; `start`, `end` and `span` refer to the normalised text
    (`normalised[start:end] == span`), which equals the input when the input is already NFC.
    """
    text = unicodedata.normalize("NFC", text or "")
    found: list[Citation] = []
    found_end = 0
    positions = _candidates(text)
    # Merged with the "/" positions in order; a "/" inside a citation already found costs no look-back.
    slashes = [m.start() for m in _SLASH_SCAN.finditer(text)]
    i = j = 0
    while True:
        if j < len(slashes) and (i == len(positions) or slashes[j] < positions[i]):
            slash = slashes[j]
            j += 1
            if slash < found_end:
                continue
            position = _number_before(text, slash)
            if position is None or position < found_end:
                continue
        elif i < len(positions):
            position = positions[i]
            i += 1
            if position < found_end:
                continue  # inside the previous citation ("Luật X số 49/2014/QH13": the number is the law's own)
        else:
            break
        m = _MASTER.match(text, position)
        if not m and text.startswith(("số", "Số", "SỐ"), position):
            # "nghị quyết số 30", "Chỉ\nthị số 8008/CT-TCTL": a type word the scans did not find leads "số"
            before = _TYPE_WORD_BEFORE.search(text, max(found_end, position - 30), position)
            m = _MASTER.match(text, before.start()) if before else None
        if not m:
            continue
        g = m.groups()
        if g[_LAW]:
            citation = _law(text, m)
            if citation:
                found.append(citation)
                found_end = citation.end
            continue
        for num, sym, number_kind in _NUMBER_GROUPS:
            number = g[num]
            if number:
                symbol, kind = g[sym], number_kind
                if " " in symbol or "\n" in symbol:
                    symbol = _SPACE.sub("", symbol)
                break
        else:
            number, symbol, kind = g[_PLAIN], None, None
        type_word, abbreviation = g[_TW], g[_AB]
        start, issuer_before = m.start(), None
        if not type_word and not abbreviation:
            before = _TYPE_WORD_BEFORE.search(text, max(found_end, start - 30), start)
            if before:
                type_word, start = before.group().rstrip(), before.start()
            elif g[_SOG]:
                tw, issuer_before = _type_word_before(text, m.start())
                if tw and tw.start() >= found_end:
                    type_word, start = tw.group(), tw.start()
        if type_word:
            doc_type = _canonical_type_word(type_word)
        elif abbreviation:
            doc_type = TYPE_ABBREVIATIONS[abbreviation]
        else:
            doc_type = _type_from_symbol(kind, symbol)
        parts = _fast_parts(text, m, g)
        if parts is None:  # the number's own end: where the tail begins
            parts = _parts_after(text, _number_end(text, m))
        when, issuer, term, end = parts
        if (
            kind is None
            and type_word
            and type_word[0].islower()
            and not g[_TSO]
            and not (when or issuer or (_CLAUSE_END.match(text, end) and not _YEAR.fullmatch(number)))
        ):
            continue  # "chỉ thị 2 lần": a lower-case type word and a bare number in running prose
        issuer = issuer or issuer_before
        found_end = end
        found.append(_citation(doc_type, number, symbol, when, issuer, term, text, start, end))
    return found


_NUMBER_ONLY = re.compile(_MASTER.pattern[: _MASTER.pattern.rindex(_TAIL)])


def _number_end(text: str, m: re.Match) -> int:
    """Where the number-symbol of `m` ends (the master pattern without its tail, matched at the same place)."""
    return _NUMBER_ONLY.match(text, m.start()).end()


# Messages of the command line, in Vietnamese as the rest of the interface (data, not gettext: no settings here).
MESSAGES = {
    "not_json": "Dòng không phải JSON hợp lệ: {detail}",
    "not_object": 'Mỗi dòng phải là một đối tượng JSON có khóa "text"',
    "no_text": 'Thiếu khóa "text" kiểu chuỗi',
    "blank": "Dòng trống",
}


def _answer(line: str) -> dict:
    if not line.strip():
        return {"id": None, "error": MESSAGES["blank"]}
    try:
        item = json.loads(line)
    except ValueError as exc:
        return {"id": None, "error": MESSAGES["not_json"].format(detail=exc)}
    if not isinstance(item, dict):
        return {"id": None, "error": MESSAGES["not_object"]}
    if not isinstance(item.get("text"), str):
        return {"id": None, "error": MESSAGES["no_text"]}
    return {"id": item.get("id"), "citations": [c.as_dict() for c in find_citations(item["text"])]}


def main(stdin=None, stdout=None) -> int:
    """JSON Lines in (`{"id": ..., "text": ...}`), one JSON line out per input line:
    `{"id": ..., "citations": [{"type", "number", "symbol", "date", "issuer", "term", "span"}, ...]}`,
    or `{"id": null, "error": "..."}` for a line that cannot be read (blank lines included, so output line n always
    answers input line n); processing continues after errors."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    for line in stdin:
        stdout.write(json.dumps(_answer(line), ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


if __name__ == "__main__":
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(encoding="utf-8")
        sys.stdout.reconfigure(encoding="utf-8")
    sys.exit(main())
