from datetime import date

import pytest
from django.urls import reverse

from dangvu.access.tests.factories import make_user
from dangvu.core import budgets
from dangvu.members.operations import record_event
from dangvu.members.tests.factories import make_member
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return Tree()


def _names(response) -> list[str]:
    return [m.full_name for m in response.context["page"].object_list]


def test_office_sees_members_of_the_whole_subtree(client, tree):
    make_member(tree.a1, "Trần Thị Hoa")
    make_member(tree.b1, "Lê Văn Bình")
    client.force_login(make_user("office", tree.bloc))
    response = client.get(reverse("member_list"))
    assert response.status_code == 200
    assert set(_names(response)) == {"Trần Thị Hoa", "Lê Văn Bình"}
    assert "Trần Thị Hoa" in response.text


def test_secretary_of_a1_gets_none_of_b1s_members(client, tree):
    make_member(tree.a1, "Trần Thị Hoa")
    make_member(tree.b1, "Lê Văn Bình")
    client.force_login(make_user("secretary", tree.a1))
    assert _names(client.get(reverse("member_list"))) == ["Trần Thị Hoa"]
    assert _names(client.get(reverse("member_list"), {"q": "binh"})) == []
    assert "Lê Văn Bình" not in client.get(reverse("member_list"), {"status": "all"}).text


def test_filtering_by_a_unit_outside_scope_is_not_found(client, tree):
    client.force_login(make_user("secretary", tree.a1))
    assert client.get(reverse("member_list"), {"unit": tree.b1.pk}).status_code == 404


def test_unit_filter_keeps_the_subtree(client, tree):
    make_member(tree.a1, "Trần Thị Hoa")
    make_member(tree.a2, "Phạm Văn Cường")
    make_member(tree.b1, "Lê Văn Bình")
    client.force_login(make_user("office", tree.bloc))
    response = client.get(reverse("member_list"), {"unit": tree.a.pk})
    assert set(_names(response)) == {"Trần Thị Hoa", "Phạm Văn Cường"}


def test_search_ignores_diacritics_and_case(client, tree):
    make_member(tree.a1, "Trần Thị Hoa")
    make_member(tree.a1, "Nguyễn Văn Tuấn")
    client.force_login(make_user("office", tree.bloc))
    assert _names(client.get(reverse("member_list"), {"q": "tran thi"})) == ["Trần Thị Hoa"]
    assert _names(client.get(reverse("member_list"), {"q": "TRẦN"})) == ["Trần Thị Hoa"]


def test_search_matches_d_with_both_cases_of_đ(client, tree):
    make_member(tree.a1, "Đỗ Minh Đức")
    client.force_login(make_user("office", tree.bloc))
    assert _names(client.get(reverse("member_list"), {"q": "do minh duc"})) == ["Đỗ Minh Đức"]
    assert _names(client.get(reverse("member_list"), {"q": "đức"})) == ["Đỗ Minh Đức"]
    assert _names(client.get(reverse("member_list"), {"q": "ĐỖ"})) == ["Đỗ Minh Đức"]


def test_default_order_is_vietnamese_given_name_order(client, tree):
    for name in ("Lê Văn Đức", "Trần Thị Ánh", "Phạm Văn Bình", "Nguyễn Văn An"):
        make_member(tree.a1, name)
    client.force_login(make_user("office", tree.bloc))
    assert _names(client.get(reverse("member_list"))) == [
        "Nguyễn Văn An",
        "Trần Thị Ánh",
        "Phạm Văn Bình",
        "Lê Văn Đức",
    ]


def test_sort_by_admission_date(client, tree):
    make_member(tree.a1, "Nguyễn Văn An", admitted_on=date(2015, 1, 1), confirmed_on=None)
    make_member(tree.a1, "Lê Văn Bình", admitted_on=date(2001, 1, 1), confirmed_on=None)
    client.force_login(make_user("office", tree.bloc))
    assert _names(client.get(reverse("member_list"), {"sort": "admitted"})) == ["Lê Văn Bình", "Nguyễn Văn An"]


def test_sort_by_cell(client, tree):
    make_member(tree.a1, "Nguyễn Văn An")  # Chi bộ Phòng Tổng hợp
    make_member(tree.a2, "Lê Văn Bình")  # Chi bộ Phòng Hành chính
    client.force_login(make_user("office", tree.bloc))
    assert _names(client.get(reverse("member_list"), {"sort": "cell"})) == ["Lê Văn Bình", "Nguyễn Văn An"]


def test_former_members_are_hidden_by_default_and_shown_with_all(client, tree):
    make_member(tree.a1, "Nguyễn Văn An")
    gone = make_member(tree.a1, "Lê Văn Bình")
    record_event(None, gone, kind="death", occurred_on=date(2020, 3, 1))
    client.force_login(make_user("office", tree.bloc))
    assert _names(client.get(reverse("member_list"))) == ["Nguyễn Văn An"]
    assert set(_names(client.get(reverse("member_list"), {"status": "all"}))) == {"Nguyễn Văn An", "Lê Văn Bình"}
    assert _names(client.get(reverse("member_list"), {"status": "deceased"})) == ["Lê Văn Bình"]


