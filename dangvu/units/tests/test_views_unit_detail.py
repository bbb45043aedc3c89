from datetime import date

import pytest
from django.urls import reverse

from dangvu.access.tests.factories import make_user
from dangvu.core import budgets
from dangvu.members.tests.factories import make_member
from dangvu.units.models import UnitKind
from dangvu.units.operations import appoint, move_unit, open_term, rename_unit
from dangvu.units.tests.factories import Tree, make_unit, merge_a_and_b

pytestmark = pytest.mark.django_db

BEFORE, ON = date(2022, 6, 30), date(2022, 7, 1)


@pytest.fixture
def tree():
    return Tree()


@pytest.fixture
def merged(tree):
    """A (2 members) and B (1 member) merged into a new base committee on 01/07/2022."""
    make_member(tree.a1, "Trần Thị Hoa")
    make_member(tree.a2, "Lê Văn Bình")
    make_member(tree.b1, "Phạm Minh Châu")
    _event, successor = merge_a_and_b(tree, ON)
    return successor


def _active(response) -> int:
    return response.context["active_total"]


def test_unit_page_shows_breadcrumb_kind_code_and_sub_units(client, tree):
    make_member(tree.a1, "Trần Thị Hoa")
    client.force_login(make_user("office", tree.bloc))
    response = client.get(reverse("unit_detail", args=[tree.a.pk]))
    assert response.status_code == 200
    text = response.text
    assert "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh" in text
    assert "Đảng bộ cơ sở" in text and tree.a.code in text
    assert "Chi bộ Phòng Tổng hợp" in text and "Chi bộ Phòng Hành chính" in text
    assert _active(response) == 1
    assert f"{reverse('member_list')}?unit={tree.a.pk}" in text


@pytest.mark.parametrize("role", ["secretary", "leader"])
def test_units_of_b_are_not_found_for_a_user_of_a(client, tree, role):
    client.force_login(make_user(role, tree.a))
    assert client.get(reverse("unit_detail", args=[tree.a1.pk])).status_code == 200
    assert client.get(reverse("unit_detail", args=[tree.b.pk])).status_code == 404
    assert client.get(reverse("unit_detail", args=[tree.b1.pk])).status_code == 404


def test_leader_sees_no_restructuring_buttons(client, tree):
    client.force_login(make_user("leader", tree.a))
    response = client.get(reverse("unit_detail", args=[tree.a.pk]))
    assert reverse("unit_merge", args=[tree.a.pk]) not in response.text
    assert reverse("term_create", args=[tree.a.pk]) not in response.text


def test_office_sees_restructuring_and_committee_buttons(client, tree):
    client.force_login(make_user("office", tree.bloc))
    response = client.get(reverse("unit_detail", args=[tree.a.pk]))
    for name in ("unit_create", "unit_rename", "unit_move", "unit_merge", "unit_split", "unit_dissolve"):
        assert reverse(name, args=[tree.a.pk]) in response.text
    assert reverse("term_create", args=[tree.a.pk]) in response.text


def test_page_as_of_the_day_before_a_merge_shows_the_old_counts_and_name(client, tree, merged):
    rename_unit(None, tree.b1, name="Chi bộ Phòng Ngân sách nhà nước", effective_on=date(2023, 1, 1))
    client.force_login(make_user("office", tree.bloc))
    old = client.get(reverse("unit_detail", args=[tree.a.pk]), {"as_of": "30/06/2022"})
    assert old.status_code == 200
    assert _active(old) == 2
    assert "Chi bộ Phòng Tổng hợp" in old.text
    renamed = client.get(reverse("unit_detail", args=[tree.b1.pk]), {"as_of": "30/06/2022"})
    assert "<h1>Chi bộ Phòng Ngân sách\n" in renamed.text or "<h1>Chi bộ Phòng Ngân sách " in renamed.text


