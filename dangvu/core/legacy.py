"""Vietnamese text typed in the legacy 8-bit encodings TCVN3 (ABC) and VNI-Windows, read back as mojibake.

Old Word and Excel files were typed with ".VnTime" (TCVN3) or "VNI-Times" (VNI) fonts: the bytes are those of the
legacy encoding, but every program today reads them as Windows-1252, so "Đảng viên" arrives as "§¶ng viªn" (TCVN3)
or "Ñaûng vieân" (VNI). `detect_legacy` recognises such text, conservatively; `from_legacy` turns it back into
Unicode (NFC). Pure functions, no Django.

TCVN3 (TCVN 5712:1993) gives each precomposed letter one byte: lower-case letters and Ă Â Ê Ô Ơ Ư Đ in 0xA1-0xFF,
upper-case letters with a tone in 0x80-0x9F, 0x01-0x17 and the few places left in 0xA0-0xFF (the VN1 table, as in
glibc's TCVN5712-1). VNI-Windows writes a base letter followed by one byte for the diacritic and tone ("a" + "û" is
"ả"); ơ, ư, đ, ỵ and the tones of i have one byte of their own.
"""

import contextlib
import re
import unicodedata

# Bytes 0x80-0xFF of TCVN3, one character each (0xB0-0xB4 are combining tone marks).
_TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"  # 0x80-0x9F
    "\xa0ĂÂÊÔƠƯĐăâêôơưđẰ\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"  # 0xA0-0xBF
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịò"  # 0xC0-0xDF
    "ỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹýỵỐ"  # 0xE0-0xFF
)
# Bytes 0x01-0x17 that TCVN3 uses for upper-case letters (the others are control characters).
_TCVN3_LOW = {
    0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ",
    0x11: "Ứ", 0x12: "Ự", 0x13: "Ỳ", 0x14: "Ỷ", 0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ",
}  # fmt: skip


def _as_read(byte: int) -> set[str]:
    """The characters a legacy byte shows as when the file is read as Windows-1252 (or Latin-1)."""
    shown = {chr(byte)}
    with contextlib.suppress(UnicodeDecodeError):  # five bytes Windows-1252 leaves undefined
        shown.add(bytes([byte]).decode("cp1252"))
    return shown


def _tcvn3_table() -> dict[str, str]:
    table = {}
    for byte, letter in list(enumerate(_TCVN3_HIGH, start=0x80)) + list(_TCVN3_LOW.items()):
        if byte == 0xA0:
            continue  # no-break space: the same in both
        for shown in _as_read(byte):
            table[shown] = letter
    return table


TCVN3 = _tcvn3_table()

# VNI-Windows: the byte (as read) after a base vowel that gives the letter: circumflex/breve and tone together.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
# Letters VNI writes as one byte of their own.
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _vni_table() -> dict[str, str]:
    """VNI sequence (as read) → Unicode letter, lower and upper case."""
    table: dict[str, str] = {}

    def add(sequence: str, letter: str) -> None:
        letter = unicodedata.normalize("NFC", letter)
        table[sequence] = letter
        table[sequence.upper()] = letter.upper()

    for vowel in "aeouy":
        for mark, tone in _VNI_TONES.items():
            add(vowel + mark, vowel + tone)
    for vowel in "aeo":
        for mark, tone in _VNI_CIRCUMFLEX.items():
            add(vowel + mark, vowel + "\u0302" + tone)
    for mark, tone in _VNI_BREVE.items():
        add("a" + mark, "a\u0306" + tone)
    for single, letter in _VNI_SINGLE.items():
        add(single, letter)
    for mark, tone in _VNI_TONES.items():
        add("ô" + mark, "ơ" + tone)
        add("ö" + mark, "ư" + tone)
    del table["yï"], table["YÏ"]  # ỵ has a byte of its own (î)
    return table


VNI = _vni_table()
_VNI_PAIRS = {k for k in VNI if len(k) == 2}

# Letters of Vietnamese written in Unicode that no Windows-1252 character looks like: their presence means the text
# is already Unicode.
_VIETNAMESE_ONLY = re.compile("[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9\u0300\u0301\u0303\u0309\u0323]")
# Windows-1252 letters that are also Vietnamese letters: alone they prove nothing.
_LATIN1_VIETNAMESE = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# Characters TCVN3 text shows and VNI text never does (VNI uses only 0xC0-0xFF).
_TCVN3_ONLY = {ch for ch, _letter in TCVN3.items() if ord(ch) < 0xC0 or ord(ch) > 0xFF}
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_MARKS = _TONES | {"\u0302", "\u0306", "\u031b"}  # tones, circumflex, breve, horn


