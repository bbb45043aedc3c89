"""Legacy Vietnamese encodings: TCVN3 and VNI text read as Windows-1252 is recognised and converted back."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangvu.core.legacy import MARKERS, TCVN3, detect_legacy, from_legacy

TONES = {"": "", "\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
LOWER = "aăâeêioôơuưyđ"
ALL_LETTERS = [
    unicodedata.normalize("NFC", base + tone) for base in LOWER for tone in TONES if not (base == "đ" and tone)
]
ALL_LETTERS += [letter.upper() for letter in ALL_LETTERS]


# --- inverse tables, written independently of the module's -----------------------------------------------------------


def _cp1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


# The TCVN3 byte of every letter, as the standard lists them (upper case with tones from the VN1 table).
TCVN3_BYTES = {
    "à": 0xB5, "á": 0xB8, "ả": 0xB6, "ã": 0xB7, "ạ": 0xB9, "ă": 0xA8, "ằ": 0xBB, "ắ": 0xBE, "ẳ": 0xBC, "ẵ": 0xBD,
    "ặ": 0xC6, "â": 0xA9, "ầ": 0xC7, "ấ": 0xCA, "ẩ": 0xC8, "ẫ": 0xC9, "ậ": 0xCB, "đ": 0xAE, "è": 0xCC, "é": 0xD0,
    "ẻ": 0xCE, "ẽ": 0xCF, "ẹ": 0xD1, "ê": 0xAA, "ề": 0xD2, "ế": 0xD5, "ể": 0xD3, "ễ": 0xD4, "ệ": 0xD6, "ì": 0xD7,
    "í": 0xDD, "ỉ": 0xD8, "ĩ": 0xDC, "ị": 0xDE, "ò": 0xDF, "ó": 0xE3, "ỏ": 0xE1, "õ": 0xE2, "ọ": 0xE4, "ô": 0xAB,
    "ồ": 0xE5, "ố": 0xE8, "ổ": 0xE6, "ỗ": 0xE7, "ộ": 0xE9, "ơ": 0xAC, "ờ": 0xEA, "ớ": 0xED, "ở": 0xEB, "ỡ": 0xEC,
    "ợ": 0xEE, "ù": 0xEF, "ú": 0xF3, "ủ": 0xF1, "ũ": 0xF2, "ụ": 0xF4, "ư": 0xAD, "ừ": 0xF5, "ứ": 0xF8, "ử": 0xF6,
    "ữ": 0xF7, "ự": 0xF9, "ỳ": 0xFA, "ý": 0xFD, "ỷ": 0xFB, "ỹ": 0xFC, "ỵ": 0xFE,
    "Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7,
    "À": 0x80, "Ả": 0x81, "Ã": 0x82, "Á": 0x83, "Ạ": 0x84, "Ặ": 0x85, "Ậ": 0x86, "È": 0x87, "Ẻ": 0x88, "Ẽ": 0x89,
    "É": 0x8A, "Ẹ": 0x8B, "Ệ": 0x8C, "Ì": 0x8D, "Ỉ": 0x8E, "Ĩ": 0x8F, "Í": 0x90, "Ị": 0x91, "Ò": 0x92, "Ỏ": 0x93,
    "Õ": 0x94, "Ó": 0x95, "Ọ": 0x96, "Ộ": 0x97, "Ờ": 0x98, "Ở": 0x99, "Ỡ": 0x9A, "Ớ": 0x9B, "Ợ": 0x9C, "Ù": 0x9D,
    "Ủ": 0x9E, "Ũ": 0x9F, "Ằ": 0xAF, "Ẳ": 0xBA, "Ẵ": 0xBF, "Ắ": 0xC0, "Ầ": 0xC1, "Ẩ": 0xC2, "Ẫ": 0xC3, "Ấ": 0xC4,
    "Ề": 0xC5, "Ể": 0xCD, "Ễ": 0xD9, "Ế": 0xDA, "Ồ": 0xDB, "Ổ": 0xE0, "Ỗ": 0xF0, "Ố": 0xFF,
    "Ú": 0x01, "Ụ": 0x02, "Ừ": 0x04, "Ử": 0x05, "Ữ": 0x06, "Ứ": 0x11, "Ự": 0x12, "Ỳ": 0x13, "Ỷ": 0x14, "Ỹ": 0x15,
    "Ý": 0x16, "Ỵ": 0x17,
}  # fmt: skip


def to_tcvn3(text: str) -> str:
    return "".join(_cp1252(TCVN3_BYTES[ch]) if ch in TCVN3_BYTES else ch for ch in text)


# VNI: base letter, then one byte for circumflex/breve and tone together, or for the tone alone.
VNI_TONE = {"": "", "\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
VNI_CIRCUMFLEX = {"": "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
VNI_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
VNI_I = {"": "i", "\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def _vni_letter(letter: str) -> str:
    upper = letter.isupper()
    decomposed = unicodedata.normalize("NFD", letter.lower())
    tone = next((c for c in decomposed if c in TONES and c), "")
    rest = "".join(c for c in decomposed if c != tone)
    if rest == "đ":
        out = "ñ"
    elif rest == "i":
        out = VNI_I[tone]
    elif rest == "y" and tone == "\u0323":
        out = "î"
    elif rest in ("a\u0302", "e\u0302", "o\u0302"):
        out = rest[0] + VNI_CIRCUMFLEX[tone]
    elif rest == "a\u0306":
        out = "a" + VNI_BREVE[tone]
    elif rest == "o\u031b":
        out = "ô" + VNI_TONE[tone]
    elif rest == "u\u031b":
        out = "ö" + VNI_TONE[tone]
    else:
        out = rest + VNI_TONE[tone]
    return out.upper() if upper else out


def to_vni(text: str) -> str:
    return "".join(_vni_letter(ch) if ch.isalpha() else ch for ch in unicodedata.normalize("NFC", text))


# --- generated Vietnamese words ----------------------------------------------------------------------------------------

INITIALS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "s"]
INITIALS += ["t", "th", "tr", "v", "x"]
NUCLEI = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "âu", "ây", "eo", "êu", "ia", "iu"]
NUCLEI += ["oa", "oe", "oi", "ôi", "ơi", "ua", "uô", "uy", "ưa", "ươ", "ưu", "iêu", "oai", "uôi", "ươi", "yêu"]
FINALS = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"]


@st.composite
def syllables(draw):
    nucleus = draw(st.sampled_from(NUCLEI))
    tone = draw(st.sampled_from(list(TONES)))
    # The tone sits on the letter with a diacritic, else on the first vowel of a pair (close enough for the test).
    marked = next((i for i, c in enumerate(nucleus) if c in "ăâêôơư"), 0)
    nucleus = nucleus[: marked + 1] + tone + nucleus[marked + 1 :]
    word = unicodedata.normalize("NFC", draw(st.sampled_from(INITIALS)) + nucleus + draw(st.sampled_from(FINALS)))
    case = draw(st.sampled_from(["lower", "title", "upper"]))
    return word.upper() if case == "upper" else word.title() if case == "title" else word


names = st.lists(syllables(), min_size=2, max_size=4).map(" ".join)


def test_the_examples_users_paste():
    assert detect_legacy("§¶ng viªn") == "tcvn3"
    assert from_legacy("§¶ng viªn", "tcvn3") == "Đảng viên"
    assert detect_legacy("Ñaûng vieân") == "vni"
    assert from_legacy("Ñaûng vieân", "vni") == "Đảng viên"
    assert from_legacy("Ph¹m ThÞ H\xad¬ng", "tcvn3") == "Phạm Thị Hương"
    assert from_legacy("Phaïm Thò Höông", "vni") == "Phạm Thị Hương"


def test_capitals_typed_in_a_tcvn3_capitals_font_come_back_as_capitals():
    assert from_legacy("§¶NG VIªN", "tcvn3") == "ĐẢNG VIÊN"
    assert from_legacy("Hµ", "tcvn3") == "Hà"
    assert from_legacy("Hµ N«I", "tcvn3") == "Hà NÔI"


@pytest.mark.parametrize(
    "text", ["Đảng viên", "Nguyễn Văn An", "Hoà", "Lý Hà", "café", "Müller", "naïve", "Søren", "ABC 123", "", "Hà Nội"]
)
def test_unicode_and_foreign_text_is_never_taken_for_a_legacy_encoding(text):
    assert detect_legacy(text) is None


def test_every_vietnamese_letter_has_a_tcvn3_byte_and_converts_back():
    assert len(ALL_LETTERS) == 146  # 12 vowels with 6 tones and đ, in both cases
    for letter in ALL_LETTERS:
        assert from_legacy(to_tcvn3(letter), "tcvn3") == letter, letter
        assert TCVN3.get(to_tcvn3(letter), letter) == letter


def test_every_vietnamese_letter_converts_back_from_vni():
    for letter in ALL_LETTERS:
        assert from_legacy(to_vni(letter), "vni") == letter, letter


@given(names)
def test_tcvn3_round_trip(name):
    encoded = to_tcvn3(name)
    assert from_legacy(encoded, "tcvn3") == name
    assert detect_legacy(encoded) in ("tcvn3", None)
    if any(ch in MARKERS["tcvn3"] and ord(ch) < 0xC0 for ch in encoded):
        assert detect_legacy(encoded) == "tcvn3"


@given(names)
def test_vni_round_trip(name):
    encoded = to_vni(name)
    assert from_legacy(encoded, "vni") == name
    assert detect_legacy(encoded) in ("vni", None)


@given(names)
def test_text_already_in_unicode_is_left_alone(name):
    assert detect_legacy(name) is None
    assert detect_legacy(unicodedata.normalize("NFD", name)) is None


def test_only_words_typed_in_capitals_become_capitals():
    assert from_legacy("A B¸", "tcvn3") == "A Bá"
    assert from_legacy("NGUYÔN V¡N B¸", "tcvn3") == "NGUYỄN VĂN Bá"