def test_filter_by_gender_and_admission_year(client, tree):
    make_member(tree.a1, "Trần Thị Hoa", gender="female", admitted_on=date(2012, 3, 1), confirmed_on=None)
    make_member(tree.a1, "Nguyễn Văn An", admitted_on=date(2012, 6, 1), confirmed_on=None)
    make_member(tree.a1, "Lê Thị Cúc", gender="female", admitted_on=date(2015, 6, 1), confirmed_on=None)
    client.force_login(make_user("office", tree.bloc))
    assert _names(client.get(reverse("member_list"), {"gender": "female", "year": 2012})) == ["Trần Thị Hoa"]


def test_filter_by_age_band(client, tree):
    today = date.today()
    make_member(tree.a1, "Nguyễn Văn An", birth_date=date(today.year - 25, 1, 1))
    make_member(tree.a1, "Lê Văn Bình", birth_date=date(today.year - 50, 1, 1))
    make_member(tree.a1, "Trần Văn Cường", birth_date=date(today.year - 70, 1, 1))
    client.force_login(make_user("office", tree.bloc))
    assert _names(client.get(reverse("member_list"), {"age": "under30"})) == ["Nguyễn Văn An"]
    assert _names(client.get(reverse("member_list"), {"age": "46-60"})) == ["Lê Văn Bình"]
    assert _names(client.get(reverse("member_list"), {"age": "over60"})) == ["Trần Văn Cường"]


def test_birth_year_is_not_shown_to_a_secretary(client, tree):
    make_member(tree.a1, "Nguyễn Văn An", birth_date=date(1987, 4, 2))
    client.force_login(make_user("secretary", tree.a1))
    response = client.get(reverse("member_list"))
    assert "1987" not in response.text
    assert "age" not in response.context["form"].fields


def test_office_sees_the_birth_year(client, tree):
    make_member(tree.a1, "Nguyễn Văn An", birth_date=date(1987, 4, 2))
    client.force_login(make_user("office", tree.bloc))
    assert "1987" in client.get(reverse("member_list")).text


def test_htmx_request_gets_only_the_table(client, tree):
    make_member(tree.a1, "Trần Thị Hoa")
    client.force_login(make_user("office", tree.bloc))
    response = client.get(reverse("member_list"), {"q": "hoa"}, headers={"HX-Request": "true"})
    assert "Trần Thị Hoa" in response.text
    assert "<form" not in response.text
    assert 'id="member-results"' in response.text
    assert "HX-Request" in response["Vary"]


def test_page_size_is_taken_from_the_choices(client, tree):
    for index in range(30):
        make_member(tree.a1, f"Nguyễn Văn Tâm {index}")
    client.force_login(make_user("office", tree.bloc))
    assert len(_names(client.get(reverse("member_list")))) == 25
    assert len(_names(client.get(reverse("member_list"), {"size": 50}))) == 30


@pytest.mark.parametrize("size", [25, 200])
def test_list_queries_are_bounded(client, tree, django_assert_max_num_queries, size):
    for index in range(size + 5):
        make_member([tree.a1, tree.a2, tree.b1][index % 3], f"Nguyễn Văn Tâm {index}", birth_date=date(1980, 1, 1))
    client.force_login(make_user("office", tree.bloc))
    with django_assert_max_num_queries(budgets.MEMBER_LIST):
        response = client.get(reverse("member_list"), {"size": size, "q": "tam", "unit": tree.bloc.pk})
    assert len(response.context["page"].object_list) == size


def test_member_role_sees_only_their_own_record(client, tree):
    own = make_member(tree.a1, "Nguyễn Văn An")
    make_member(tree.a1, "Lê Văn Bình")
    client.force_login(make_user(None, member=own))
    assert _names(client.get(reverse("member_list"))) == ["Nguyễn Văn An"]


def test_age_bands_meet_at_birthdays(tree):
    from dangvu.members.filters import age_band_q
    from dangvu.members.models import Member

    make_member(tree.a1, "Nguyễn Văn An", birth_date=date(1994, 6, 15))  # 30 on the day
    make_member(tree.a1, "Lê Văn Bình", birth_date=date(1994, 6, 16))  # 30 the next day
    make_member(tree.a1, "Trần Văn Cường", birth_date=date(1963, 6, 15))  # 61 on the day
    on = date(2024, 6, 15)

    def band(name):
        return sorted(Member.objects.filter(age_band_q(name, on)).values_list("full_name", flat=True))

    assert band("under30") == ["Lê Văn Bình"]
    assert band("30-45") == ["Nguyễn Văn An"]
    assert band("46-60") == []
    assert band("over60") == ["Trần Văn Cường"]