def _decode_tcvn3(text: str) -> str:
    return "".join(TCVN3.get(ch, ch) for ch in text)


def _decode_vni(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in _VNI_PAIRS:
            out.append(VNI[pair])
            i += 2
        else:
            out.append(VNI.get(text[i], text[i]))
            i += 1
    return "".join(out)


def _upper_case(original: str, converted: str) -> str:
    """TCVN3 capitals with a diacritic were usually typed with the lower-case bytes in a capitals font (".VnTimeH"):
    a word whose plain letters are all capitals (at least two of them: "§¶NG") is all capitals. The conversion is
    one character for one character, so the words of both texts line up."""
    out = list(converted)
    for word in re.finditer(r"\S+", original):
        plain = [c for c in word.group() if c.isascii() and c.isalpha()]
        if len(plain) >= 2 and all(c.isupper() for c in plain):
            for i in range(word.start(), word.end()):
                out[i] = out[i].upper() if len(out[i].upper()) == 1 else out[i]
    return "".join(out)


def from_legacy(text: str, encoding: str) -> str:
    """`text` typed in `encoding` ("tcvn3" or "vni") and read as Windows-1252, as Unicode NFC."""
    if encoding == "tcvn3":
        converted = _upper_case(text, _decode_tcvn3(text))
    elif encoding == "vni":
        converted = _decode_vni(text)
    else:
        raise ValueError(f"unknown legacy encoding: {encoding}")
    return unicodedata.normalize("NFC", converted)


# A Vietnamese syllable without its tone: initial consonant, a vowel group Vietnamese has, final consonant.
# Longest first, so that the regular expression tries "ươi" before "ư".
_NUCLEI = (
    "iêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu yêu "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ ưa ưi ươ ưu uy yê "
    "a ă â e ê i o ô ơ u ư y"
)
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?(?:"
    + "|".join(_NUCLEI.split())
    + r")(?:ch|ng|nh|[cmnpt])?"
)


def _plausible(original: str, converted: str) -> bool:
    """Every word the conversion changed is a Vietnamese syllable: Vietnamese letters only, at most one tone."""
    for before, word in zip(original.split(), converted.split(), strict=False):
        if before == word:
            continue
        word = word.strip(".,;:!?()\"'-")
        decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
        if sum(ch in _TONES for ch in decomposed) > 1 or any(
            not ch.isascii() and ch not in _MARKS for ch in decomposed
        ):
            return False
        toneless = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES)).lower()
        if not _SYLLABLE.fullmatch(toneless):
            return False
    return True


def _markers(table: dict[str, str]) -> frozenset[str]:
    """Characters the encoding shows that are not also Vietnamese letters in Unicode."""
    return frozenset(ch for key in table for ch in key if not ch.isascii() and ch not in _LATIN1_VIETNAMESE)


MARKERS = {"tcvn3": _markers(TCVN3), "vni": _markers(VNI)}


def detect_legacy(text: str | None) -> str | None:
    """ "tcvn3" or "vni" when `text` looks like Vietnamese typed in that encoding and read as Windows-1252, else None.

    Conservative: text with any letter only Unicode Vietnamese has (ă, đ, ơ, ư, ạ … ỹ) is Unicode; so is text whose
    only non-ASCII characters are Windows-1252 letters that Vietnamese also uses (à, é, ô …). When both encodings
    read the text as plausible Vietnamese and nothing tells them apart, the answer is None.
    """
    if not text or text.isascii() or _VIETNAMESE_ONLY.search(text):
        return None
    found = []
    for encoding, decode in (("tcvn3", _decode_tcvn3), ("vni", _decode_vni)):
        if not any(ch in MARKERS[encoding] for ch in text):
            continue
        converted = decode(text)
        if converted != text and len(converted.split()) == len(text.split()) and _plausible(text, converted):
            found.append(encoding)
    if len(found) == 2:
        found = ["tcvn3"] if any(ch in _TCVN3_ONLY for ch in text) else []
    return found[0] if found else None
