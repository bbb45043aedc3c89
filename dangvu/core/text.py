"""Vietnamese text: normalisation, diacritic-insensitive search keys and name sorting.

Pure functions, no Django. Every piece of text that enters dangvu passes through
`normalise`; every searchable record stores a `search_key`; people are ordered by
`name_sort_key`.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
# Characters that PostgreSQL refuses in text and that no form should accept.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def normalise(text: str | None) -> str:
    """NFC, control characters removed, runs of white space folded, ends trimmed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text)
    return _SPACES.sub(" ", text).strip()


def strip_diacritics(text: str) -> str:
    """'Đảng ủy' -> 'Dang uy'. đ/Đ are letters of their own in Unicode, so map them by hand."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_key(*parts: str | None) -> str:
    """Lower-case, diacritic-free words separated by single spaces: 'dang uy khoi'."""
    joined = " ".join(p for p in parts if p)
    plain = strip_diacritics(normalise(joined)).lower()
    return _NOT_WORD.sub(" ", plain).strip()


# Vietnamese alphabetical order (with f, j, w, z placed as in Latin for foreign names).
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Two digits a character: 00 and 01 separate name parts and words, digits are 10-19, letters 20 and up.
_LETTER_CODE = {letter: f"{index + 20:02d}" for index, letter in enumerate(_ALPHABET)}
_LETTER_CODE.update({digit: f"{int(digit) + 10:02d}" for digit in "0123456789"})
# Tone order of Vietnamese dictionaries (Từ điển tiếng Việt, Hoàng Phê): ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: they make ă, â, ê, ô, ơ, ư


def _letters_and_tones(word: str) -> tuple[str, str]:
    codes: list[str] = []
    tones: list[str] = []
    for ch in unicodedata.normalize("NFC", word.lower()):
        decomposed = unicodedata.normalize("NFD", ch)
        base = "".join(c for c in decomposed if c not in _TONES)
        letter = unicodedata.normalize("NFC", base)
        if letter not in _LETTER_CODE:
            letter = strip_diacritics(letter)
        if letter not in _LETTER_CODE:
            continue
        codes.append(_LETTER_CODE[letter])
        tones.append(next((_TONES[c] for c in decomposed if c in _TONES), "0"))
    return "".join(codes), "".join(tones)


def split_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given) of a Vietnamese full name: 'Trần Thị Thu Hà' -> ('Trần', 'Thị Thu', 'Hà')."""
    words = normalise(full_name).split(" ")
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def name_sort_key(full_name: str) -> str:
    """A key whose plain ordering is Vietnamese name order: given name, then middle, then family name.

    Letters compare in the Vietnamese alphabet (a ă â b c d đ …) first; tones only break ties.
    The key uses digits only, so it sorts the same under any database collation.
    """
    family, middle, given = split_name(full_name)
    primary: list[str] = []
    secondary: list[str] = []
    for part in (given, middle, family):
        words = [w for w in part.split(" ") if w]
        encoded = []
        for word in words:
            codes, tones = _letters_and_tones(word)
            encoded.append(codes)
            secondary.append(tones)
        primary.append("01".join(encoded))
    return "00".join(primary) + "00" + "".join(secondary)


def collation_key(text: str) -> str:
    """A key whose plain ordering is Vietnamese dictionary order of `text` (unit names, titles).

    Words compare in order, letters in the Vietnamese alphabet, tones only to break ties; digits only,
    so it sorts the same under any database collation.
    """
    primary: list[str] = []
    secondary: list[str] = []
    for word in normalise(text).split(" "):
        codes, tones = _letters_and_tones(word)
        if codes:
            primary.append(codes)
            secondary.append(tones)
    return "01".join(primary) + "00" + "".join(secondary)


def fold(text: str) -> str:
    """Lower-case and diacritic-free, one character for each character of `text` (so positions carry over)."""
    folded = []
    for ch in text:
        plain = strip_diacritics(ch).lower()
        folded.append(plain if len(plain) == 1 else ch)
    return "".join(folded)


def _densest(folded: str, found: list[tuple[int, int]], reach: int) -> int:
    """The first match from which the most different words are found within `reach` characters (0 if none)."""
    best, best_count = 0, 0
    for index, (begin, _end) in enumerate(found):
        words = set()
        for b, e in found[index:]:
            if b - begin > reach:
                break
            words.add(folded[b:e])
        if len(words) > best_count:
            best, best_count = begin, len(words)
    return best


def highlight(text: str, words: list[str], width: int | None = None) -> list[tuple[str, bool]]:
    """`text` as (piece, matched) pairs, where a piece is matched when it is one of `words` (search-key words:
    lower-case, diacritic-free) or, for the last of them, the start of a word (the word being typed), as the
    search matches them (`search_words`).

    With `width`, only a window of about `width` characters is kept (a search snippet), starting a little before
    the place where most of the different words occur together, with "…" where it was cut; without a match it is
    the start of the text.
    """
    text = normalise(text)
    folded = fold(text)
    found: list[tuple[int, int]] = []
    if words:
        *whole, typed = words
        options = [re.escape(w) + "(?![0-9a-z])" for w in whole] + [re.escape(typed)]
        pattern = re.compile(r"(?<![0-9a-z])(?:" + "|".join(sorted(options, key=len, reverse=True)) + ")")
        found = [m.span() for m in pattern.finditer(folded)]
    start, end = 0, len(text)
    if width is not None and len(text) > width:
        first = _densest(folded, found[:500], width * 2 // 3)
        start = max(0, first - width // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
        end = min(len(text), start + width)
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > first else end
    pieces: list[tuple[str, bool]] = [("…", False)] if start else []
    position = start
    for match_start, match_end in found:
        if match_start < position or match_end > end:
            continue
        pieces.append((text[position:match_start], False))
        pieces.append((text[match_start:match_end], True))
        position = match_end
    pieces.append((text[position:end], False))
    if end < len(text):
        pieces.append(("…", False))
    return [(piece, matched) for piece, matched in pieces if piece]
