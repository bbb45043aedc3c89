from datetime import date

import pytest
from django.urls import reverse

from dangvu.access.models import AuditEntry
from dangvu.access.tests.factories import make_user
from dangvu.members.models import Member
from dangvu.members.tests.factories import make_member
from dangvu.units.models import Position, RestructuringEvent, Term, Unit, UnitKind
from dangvu.units.operations import open_term, rename_unit
from dangvu.units.tests.factories import Tree

pytestmark = pytest.mark.django_db

NEW = "Đảng bộ các cơ quan Đảng tỉnh"


@pytest.fixture
def tree():
    tree = Tree()
    make_member(tree.a1, "Trần Thị Hoa")
    make_member(tree.a2, "Lê Văn Bình")
    make_member(tree.b1, "Phạm Minh Châu")
    return tree


@pytest.fixture
def clerk(client, tree):
    client.force_login(make_user("office", tree.bloc, full_name="Hoàng Thu Trang"))
    return client


def _merge_data(tree, **changes) -> dict:
    data = {
        "sources": [tree.a.pk, tree.b.pk],
        "successor": "",
        "new_name": NEW,
        "new_code": "CQD",
        "new_kind": UnitKind.BASE_COMMITTEE,
        "effective_on": "01/07/2022",
        "decision": "Quyết định số 15-QĐ/TU",
    }
    return {**data, **changes}


def _nothing_changed(tree) -> None:
    tree.a.refresh_from_db()
    assert tree.a.is_open
    assert not Unit.objects.filter(code="CQD").exists()
    assert not RestructuringEvent.objects.filter(kind="merge").exists()


def test_merge_preview_lists_what_moves_and_changes_nothing(clerk, tree):
    audit_before = AuditEntry.objects.count()
    response = clerk.post(reverse("unit_merge", args=[tree.a.pk]), _merge_data(tree))
    assert response.status_code == 200
    text = response.text
    assert "Xác nhận" in text  # the Confirm button
    for name in ("Chi bộ Phòng Tổng hợp", "Chi bộ Phòng Ngân sách", "Trần Thị Hoa", "Lê Văn Bình", "Phạm Minh Châu"):
        assert name in text
    _nothing_changed(tree)
    assert AuditEntry.objects.count() == audit_before
    tree.a.refresh_from_db()
    assert "Đảng bộ Văn phòng Tỉnh ủy" in text and tree.a.name == "Đảng bộ Văn phòng Tỉnh ủy"


def test_merge_confirm_performs_it_and_returns_to_the_unit_page(clerk, tree):
    response = clerk.post(reverse("unit_merge", args=[tree.a.pk]), {**_merge_data(tree), "confirm": "1"}, follow=True)
    successor = Unit.objects.get(code="CQD")
    assert response.redirect_chain[-1][0] == reverse("unit_detail", args=[tree.a.pk])
    assert "Đã sáp nhập" in response.text
    tree.a.refresh_from_db()
    assert tree.a.closed_on == date(2022, 7, 1)
    assert successor.name == NEW and successor.parent == tree.bloc
    assert Member.objects.in_subtree(successor).count() == 3


def test_merge_with_a_future_date_shows_the_vietnamese_error_and_changes_nothing(clerk, tree):
    data = {**_merge_data(tree, effective_on="01/07/2099"), "confirm": "1"}
    response = clerk.post(reverse("unit_merge", args=[tree.a.pk]), data)
    assert response.status_code == 422
    assert "Ngày hiệu lực không được ở tương lai." in response.text
    _nothing_changed(tree)


def test_merge_dated_before_the_units_last_change_is_refused(clerk, tree):
    rename_unit(None, tree.b, name="Đảng bộ Sở Tài chính tỉnh", effective_on=date(2023, 1, 1))
    response = clerk.post(reverse("unit_merge", args=[tree.a.pk]), _merge_data(tree))
    assert response.status_code == 422
    assert "thay đổi lần cuối ngày 01/01/2023" in response.text
    _nothing_changed(tree)


def test_merge_without_a_successor_or_new_unit_is_refused(clerk, tree):
    response = clerk.post(reverse("unit_merge", args=[tree.a.pk]), _merge_data(tree, new_name="", new_code=""))
    assert response.status_code == 422
    _nothing_changed(tree)


@pytest.mark.parametrize(
    "name", ["unit_create", "unit_rename", "unit_move", "unit_merge", "unit_split", "unit_dissolve", "term_create"]
)
def test_leader_cannot_open_the_change_forms(client, tree, name):
    client.force_login(make_user("leader", tree.bloc))
    assert client.get(reverse(name, args=[tree.a.pk])).status_code in (403, 404)
    response = client.post(reverse(name, args=[tree.a.pk]), {**_merge_data(tree), "confirm": "1"})
    assert response.status_code in (403, 404)
    _nothing_changed(tree)