def test_page_today_shows_the_successor_of_a_merged_unit(client, tree, merged):
    client.force_login(make_user("office", tree.bloc))
    closed = client.get(reverse("unit_detail", args=[tree.a.pk]))
    assert [u.pk for u in closed.context["successors"]] == [merged.pk]
    assert "Từ ngày 01/07/2022 được tiếp nối bởi" in closed.text
    assert reverse("unit_detail", args=[merged.pk]) in closed.text
    successor = client.get(reverse("unit_detail", args=[merged.pk]))
    assert _active(successor) == 3
    assert "Chi bộ Phòng Ngân sách" in successor.text
    as_of = client.get(reverse("unit_detail", args=[merged.pk]), {"as_of": "30/06/2022"})
    assert _active(as_of) == 0


def test_history_shows_renames_moves_and_the_moves_of_a_merge(client, tree, merged):
    tree.a1.refresh_from_db()  # the merge moved it
    rename_unit(None, tree.a1, name="Chi bộ Phòng Tổng hợp - Hành chính", effective_on=date(2023, 1, 1))
    move_unit(None, tree.a1, new_parent=tree.bloc, effective_on=date(2024, 1, 1))
    client.force_login(make_user("office", tree.bloc))
    text = client.get(reverse("unit_detail", args=[tree.a1.pk])).text
    assert "Đổi tên từ Chi bộ Phòng Tổng hợp thành Chi bộ Phòng Tổng hợp - Hành chính" in text
    assert "Chuyển từ Đảng bộ Văn phòng Tỉnh ủy sang Đảng bộ các cơ quan Đảng tỉnh" in text  # with the merge
    assert "Chuyển từ Đảng bộ các cơ quan Đảng tỉnh sang Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh" in text


def test_a_bad_as_of_date_is_reported_in_vietnamese(client, tree):
    client.force_login(make_user("office", tree.bloc))
    response = client.get(reverse("unit_detail", args=[tree.a.pk]), {"as_of": "31/02/2022"})
    assert response.status_code == 200
    assert "dd/mm/yyyy" in response.text


def test_committee_lists_positions_in_order_with_links(client, tree):
    deputy = make_member(tree.a1, "Trần Thị Hoa")
    secretary = make_member(tree.a2, "Lê Văn Bình")
    term = open_term(None, tree.a, name="2020-2025", starts_on=date(2020, 8, 1))
    appoint(None, term, deputy, role="deputy", starts_on=date(2020, 8, 1))
    appoint(None, term, secretary, role="secretary", starts_on=date(2020, 8, 1))
    client.force_login(make_user("leader", tree.a))
    text = client.get(reverse("unit_detail", args=[tree.a.pk])).text
    assert text.index("Lê Văn Bình") < text.index("Trần Thị Hoa")
    assert reverse("member_detail", args=[secretary.pk]) in text
    assert "Bí thư" in text and "2020-2025" in text


def test_audit_entries_and_the_filtered_audit_link_are_shown(client, tree):
    rename_unit(None, tree.a, name="Đảng bộ Cơ quan Tỉnh ủy", effective_on=ON)
    client.force_login(make_user("office", tree.bloc))
    response = client.get(reverse("unit_detail", args=[tree.a.pk]))
    assert f"{reverse('audit_log')}?unit={tree.a.pk}" in response.text
    assert "Đảng bộ Văn phòng Tỉnh ủy" in response.text  # the name before, in the audit diff and the history


@pytest.mark.parametrize("size", [3, 30])
def test_unit_page_runs_a_bounded_number_of_queries(client, tree, django_assert_max_num_queries, size):
    for number in range(size):
        cell = make_unit(f"Chi bộ Phòng số {number}", UnitKind.CELL, tree.a)
        make_member(cell, f"Nguyễn Văn Số {number}")
    client.force_login(make_user("office", tree.bloc))
    with django_assert_max_num_queries(budgets.UNIT_PAGE):
        response = client.get(reverse("unit_detail", args=[tree.a.pk]))
    assert _active(response) == size
    with django_assert_max_num_queries(budgets.UNIT_PAGE_AS_OF):
        client.get(reverse("unit_detail", args=[tree.a.pk]), {"as_of": "01/01/2021"})
