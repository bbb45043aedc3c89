import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from dangvu.core.text import collation_key, fold, highlight, name_sort_key, normalise, search_key, split_name


def test_search_key_ignores_case_and_diacritics_including_d_stroke():
    assert search_key("Đảng ủy Khối") == "dang uy khoi"
    assert search_key("ĐẢNG") == search_key("đảng") == "dang"


def test_search_key_treats_decomposed_and_composed_text_alike():
    composed = "Trần Thị Hoà"
    decomposed = unicodedata.normalize("NFD", composed)
    assert search_key(decomposed) == search_key(composed) == "tran thi hoa"


def test_normalise_folds_spaces_and_drops_control_characters():
    assert normalise("  Nguyễn\x00  Văn\tAn \n") == "Nguyễn Văn An"


def test_split_name_takes_family_first_and_given_last():
    assert split_name("Trần Thị Thu Hà") == ("Trần", "Thị Thu", "Hà")
    assert split_name("Hà") == ("", "", "Hà")


def _sorted(names):
    return sorted(names, key=name_sort_key)


def test_people_sort_by_given_name_first():
    assert _sorted(["Nguyễn Văn Bình", "Trần Thị An"]) == ["Trần Thị An", "Nguyễn Văn Bình"]


def test_given_names_follow_the_vietnamese_alphabet():
    # a < ă < â, d < đ, o < ô < ơ, u < ư (Vietnamese alphabet order)
    names = ["Lê Văn Đức", "Lê Văn Dũng", "Lê Thị Ân", "Lê Thị Ăn", "Lê Thị An", "Lê Văn Ơn", "Lê Văn Ôn", "Lê Văn On"]
    assert _sorted(names) == [
        "Lê Thị An",
        "Lê Thị Ăn",
        "Lê Thị Ân",
        "Lê Văn Dũng",
        "Lê Văn Đức",
        "Lê Văn On",
        "Lê Văn Ôn",
        "Lê Văn Ơn",
    ]


def test_tones_only_break_ties_between_the_same_letters():
    assert _sorted(["Vũ Thị Ánh", "Vũ Thị Anh", "Vũ Thị Bích", "Vũ Thị Ảnh"]) == [
        "Vũ Thị Anh",
        "Vũ Thị Ảnh",
        "Vũ Thị Ánh",
        "Vũ Thị Bích",
    ]


def test_same_given_name_sorts_by_middle_then_family_name():
    assert _sorted(["Phạm Văn Hùng", "Đỗ Mạnh Hùng", "Bùi Văn Hùng"]) == [
        "Đỗ Mạnh Hùng",
        "Bùi Văn Hùng",
        "Phạm Văn Hùng",
    ]


def test_a_shorter_given_name_sorts_before_a_longer_one_with_the_same_start():
    assert _sorted(["Lê Thị Anh", "Lê Thị An"]) == ["Lê Thị An", "Lê Thị Anh"]


vietnamese_words = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệ", min_size=1, max_size=7)


@given(st.lists(vietnamese_words, min_size=1, max_size=4))
def test_sort_key_uses_only_digits_so_every_collation_agrees(words):
    key = name_sort_key(" ".join(words))
    assert key.isdigit()


@given(st.text(max_size=60))
def test_search_key_is_plain_ascii_words(text):
    key = search_key(text)
    assert key == key.strip()
    assert "  " not in key
    assert all(ch.isascii() for ch in key)


@given(vietnamese_words)
def test_search_key_matches_upper_and_lower_case(word):
    assert search_key(word.upper()) == search_key(word)


def test_unit_names_sort_in_vietnamese_dictionary_order():
    names = [
        "Đảng bộ Đài Phát thanh",
        "Đoàn Thanh niên Khối",
        "Chi bộ Sở Tư pháp",
        "Đảng bộ Văn phòng Tỉnh ủy",
        "Chi bộ 2",
        "Chi bộ 10",
    ]
    assert sorted(names, key=collation_key) == [
        "Chi bộ 10",
        "Chi bộ 2",
        "Chi bộ Sở Tư pháp",
        "Đảng bộ Đài Phát thanh",
        "Đảng bộ Văn phòng Tỉnh ủy",
        "Đoàn Thanh niên Khối",
    ]


def test_fold_keeps_one_character_for_each():
    text = "Đảng ủy Khối chuyển đổi số"
    assert fold(text) == "dang uy khoi chuyen doi so"
    assert len(fold(text)) == len(text)


def test_highlight_marks_whole_words_and_the_start_of_the_last_one():
    marked = [piece for piece, matched in highlight("Số hóa, chuyển đổi số, sông", ["so", "s"]) if matched]
    assert marked == ["Số", "số", "s"]  # "so" is a whole word; "s", the last, may start one ("sông")


def test_a_snippet_starts_near_the_words_found_together():
    text = "số " + "chi bộ sinh hoạt " * 30 + "chữ ký số điện tử " + "chi bộ " * 30
    pieces = highlight(text, ["chu", "ky", "so"], width=60)
    snippet = "".join(piece for piece, _ in pieces)
    assert "chữ ký số" in snippet and snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) <= 62
