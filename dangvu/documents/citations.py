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
- a bare number is a citation only after a type word ("Nghị quyết 18", "NQ 48"), or after a lower-case type word
  with "số" ("nghị quyết số 30"); "kế hoạch 5 năm", "thông tư 14" in lower case are not reported;
- the issuer is the name after "của" up to the first word that cannot belong to an institution's name; a subject
  ("về ...") is not part of the citation; a citation named inside another's subject is a citation of its own.
"""

import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date as _date

from dangvu.documents.citation_types import (
    ISSUER_LOWER_WORDS,
    NATIONAL_ASSEMBLY_TYPE,
    PARTY_SYMBOLS,
    STATE_DEFAULT_TYPE,
    STATE_SYMBOLS,
    TYPE_ABBREVIATIONS,
    TYPE_WORDS,
)


@dataclass(frozen=True)
class Citation:
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
# Allowed only right after a type word: a symbol without hyphen (285/CCTTHC) or a bare number ("Nghị quyết 18").
_LOOSE = (
    rf"(?P<xnum>\d{{1,6}}[a-z]?)/(?P<xsym>{_PART})"
    r"|(?P<plain>\d{1,5}(?:/(?:19|20)\d\d)?)(?![\d/.,]\d)"
    r"(?!\s*(?:năm|tháng|giờ|phút|người|đồng|triệu|tỷ|nghìn|km|ha|%|điểm|lượt|tuổi|đ\b))"
)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _any_case_first(word: str) -> str:
    return f"[{word[0]}{word[0].lower()}]{re.escape(word[1:])}"


_TYPE_WORD_RE = "|".join(_any_case_first(w) for w in sorted(TYPE_WORDS, key=len, reverse=True))
_SO = r"(?<![\w])[Ss]ố(?![^\W\d_])\s*:?\s*"

_MASTER = re.compile(
    # a law by name: "Luật Thi đua, khen thưởng năm 2022", "Luật Đầu tư công số 49/2014/QH13"
    r"(?P<law>(?<![\w])Luật)\s+(?P<lawname>[^\W\d_][^;.()\d\[\]|:]{0,160}?)"
    r"(?=\s+(?:năm\s+(?:19|20)\d\d(?!\d)|số\s*:?\s*\d|ngày\s*\d))"
    r"|(?:"
    rf"(?P<lead>(?P<tw>(?<![\w])(?:{_TYPE_WORD_RE}))\s*(?:{_SO})?"
    rf"|(?P<ab>(?<![\w])(?:{_alternation(TYPE_ABBREVIATIONS)}))\s+(?:{_SO})?)"
    rf"|(?P<so>{_SO})"
    r")?"
    rf"(?<![0-9A-Za-zĐđ/.-])(?:{_NUMBER_SYMBOL}|(?(lead)(?:{_LOOSE})|(?!x)x))(?![\w&]|[-/][\w])"
)

# Candidate positions come from a few scans that the regex engine runs at full speed (a literal alternation without
# look-behind, a literal, a digit-led pattern); `_MASTER` is then only *matched* at those positions. Scanning
# with `_MASTER` itself is several times slower (its leading alternation defeats the engine's prefix search).
_SCANNERS = (
    re.compile(_alternation(TYPE_WORDS)),  # "Nghị quyết", "Luật", ...
    re.compile(rf"(?:{_alternation(TYPE_ABBREVIATIONS)}) (?:số )?\d"),  # "NQ 48"
    re.compile(r"[Ss]ố"),  # "số 83/2015/QH13", "nghị quyết số 30"
)
# The last digit of a number-symbol (21-KL/TW, 98/2023/NĐ-CP, 1234/QĐ-UBND); the number starts a few digits earlier.
_NUMBER_SCANNER = re.compile(r"\d[a-z]?(?:[ ]?[-–][ \n]?[A-ZĐ]|/[A-ZĐ]|/\d{4}/[A-ZĐ]| [A-ZĐ][A-Za-zĐ]*/)")
# A lower-case type word right before "số" or a number-symbol: "hướng dẫn số 26-HD/BTCTW", "quy định 213-QĐ/TW".
_LOWER_TYPE_WORD_BEFORE = re.compile(rf"(?<![\w])(?:{_alternation(w[0].lower() + w[1:] for w in TYPE_WORDS)})\s*$")

_LAW_YEAR = re.compile(r"\s+năm\s+(?P<year>(?:19|20)\d\d)(?!\d)")
_LAW_NUMBER = re.compile(rf"\s+{_SO}(?:{_NUMBER_SYMBOL})(?![\w&])")
_TERM = re.compile(r"\s*(?P<open>\(\s*)?kh(?:óa|oá)\s+(?P<term>[IVXL]+)\b(?(open)\s*\))")
_SPACE = re.compile(r"[ \t\r\n]+")
# Words that show "Luật ... năm 2024" is a sentence about a law, not its citation.
_LAW_NAME_STOP = frozenset(
    ["đã", "được", "là", "sẽ", "có", "thì", "mà", "khi", "nếu", "từ", "trong", "tại", "cho", "với"]
)


# Date shapes (rules.md §1): 25-10-2021, 25/10/2021, ngày 25 tháng 10 năm 2021.
_D1 = r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*((?:19|20)\d\d)(?!\d)"
_D2 = r"(\d{1,2})\s+tháng\s+(\d{1,2})\s*,?\s+năm\s+((?:19|20)\d\d)(?!\d)"
_DATE_AT = re.compile(
    r"\s*,?\s*(?:ban hành\s+)?(?:"
    rf"ngày\s*(?:{_D1}|{_D2})"
    rf"|\(\s*(?:ngày\s*)?(?:{_D1}|{_D2})\s*\)"
    rf"|,\s*{_D1}"
    r")"
)


def _tail_date(text: str, pos: int):
    """(iso_date, end) of a date that follows at `pos`, or (None, pos)."""
    m = _DATE_AT.match(text, pos)
    if not m:
        return None, pos
    parts = [g for g in m.groups() if g is not None]
    day, month, year = int(parts[0]), int(parts[1]), int(parts[2])
    try:
        return _date(year, month, day).isoformat(), m.end()
    except ValueError:
        return None, pos


# An issuer ("của <issuer>") starts with an upper-case word and goes on while its words are upper-case, "và" before
# an upper-case word, or the lower-case syllables of institution names ("Bộ Chính trị", "UBND tỉnh Tuyên Quang",
# "BCH Đảng bộ tỉnh"); any other word ends it ("của Bộ Chính trị về ...", "của Chính phủ quy định ...").
_UPPER = "A-ZĐ" + "".join(ch for ch in map(chr, range(0xC0, 0x1EFA)) if ch.isupper() and ch.isalpha())
_WORD_END = r"(?![^\s,;:.()\[\]\"“”])"
_UPPER_WORD = rf"(?!(?:{_alternation(TYPE_WORDS)}){_WORD_END})[{_UPPER}][^\s,;:.()\[\]\"“”]*"
# "ban hành" is the verb after an issuer ("của Chính phủ ban hành ..."), although "ban" and "hành" are name syllables.
_ISSUER_LOWER = rf"(?!ban[ \t\n]+hành{_WORD_END})(?:{_alternation(ISSUER_LOWER_WORDS)}){_WORD_END}"
_ISSUER_SPACE = r"(?:[ \t]*\r?\n[ \t]*|[ \t]+)"  # a line break, not a blank line
_ISSUER = re.compile(
    rf"\s*,?\s*của{_ISSUER_SPACE}(?P<issuer>[{_UPPER}][^\s,;:.()\[\]\"“”]*"
    rf"(?:{_ISSUER_SPACE}(?:{_UPPER_WORD}|{_ISSUER_LOWER}|và(?={_ISSUER_SPACE}[{_UPPER}]))){{0,13}})"
)


def _issuer(text: str, pos: int):
    """(issuer, end) of "của <issuer>" at `pos`, or (None, pos)."""
    m = _ISSUER.match(text, pos)
    if not m:
        return None, pos
    issuer = m.group("issuer")
    while issuer.endswith(" và") or issuer.endswith("\nvà"):  # "và" is kept only before an upper-case word
        issuer = issuer[:-3].rstrip()
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


def _canonical_type_word(word: str) -> str:
    word = _SPACE.sub(" ", word)
    return TYPE_WORDS.get(word[0].upper() + word[1:])


def _number_of(m: re.Match) -> tuple[str, str | None, str | None]:
    """(number, symbol, kind) of the master match."""
    for num, sym, kind in (("pnum", "psym", "party"), ("snum", "ssym", "state"), ("anum", "asym", "admin")):
        if m.group(num):
            return m.group(num), _SPACE.sub("", m.group(sym)), kind
    if m.group("xnum"):
        return m.group("xnum"), m.group("xsym"), "admin"
    return m.group("plain"), None, None


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


def _law(text: str, m: re.Match) -> Citation | None:
    name = m.group("lawname")
    if set(name.lower().replace(",", " ").split()) & _LAW_NAME_STOP or len(name.split()) > 30:
        return None
    pos = m.end()
    number = symbol = None
    y = _LAW_YEAR.match(text, pos)
    if y:
        pos = y.end()
    n = _LAW_NUMBER.match(text, pos)
    if n:
        number, symbol, _kind = _number_of_law(n)
        pos = n.end()
    when, issuer, term, pos = _parts_after(text, pos)
    if not (y or n or when):
        return None
    return Citation(
        type="Luật",
        number=number,
        symbol=symbol,
        date=when,
        issuer=issuer,
        term=term,
        span=text[m.start() : pos],
        start=m.start(),
        end=pos,
        title=_SPACE.sub(" ", name),
    )


def _number_of_law(n: re.Match):
    for num, sym, kind in (("pnum", "psym", "party"), ("snum", "ssym", "state"), ("anum", "asym", "admin")):
        if n.group(num):
            return n.group(num), _SPACE.sub("", n.group(sym)), kind
    return None, None, None


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


def find_citations(text: str) -> list[Citation]:
    """Every document citation in `text`, in order of appearance.

    The text is NFC-normalised first; `start`, `end` and `span` refer to the normalised text
    (`normalised[start:end] == span`), which equals the input when the input is already NFC.
    """
    text = unicodedata.normalize("NFC", text or "")
    found: list[Citation] = []
    found_end = 0
    positions = {m.start() for scanner in _SCANNERS for m in scanner.finditer(text)}
    for m in _NUMBER_SCANNER.finditer(text):
        start = m.start()
        while start and text[start - 1].isdigit():
            start -= 1
        positions.add(start)
    positions = sorted(positions)
    for position in positions:
        if position < found_end:
            continue  # inside the previous citation ("Luật X số 49/2014/QH13": the number is the law's own)
        m = _MASTER.match(text, position)
        if not m and text.startswith(("số", "Số"), position):
            # "nghị quyết số 30": a lower-case type word leads "số" and a bare number
            lower = _LOWER_TYPE_WORD_BEFORE.search(text, max(found_end, position - 30), position)
            m = _MASTER.match(text, lower.start()) if lower else None
        if not m:
            continue
        if m.group("law"):
            citation = _law(text, m)
            if citation:
                found.append(citation)
                found_end = citation.end
            continue
        number, symbol, kind = _number_of(m)
        type_word, abbreviation = m.group("tw"), m.group("ab")
        start, issuer_before = m.start(), None
        if not type_word and not abbreviation:
            lower = _LOWER_TYPE_WORD_BEFORE.search(text, max(found_end, start - 30), start)
            if lower:
                type_word, start = lower.group().rstrip(), lower.start()
            elif m.group("so"):
                tw, issuer_before = _type_word_before(text, m.start())
                if tw and tw.start() >= found_end:
                    type_word, start = tw.group(), tw.start()
        if type_word:
            doc_type = _canonical_type_word(type_word)
        elif abbreviation:
            doc_type = TYPE_ABBREVIATIONS[abbreviation]
        else:
            doc_type = _type_from_symbol(kind, symbol)
        when, issuer, term, end = _parts_after(text, m.end())
        issuer = issuer or issuer_before
        found_end = end
        found.append(
            Citation(
                type=doc_type,
                number=number,
                symbol=symbol,
                date=when,
                issuer=issuer,
                term=term,
                span=text[start:end],
                start=start,
                end=end,
            )
        )
    return found


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