def test_office_of_a_cannot_restructure_b(client, tree):
    client.force_login(make_user("office", tree.a))
    assert client.get(reverse("unit_merge", args=[tree.b.pk])).status_code == 404


def test_rename_through_the_form_with_preview_then_confirm(clerk, tree):
    url = reverse("unit_rename", args=[tree.a.pk])
    data = {"name": "Đảng bộ Cơ quan Tỉnh ủy", "short_name": "", "effective_on": "01/07/2022"}
    preview = clerk.post(url, data)
    assert "Đảng bộ Cơ quan Tỉnh ủy" in preview.text and "01/07/2022" in preview.text
    tree.a.refresh_from_db()
    assert tree.a.name == "Đảng bộ Văn phòng Tỉnh ủy"
    clerk.post(url, {**data, "confirm": "1"})
    tree.a.refresh_from_db()
    assert tree.a.name == "Đảng bộ Cơ quan Tỉnh ủy"


def test_move_to_a_cell_is_not_offered(clerk, tree):
    response = clerk.get(reverse("unit_move", args=[tree.a.pk]))
    parents = list(response.context["form"].fields["new_parent"].queryset)
    assert tree.b in parents
    for unit in (tree.a, tree.a1, tree.b1, tree.c, tree.bloc, tree.province):
        assert unit not in parents


def test_split_assigns_every_sub_unit_and_member(clerk, tree):
    url = reverse("unit_split", args=[tree.a.pk])
    data = {
        "part1_name": "Đảng bộ Ban Tổ chức",
        "part1_code": "BTC",
        "part1_kind": UnitKind.BASE_COMMITTEE,
        "part2_name": "Đảng bộ Ban Tuyên giáo",
        "part2_code": "BTG",
        "part2_kind": UnitKind.BASE_COMMITTEE,
        f"child_{tree.a1.pk}": "1",
        f"child_{tree.a2.pk}": "2",
        "effective_on": "01/07/2022",
    }
    preview = clerk.post(url, data)
    assert preview.status_code == 200 and "Đảng bộ Ban Tuyên giáo" in preview.text
    assert not Unit.objects.filter(code="BTC").exists()
    clerk.post(url, {**data, "confirm": "1"})
    tree.a1.refresh_from_db()
    tree.a2.refresh_from_db()
    assert tree.a1.parent.code == "BTC" and tree.a2.parent.code == "BTG"


def test_dissolve_with_members_shows_the_reason_and_changes_nothing(clerk, tree):
    response = clerk.post(reverse("unit_dissolve", args=[tree.a1.pk]), {"effective_on": "01/07/2022"})
    assert response.status_code == 422
    assert "còn đảng viên" in response.text
    tree.a1.refresh_from_db()
    assert tree.a1.is_open


def test_add_a_sub_unit(clerk, tree):
    data = {"name": "Chi bộ Phòng Quản trị", "code": "PQT", "kind": UnitKind.CELL, "established_on": "01/07/2022"}
    response = clerk.post(reverse("unit_create", args=[tree.a.pk]), data)
    assert response.status_code == 302
    assert Unit.objects.get(code="PQT").parent == tree.a


def test_open_a_term_appoint_and_end_a_position(clerk, tree):
    clerk.post(reverse("term_create", args=[tree.a.pk]), {"name": "2020-2025", "starts_on": "01/08/2020"})
    term = Term.objects.get(unit=tree.a)
    member = Member.objects.get(full_name="Trần Thị Hoa")
    data = {"term": term.pk, "member": member.pk, "role": "secretary", "starts_on": "01/08/2020"}
    assert clerk.post(reverse("position_create", args=[tree.a.pk]), data).status_code == 302
    position = Position.objects.get(term=term)
    end = reverse("position_end", args=[tree.a.pk, position.pk])
    assert clerk.post(end, {"ends_on": "01/01/2024"}).status_code == 302
    position.refresh_from_db()
    assert position.ends_on == date(2024, 1, 1)


def test_appointing_a_member_of_b_is_refused(clerk, tree):
    term = open_term(None, tree.a, name="2020-2025", starts_on=date(2020, 8, 1))
    outsider = Member.objects.get(full_name="Phạm Minh Châu")
    data = {"term": term.pk, "member": outsider.pk, "role": "secretary", "starts_on": "01/08/2020"}
    response = clerk.post(reverse("position_create", args=[tree.a.pk]), data)
    assert response.status_code == 422
    assert not Position.objects.exists()


def test_split_form_offers_a_third_new_unit(clerk, tree):
    response = clerk.get(reverse("unit_split", args=[tree.a.pk]), {"parts": "3"})
    assert "part3_name" in response.context["form"].fields
    assert "?parts=4" in response.text
