from datetime import date

import pytest
from django.urls import reverse

from dangvu.access.tests.factories import make_user
from dangvu.core import budgets
from dangvu.members.tests.factories import make_member
from dangvu.units.models import UnitKind
from dangvu.units.operations import dissolve_unit
from dangvu.units.tests.factories import Tree, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    return Tree()


@pytest.mark.parametrize("role", ["secretary", "leader"])
def test_tree_of_base_committee_a_shows_a_and_its_cells_never_b(client, tree, role):
    client.force_login(make_user(role, tree.a))
    response = client.get(reverse("unit_tree"))
    assert response.status_code == 200
    for name in ("Đảng bộ Văn phòng Tỉnh ủy", "Chi bộ Phòng Tổng hợp", "Chi bộ Phòng Hành chính"):
        assert name in response.text
    for name in ("Đảng bộ Sở Tài chính", "Chi bộ Phòng Ngân sách", "Chi bộ Báo Tuyên Quang"):
        assert name not in response.text


def test_office_of_the_bloc_starts_at_the_bloc_with_member_counts(client, tree):
    make_member(tree.a1, "Trần Thị Hoa")
    make_member(tree.a2, "Lê Văn Bình")
    client.force_login(make_user("office", tree.bloc))
    response = client.get(reverse("unit_tree"))
    assert "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh" in response.text
    assert "Đảng bộ tỉnh Tuyên Quang" not in response.text
    assert "Đảng bộ cơ sở" in response.text  # the kind label, in Vietnamese
    assert "2 đảng viên" in response.text


def test_children_partial_lists_the_cells_of_a(client, tree):
    make_member(tree.a1, "Trần Thị Hoa")
    client.force_login(make_user("office", tree.bloc))
    response = client.get(reverse("unit_children", args=[tree.a.pk]), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "Chi bộ Phòng Tổng hợp" in response.text and "Chi bộ Phòng Hành chính" in response.text
    assert "<html" not in response.text


def test_children_partial_of_b_is_not_found_for_the_secretary_of_a(client, tree):
    client.force_login(make_user("secretary", tree.a))
    assert client.get(reverse("unit_children", args=[tree.b.pk])).status_code == 404


def test_search_ignores_diacritics_and_shows_the_ancestors(client, tree):
    client.force_login(make_user("office", tree.bloc))
    response = client.get(reverse("unit_tree"), {"q": "van phong"})
    assert "Đảng bộ Văn phòng Tỉnh ủy" in response.text
    assert "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh" in response.text  # breadcrumb
    assert "Đảng bộ Sở Tài chính" not in response.text
    assert "Đảng bộ Văn phòng Tỉnh ủy" in client.get(reverse("unit_tree"), {"q": "Tỉnh ủy văn PHÒNG"}).text


def test_search_never_finds_units_of_b_for_the_secretary_of_a(client, tree):
    client.force_login(make_user("secretary", tree.a))
    response = client.get(reverse("unit_tree"), {"q": "phong"})
    assert "Chi bộ Phòng Tổng hợp" in response.text
    assert "Chi bộ Phòng Ngân sách" not in response.text
    assert "Đảng bộ Sở Tài chính" not in client.get(reverse("unit_tree"), {"q": "tai chinh"}).text


def test_closed_units_appear_only_when_asked_for(client, tree):
    dissolve_unit(None, tree.a2, effective_on=date(2022, 7, 1))
    client.force_login(make_user("office", tree.bloc))
    url = reverse("unit_children", args=[tree.a.pk])
    assert "Chi bộ Phòng Hành chính" not in client.get(url).text
    assert "Chi bộ Phòng Hành chính" in client.get(url, {"closed": "1"}).text


@pytest.mark.parametrize("size", [3, 30])
def test_tree_and_children_run_a_bounded_number_of_queries(client, tree, django_assert_max_num_queries, size):
    for number in range(size):
        cell = make_unit(f"Chi bộ Phòng số {number}", UnitKind.CELL, tree.a)
        make_member(cell, f"Nguyễn Văn Số {number}")
    client.force_login(make_user("office", tree.bloc))
    with django_assert_max_num_queries(budgets.UNIT_TREE):
        assert client.get(reverse("unit_tree")).status_code == 200
    with django_assert_max_num_queries(12):
        response = client.get(reverse("unit_children", args=[tree.a.pk]))
    assert response.text.count("Chi bộ Phòng số") == size
    with django_assert_max_num_queries(12):
        client.get(reverse("unit_tree"), {"q": "phong so"})
