from datetime import date

import pytest
from django.urls import reverse

from dangvu.access.tests.factories import make_user
from dangvu.core import budgets
from dangvu.documents.tests.factories import make_document
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    return make_user("leader", Tree().bloc)


def _seed():
    make_document()
    make_document(
        type="resolution",
        number="48",
        symbol="NQ/TU",
        issuer_name="Ban Chấp hành Đảng bộ tỉnh Tuyên Quang",
        term="XVII",
        issued_on=date(2021, 11, 15),
        subject="về chuyển đổi số tỉnh Tuyên Quang đến năm 2025, định hướng đến năm 2030",
    )
    make_document(
        type="directive",
        number="05",
        symbol="CT/TW",
        issuer_name="Bộ Chính trị",
        term="XII",
        issued_on=date(2016, 5, 15),
        subject="về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        validity="amended",
    )


def _shown(response) -> list[str]:
    return [d.number_symbol for d in response.context["page"].object_list]


def test_search_without_diacritics_finds_the_digital_transformation_resolution(client, reader):
    _seed()
    client.force_login(reader)
    response = client.get(reverse("document_list"), {"q": "chuyen doi so"})
    assert _shown(response) == ["48-NQ/TU"]
    assert "về <mark>chuyển</mark> <mark>đổi</mark> <mark>số</mark> tỉnh Tuyên Quang" in response.text


def test_a_match_in_the_subject_ranks_above_a_match_in_the_text_only(client, reader):
    _seed()
    make_document(
        type="plan",
        number="12",
        symbol="KH/ĐUK",
        issuer_name="Đảng ủy Khối",
        issued_on=date(2022, 3, 1),  # newer than 48-NQ/TU, so only the rank can put it second
        subject="về cải cách hành chính năm 2022",
        text="Gắn cải cách hành chính với chuyển đổi số trong các cơ quan của Khối.",
    )
    client.force_login(reader)
    response = client.get(reverse("document_list"), {"q": "chuyen doi so"})
    assert _shown(response) == ["48-NQ/TU", "12-KH/ĐUK"]
    # The text-only match shows where the words occur in the text.
    assert "hành chính với <mark>chuyển</mark> <mark>đổi</mark> <mark>số</mark> trong" in response.text


def test_every_word_must_match_a_whole_word_but_the_last_may_be_its_start(client, reader):
    _seed()
    client.force_login(reader)
    assert _shown(client.get(reverse("document_list"), {"q": "chuyen doi s"})) == ["48-NQ/TU"]
    assert _shown(client.get(reverse("document_list"), {"q": "chuyen do so"})) == []  # "do" is not "đổi"
    assert _shown(client.get(reverse("document_list"), {"q": "48 nq"})) == ["48-NQ/TU"]


def test_a_long_text_is_cut_to_a_snippet_around_the_match(client, reader):
    filler = "Các chi bộ tổ chức sinh hoạt chuyên đề định kỳ. " * 40
    make_document(
        number="30",
        subject="về công tác kiểm tra",
        text=filler + "Tăng cường ứng dụng chữ ký số trong văn bản. " + filler,
    )
    client.force_login(reader)
    response = client.get(reverse("document_list"), {"q": "chu ky so"})
    assert _shown(response) == ["30-KL/TW"]
    snippet = response.text.split('class="snippet">', 1)[1].split("</small>", 1)[0]
    assert "<mark>chữ</mark> <mark>ký</mark> <mark>số</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) < 400


def test_search_by_number_symbol(client, reader):
    _seed()
    client.force_login(reader)
    assert _shown(client.get(reverse("document_list"), {"q": "05-CT/TW"})) == ["05-CT/TW"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"type": "directive"}, ["05-CT/TW"]),
        ({"year": 2021}, ["48-NQ/TU", "21-KL/TW"]),
        ({"term": "XIII"}, ["21-KL/TW"]),
        ({"validity": "amended"}, ["05-CT/TW"]),
        ({"issuer": "name:bo chinh tri"}, ["05-CT/TW"]),
    ],
)
def test_filters(client, reader, filters, expected):
    _seed()
    client.force_login(reader)
    assert _shown(client.get(reverse("document_list"), filters)) == expected


def test_a_member_without_grants_reads_the_registry(client):
    _seed()
    client.force_login(make_user())
    assert len(_shown(client.get(reverse("document_list")))) == 3


def test_the_list_page_makes_a_bounded_number_of_queries(client, reader, django_assert_max_num_queries):
    for number in range(1, 60):
        make_document(number=str(number), issuer_name="Bộ Chính trị" if number % 2 else "Chính phủ")
    client.force_login(reader)
    for size in (25, 50):
        with django_assert_max_num_queries(budgets.DOCUMENT_LIST):
            response = client.get(reverse("document_list"), {"size": size})
        assert len(_shown(response)) == size
